package io.onefold.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.error.ValidationException;
import io.onefold.core.error.Violation;
import io.onefold.core.json.FieldReader;
import io.onefold.core.json.UnpairedSurrogates;
import io.onefold.core.schema.Instants;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads the guide's upsert payload into an {@link Observation}, reporting every shape error at once. */
public final class ObservationParser {
    private static final Set<String> FIELDS = Set.of("source", "profile_data", "observed_at", "source_record_id", "explicit", "profile_id");

    private ObservationParser() {}

    /** As {@link #parse(JsonNode, Instant, ObservedAtRange)} with the default clock skew. */
    public static Observation parse(JsonNode json, Instant now) {
        return parse(json, now, ObservedAtRange.DEFAULT);
    }

    /**
     * The one place an observation's {@code observed_at} is checked (single upserts, bulk lines, {@code onefold ingest}
     * and {@code onefold resolve} all parse here).
     *
     * @param now   the receipt time: the default {@code observed_at}, and the reference for "in the future"
     * @param range the accepted instants
     */
    public static Observation parse(JsonNode json, Instant now, ObservedAtRange range) {
        List<Violation> violations = new ArrayList<>();
        FieldReader in = new FieldReader(violations);
        if (json == null || !json.isObject()) throw ValidationException.of("", "the body must be a JSON object");
        in.rejectUnknown(json, "", FIELDS);
        violations.addAll(UnpairedSurrogates.in(json, ""));
        String source = in.string(json, "", "source", true).orElse(null);
        JsonNode data = json.get("profile_data");
        if (data == null || data.isNull()) in.fail("profile_data", "is required");
        else if (!data.isObject()) in.fail("profile_data", "must be a JSON object");
        Instant observedAt = now;
        Optional<String> observed = in.string(json, "", "observed_at", false);
        if (observed.isPresent()) {
            Optional<Instant> parsed = Instants.parseInstant(observed.get());
            if (parsed.isEmpty()) in.fail("observed_at", "must be an ISO-8601 instant with offset, e.g. 2026-11-28T10:00:00Z");
            else {
                Optional<String> refusal = range.refusal(parsed.get(), now);
                if (refusal.isPresent()) in.fail("observed_at", refusal.get());
                else observedAt = parsed.get();
            }
        }
        String recordId = null;
        JsonNode rid = json.get("source_record_id");
        if (rid != null && !rid.isNull()) {
            if (rid.isTextual() && !rid.textValue().isBlank() && rid.textValue().length() <= 512) recordId = rid.textValue().strip();
            else if (rid.isIntegralNumber()) recordId = rid.asText();
            else in.fail("source_record_id", "must be a non-blank string of at most 512 characters");
        }
        List<String> explicit = in.strings(json, "", "explicit");
        String profileId = in.string(json, "", "profile_id", false).orElse(null);
        if (source != null && source.length() > 256) in.fail("source", "must be at most 256 characters");
        if (!violations.isEmpty()) throw new ValidationException(violations);
        return new Observation(source, (ObjectNode) data, observedAt, recordId, explicit, profileId);
    }
}
