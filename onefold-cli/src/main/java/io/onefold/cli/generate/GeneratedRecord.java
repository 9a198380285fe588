package io.onefold.cli.generate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.json.Json;
import java.time.Instant;
import java.util.List;

/** One observation a source sent about a customer, as the upsert API takes it. */
public record GeneratedRecord(String source, String sourceRecordId, Instant observedAt, ObjectNode profileData, List<String> explicit) {
    /** The body of {@code POST /profiles} for this record. */
    public ObjectNode upsertBody() {
        ObjectNode body = Json.object();
        body.put("source", source);
        body.put("source_record_id", sourceRecordId);
        body.put("observed_at", observedAt.toString());
        if (!explicit.isEmpty()) {
            var names = body.putArray("explicit");
            explicit.forEach(names::add);
        }
        body.set("profile_data", profileData);
        return body;
    }
}
