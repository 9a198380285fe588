package io.onefold.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An {@link Observation} checked against the active template: values coerced to their canonical form,
 * identifiers normalized.
 *
 * @param values      attribute name → canonical value; for {@code multiple} attributes always an array
 * @param nulls       attributes the payload sent as an explicit {@code null} (or an empty list)
 * @param identifiers identifier attribute → normalized values, blocked ones included (the engine skips them for matching)
 */
public record NormalizedObservation(String source, String sourceRecordId, Instant observedAt, String profileId,
                                    Map<String, JsonNode> values, Set<String> nulls, Set<String> explicit,
                                    Map<String, List<String>> identifiers) {
    public NormalizedObservation {
        values = Map.copyOf(values);
        nulls = Set.copyOf(nulls);
        explicit = Set.copyOf(explicit);
        identifiers = Map.copyOf(identifiers);
    }
}
