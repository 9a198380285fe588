package io.onefold.core.resolution;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * How one golden attribute was decided.
 *
 * @param strategy the strategy name, or {@code IDENTITY} for identifiers (their values come from the identity graph)
 * @param value    the golden value, or null when no contribution is live
 * @param winners  one entry for scalar strategies; every included contribution for UNION and identifiers
 * @param losers   every other contribution, each with its {@link LossReason}
 */
public record AttributeLineage(String attribute, String strategy, JsonNode value, List<LineageEntry> winners, List<LineageEntry> losers) {
    public AttributeLineage {
        winners = List.copyOf(winners);
        losers = List.copyOf(losers);
    }
}
