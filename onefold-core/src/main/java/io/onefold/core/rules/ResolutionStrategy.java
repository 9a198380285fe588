package io.onefold.core.rules;

import java.util.Arrays;
import java.util.Optional;

/**
 * How the contributions to one attribute compete. Each is a total order over contributions that ends
 * with the source id, then the canonical JSON of the value, then the record id, so that a tie never
 * depends on the order data arrived in. Fresh contributions always rank before stale ones.
 */
public enum ResolutionStrategy {
    /** Best (lowest) source priority wins; then newest {@code observed_at}. */
    SOURCE_PRIORITY,
    /** Newest {@code observed_at} wins; then best priority. {@code NEWER_WINS} is an alias. */
    MOST_RECENT,
    /** Oldest {@code observed_at} wins (e.g. a first-seen date); then best priority. */
    OLDEST,
    /** The value the most source records agree on; then best priority, then newest. */
    MOST_FREQUENT,
    /** The largest value (numbers, dates, strings); then best priority. */
    MAX,
    /** The smallest value; then best priority. */
    MIN,
    /** All distinct values, ordered by priority then recency, capped by {@code max_values}. */
    UNION;

    public static Optional<ResolutionStrategy> fromCode(String code) {
        String upper = code.trim().toUpperCase(java.util.Locale.ROOT);
        if (upper.equals("NEWER_WINS") || upper.equals("LAST_WRITE_WINS")) return Optional.of(MOST_RECENT);
        return Arrays.stream(values()).filter(s -> s.name().equals(upper)).findFirst();
    }

    public static String validCodes() {
        return "SOURCE_PRIORITY, MOST_RECENT (alias NEWER_WINS), OLDEST, MOST_FREQUENT, MAX, MIN, UNION";
    }
}
