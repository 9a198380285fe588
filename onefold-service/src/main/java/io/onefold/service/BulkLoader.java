package io.onefold.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.core.error.OnefoldException;
import io.onefold.core.error.Violation;
import io.onefold.core.identity.GraphChanges;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.identity.Outcome;
import io.onefold.core.identity.UpsertResult;
import io.onefold.core.model.NormalizedObservation;
import io.onefold.core.model.Observation;
import io.onefold.core.model.ObservationParser;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.core.schema.AttributeDefinition;
import io.onefold.core.schema.ProfileTemplate;
import io.onefold.store.ChangeEvent;
import io.onefold.store.Fragment;
import io.onefold.store.Job;
import io.onefold.store.StoredProfile;
import io.onefold.store.WriteSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Bulk ingestion: thousands of upserts in one write transaction, with the same results as the same upserts sent
 * one by one (BulkLoaderTest checks golden records, identity, lineage and events).
 *
 * <h2>Why it is faster</h2>
 * The one-by-one path pays, per upsert, a cluster load from the store (queries and JSON decoding), a write of every
 * changed row and a share of a commit. Here a batch is one task of the {@link SingleWriter}:
 * <ol>
 *   <li>parse and validate every line on the caller's thread ({@link #prepare}, the same parser and validator
 *       as {@code POST /profiles});</li>
 *   <li>in the writer, look up every identifier value, record key and profile id the batch names (sorted, each
 *       distinct key once) and load all their clusters into one {@link IdentityGraph};</li>
 *   <li>run the pure engine on the lines in input order — the graph keeps the clusters decoded in memory, so a
 *       customer named by many lines of the batch is loaded once;</li>
 *   <li>write what changed once per batch ({@link WriteSession#apply}), one change event per line that changed
 *       something (the same event the one-by-one path writes), and the caller's checkpoint.</li>
 * </ol>
 *
 * <h2>Why the results are the same</h2>
 * Every value the batch names is looked up before the first line runs, and every cluster owning one is loaded, so
 * the graph knows every owner a one-by-one upsert would have found: values created by earlier lines of the batch
 * are owned in the graph, the others in the store. A refused line leaves the graph as it was (the engine checks
 * before it changes). Should the store still refuse the batch's writes (its unique constraint on identifier values
 * is the last word), the batch is rolled back and run line by line, each line alone in its own savepoint — which
 * is exactly the one-by-one path.
 *
 * <h2>Resume</h2>
 * The caller's checkpoint (a {@link Job} row: how far the input was applied) is written in the same transaction as
 * the batch, so after a crash the store and the checkpoint agree: a line is applied once, never twice.
 */
public final class BulkLoader {
    /** A line of input: its number in the file and its upsert body, or its refusal when it could not even be read. */
    public record Line(long number, JsonNode body, LineResult refused) {
        public static Line of(long number, JsonNode body) {
            return new Line(number, body, null);
        }

        public static Line refused(long number, String code, String message, List<Violation> details) {
            return new Line(number, null, new LineResult(number, 400, null, null, List.of(), code, message, details));
        }

        public static Line malformed(long number, String reason) {
            return refused(number, "MALFORMED_JSON", reason, List.of());
        }
    }

    /** A line after parsing and validation: an observation to apply, or its refusal. */
    public record Prepared(long number, Observation observation, NormalizedObservation checked, LineResult refused) {}

    /**
     * What happened to a line: {@code status} 201 created, 200 updated/merged/unchanged, or a 4xx with its error
     * code, message and details (the same as {@code POST /profiles} would answer).
     */
    public record LineResult(long number, int status, String outcome, String profileId, List<String> mergedProfileIds,
                             String code, String message, List<Violation> details) {
        public boolean ok() {
            return status < 300;
        }

        static LineResult refused(long number, OnefoldException e) {
            int status = switch (e.code()) {
                case NOT_FOUND -> 404;
                case IDENTIFIER_CONFLICT, CONFLICT -> 409;
                case IDEMPOTENCY_KEY_REUSED -> 422;
                case ERASED -> 410;
                default -> 400;
            };
            return new LineResult(number, status, null, null, List.of(), e.code().name(), e.getMessage(), e.details());
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
        return service.store().job(org, jobId);
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
                out.add(new Prepared(line.number(), null, null, LineResult.refused(line.number(), e)));
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
        Set<String> missed = new java.util.TreeSet<>();
        return service.writer().execute(ctx -> {
            WriteSession s = ctx.session();
            ActiveConfiguration c = service.configuration(org, s);
            List<Prepared> work = c == prepared ? batch : revalidate(batch, c);
            LineResult[] results = new LineResult[work.size()];
            List<Integer> todo = new ArrayList<>();
            for (int i = 0; i < work.size(); i++) {
                if (work.get(i).refused() != null) results[i] = work.get(i).refused();
                else todo.add(i);
            }
            s.savepoint();
            try {
                run(s, c, work, todo, results, missed);
                s.releaseSavepoint();
            } catch (OnefoldException storeRefused) {
                // the store's unique constraint disagreed with the graph: redo the batch the one-by-one way
                s.rollbackToSavepoint();
                for (int i : todo) {
                    s.savepoint();
                    try {
                        run(s, c, work, List.of(i), results, missed);
                        s.releaseSavepoint();
                    } catch (OnefoldException e) {
                        s.rollbackToSavepoint();
                        results[i] = LineResult.refused(work.get(i).number(), e);
                    }
                }
            }
            List<LineResult> out = Arrays.asList(results);
            if (checkpoint != null) s.putJob(checkpoint.apply(out));
            return out;
        });
    }

    /** The configuration changed between prepare and load: validate again against the one the writer sees. */
    private List<Prepared> revalidate(List<Prepared> batch, ActiveConfiguration c) {
        List<Prepared> out = new ArrayList<>(batch.size());
        for (Prepared p : batch) {
            if (p.refused() != null) {
                out.add(p);
                continue;
            }
            try {
                out.add(new Prepared(p.number(), p.observation(), c.validator().validate(p.observation()), null));
            } catch (OnefoldException e) {
                out.add(new Prepared(p.number(), null, null, LineResult.refused(p.number(), e)));
            }
        }
        return out;
    }

    /** Runs lines {@code todo} of {@code work} on one graph holding every cluster they can reach, then writes. */
    private void run(WriteSession s, ActiveConfiguration c, List<Prepared> work, List<Integer> todo, LineResult[] results, Set<String> missed) {
        // on a store other nodes write: the batch's keys, then its clusters, locked before they are read (ClusterLocks)
        if (s.shared()) ClusterLocks.lockKeys(s, lockKeys(c, work, todo));
        Fragment f = ClusterLocks.fragment(s, org, seeds(s, c, work, todo), missed, true);
        IdentityGraph g = c.graph(service.normalizer(), service.ids(), service.clock());
        g.load(f.nodes(), f.records(), f.links());
        Instant at = service.clock().get();
        // the golden record each profile had before the line about to run: the event's "old" values
        Map<String, JsonNode> latest = new HashMap<>();
        List<ChangeEvent> events = new ArrayList<>();
        for (int i : todo) {
            Prepared p = work.get(i);
            UpsertResult r;
            try {
                r = g.upsert(p.checked());
            } catch (OnefoldException e) {
                results[i] = LineResult.refused(p.number(), e);
                continue;
            }
            Observation o = p.observation();
            if (r.outcome() != Outcome.UNCHANGED) {
                JsonNode before;
                if (latest.containsKey(r.profileId())) before = latest.get(r.profileId());
                else {
                    StoredProfile row = f.rows().get(r.profileId());
                    before = row == null ? null : row.attributes();
                }
                ChangeEvents.ofUpsert(org, r, o, c.rulesRow().name(), before, at).ifPresent(events::add);
                latest.put(r.profileId(), r.profile().golden().attributes());
            }
            results[i] = new LineResult(p.number(), r.outcome() == Outcome.CREATED ? 201 : 200, r.outcome().code(), r.profileId(),
                    r.mergedProfileIds(), null, null, List.of());
        }
        GraphChanges changes = g.changes();
        if (!changes.isEmpty()) s.apply(org, f, changes, c.nonLinkingAttributes(), at);
        for (ChangeEvent e : events) service.append(s, e);
    }

    /** The linking identifier values and source records the lines name, as lock keys. */
    private List<String> lockKeys(ActiveConfiguration c, List<Prepared> work, List<Integer> todo) {
        Set<String> keys = new java.util.TreeSet<>();
        for (int i : todo) {
            NormalizedObservation obs = work.get(i).checked();
            if (obs.sourceRecordId() != null) keys.add(ClusterLocks.record(org, SourceRecordKey.explicit(obs.source(), obs.sourceRecordId())));
            for (var e : obs.identifiers().entrySet()) {
                if (!c.template().attributes().get(e.getKey()).linksProfiles()) continue;
                for (String v : e.getValue()) keys.add(ClusterLocks.identifier(org, e.getKey(), v));
            }
        }
        return List.copyOf(keys);
    }

    /** Every profile the lines can reach: owners of their identifier values and records, and the profile ids they name. */
    private Set<String> seeds(WriteSession s, ActiveConfiguration c, List<Prepared> work, List<Integer> todo) {
        List<String[]> linking = new ArrayList<>();
        List<String[]> shared = new ArrayList<>();
        List<SourceRecordKey> keys = new ArrayList<>();
        Set<String> seeds = new LinkedHashSet<>();
        for (int i : todo) {
            NormalizedObservation obs = work.get(i).checked();
            if (obs.profileId() != null) seeds.add(obs.profileId());
            if (obs.sourceRecordId() != null) keys.add(SourceRecordKey.explicit(obs.source(), obs.sourceRecordId()));
            for (var e : obs.identifiers().entrySet()) {
                AttributeDefinition def = c.template().attributes().get(e.getKey());
                for (String v : e.getValue()) (def.linksProfiles() ? linking : shared).add(new String[] {def.name(), v});
            }
        }
        // sorted and distinct: neighbouring keys share index pages, and a hot customer is looked up once
        Comparator<String[]> byKey = Comparator.<String[], String>comparing(a -> a[0]).thenComparing(a -> a[1]);
        linking.sort(byKey);
        shared.sort(byKey);
        keys.sort(null);
        String[] previous = null;
        for (String[] av : linking) {
            if (previous != null && Arrays.equals(previous, av)) continue;
            previous = av;
            s.ownerOf(org, av[0], av[1]).ifPresent(seeds::add);
        }
        previous = null;
        for (String[] av : shared) {
            if (previous != null && Arrays.equals(previous, av)) continue;
            previous = av;
            seeds.addAll(s.sharedOwners(org, av[0], av[1]));
        }
        SourceRecordKey previousKey = null;
        for (SourceRecordKey k : keys) {
            if (k.equals(previousKey)) continue;
            previousKey = k;
            s.recordOwner(org, k).ifPresent(seeds::add);
        }
        return seeds;
    }
}
