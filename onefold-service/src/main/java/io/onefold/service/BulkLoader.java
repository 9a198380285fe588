package io.onefold.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.core.error.ErrorCode;
import io.onefold.core.error.OnefoldException;
import io.onefold.core.error.Violation;
import io.onefold.core.model.NormalizedObservation;
import io.onefold.core.model.Observation;
import io.onefold.core.model.ObservationParser;
import io.onefold.core.schema.ProfileTemplate;
import io.onefold.store.Job;
import io.onefold.store.StoreUnavailableException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Bulk ingestion: thousands of upserts in one write transaction, with the same results as the same upserts sent
 * one by one (BulkLoaderTest checks golden records, identity, lineage and events).
 *
 * <p>Lines are parsed and validated on the caller's thread ({@link #prepare}, the same parser and validator as
 * {@code POST /profiles}); a batch of them is then one {@link UpsertBatch} — the pipeline every upsert goes through,
 * whose class comment says how a batch gathers, reads, decides and writes, and why its results are those of the same
 * upserts sent one by one — plus the caller's checkpoint, in the same transaction.
 *
 * <h2>Resume</h2>
 * The caller's checkpoint (a {@link Job} row: how far the input was applied) is written in the same transaction as
 * the batch, so after a crash the store and the checkpoint agree: a line is applied once, never twice.
 */
public final class BulkLoader {
    /** A line of input: its number in the file and its upsert body, or its refusal when it could not even be read. */
    public record Line(long number, JsonNode body, Refusal refused) {
        public static Line of(long number, JsonNode body) {
            return new Line(number, body, null);
        }

        public static Line refused(long number, ErrorCode code, String message, List<Violation> details) {
            return new Line(number, null, new Refusal(code, message, details));
        }

        public static Line malformed(long number, String reason) {
            return refused(number, ErrorCode.MALFORMED_JSON, reason, List.of());
        }
    }

    /** A line after parsing and validation: an observation to apply, or its refusal. */
    public record Prepared(long number, Observation observation, NormalizedObservation checked, Refusal refused) {}

    /**
     * Why a line was refused: what {@code POST /profiles} would have thrown for it. How a refusal is answered (an HTTP
     * status, a wire code) is the server's one table, not the service's.
     */
    public record Refusal(ErrorCode code, String message, List<Violation> details) {
        public static Refusal of(OnefoldException e) {
            return new Refusal(e.code(), e.getMessage(), e.details());
        }
    }

    /**
     * What happened to a line: its {@code outcome} (created, updated, merged, unchanged), profile and the profiles it
     * absorbed — or why it was refused (then {@code outcome} and {@code profileId} are null).
     */
    public record LineResult(long number, String outcome, String profileId, List<String> mergedProfileIds, Refusal refused) {
        public boolean ok() {
            return refused == null;
        }

        public static LineResult refused(long number, Refusal refusal) {
            return new LineResult(number, null, null, List.of(), refusal);
        }
    }

    private final ProfileService service;
    private final String org;

    BulkLoader(ProfileService service, String org) {
        this.service = service;
        this.org = org;
    }

    /** The organization's active template (to type CSV cells). */
    public ProfileTemplate template() {
        return service.configuration(org, service.store()).template();
    }

    /** The checkpoint stored under {@code jobId} by an earlier {@link #load}, if any. */
    public Optional<Job> checkpoint(String jobId) {
        return service.store().jobs().job(org, jobId);
    }

    /** Parses and validates lines on the caller's thread (thread-safe: several threads may prepare batches). */
    public List<Prepared> prepare(List<Line> lines) {
        Instant now = service.clock().get();
        ActiveConfiguration cfg = service.configuration(org, service.store());
        List<Prepared> out = new ArrayList<>(lines.size());
        for (Line line : lines) {
            if (line.refused() != null) {
                out.add(new Prepared(line.number(), null, null, line.refused()));
                continue;
            }
            try {
                Observation o = ObservationParser.parse(line.body(), now, service.observedAtRange());
                out.add(new Prepared(line.number(), o, cfg.validator().validate(o), null));
            } catch (OnefoldException e) {
                out.add(new Prepared(line.number(), null, null, Refusal.of(e)));
            }
        }
        return out;
    }

    /**
     * Applies a prepared batch in one transaction of the writer and returns one result per line, in order. When
     * {@code checkpoint} is given, the job it makes of the results is stored in the same transaction (see the class
     * comment).
     */
    public List<LineResult> load(List<Prepared> batch, java.util.function.Function<List<LineResult>, Job> checkpoint) {
        ActiveConfiguration prepared = service.configuration(org, service.store());
        Instant now = service.clock().get();
        List<UpsertBatch.Request> requests = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        LineResult[] results = new LineResult[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            Prepared p = batch.get(i);
            if (p.refused() != null) {
                results[i] = LineResult.refused(p.number(), p.refused());
                continue;
            }
            requests.add(new UpsertBatch.Request(p.observation(), p.checked(), prepared, null, null, now, false));
            lines.add(i);
        }
        UpsertBatch upserts = new UpsertBatch(service, org);
        return service.writer().execute(ctx -> {
            List<Object> outcomes = requests.isEmpty() ? List.of() : upserts.run(ctx, requests);
            LineResult[] out = results.clone();
            for (int k = 0; k < outcomes.size(); k++) {
                long number = batch.get(lines.get(k)).number();
                out[lines.get(k)] = switch (outcomes.get(k)) {
                    case UpsertResponse r -> new LineResult(number, r.outcome(), r.profileId(), ids(r.body().get("merged_profile_ids")), null);
                    // the database out of reach is no refusal of the line: the whole batch fails, to be retried
                    case StoreUnavailableException e -> throw e;
                    case OnefoldException e -> LineResult.refused(number, Refusal.of(e));
                    case RuntimeException e -> throw e;
                    default -> throw new IllegalStateException("unexpected outcome " + outcomes.get(k));
                };
            }
            List<LineResult> list = Arrays.asList(out);
            if (checkpoint != null) ctx.session().jobs().putJob(checkpoint.apply(list));
            return list;
        });
    }

    private static List<String> ids(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null) array.forEach(v -> out.add(v.textValue()));
        return out;
    }
}
