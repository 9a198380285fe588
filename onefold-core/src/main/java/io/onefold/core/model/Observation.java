package io.onefold.core.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * One upsert as a source sent it: the guide's {@code {source, profile_data, observed_at}} plus Onefold's
 * optional {@code source_record_id}, {@code explicit} and {@code profile_id}. Not yet checked against a template.
 *
 * @param observedAt      when the source observed these values; never null here (receipt time by default)
 * @param sourceRecordId  the record's key in its source system, or null: then the record is (source, profile)
 * @param explicit        attributes the customer set by an explicit action (for override sources)
 * @param profileId       a profile the caller targets, or null
 */
public record Observation(String source, ObjectNode profileData, Instant observedAt, String sourceRecordId,
                          List<String> explicit, String profileId) {
    public Observation {
        explicit = explicit == null ? List.of() : List.copyOf(explicit);
    }
}
