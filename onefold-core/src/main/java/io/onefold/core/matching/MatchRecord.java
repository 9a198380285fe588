package io.onefold.core.matching;

import java.util.Map;

/**
 * A record as the matcher sees it: its id, the source it came from (records of one source are never candidates of
 * each other in a linkage), and its compared attributes' normalized values (missing values are absent). Built by
 * {@link MatchingRules#prepare}, which is the only place values are normalized.
 */
public record MatchRecord(String id, String source, Map<String, String> values) {
    public MatchRecord {
        values = Map.copyOf(values); // a hash map: looked up once per comparison of every scored pair
    }

    /** The normalized value, or null when missing. */
    public String value(String attribute) {
        return values.get(attribute);
    }
}
