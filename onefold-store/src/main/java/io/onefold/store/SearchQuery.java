package io.onefold.store;

/**
 * A search on one golden attribute. {@code value} is compared with the attribute's JSON value: a string, a
 * number or a boolean, already converted to the attribute's type; for a list attribute, any element matches.
 *
 * @param indexed   the attribute is searchable (the active template says so): the search reads the index of its values
 *                  ({@code search_values}), which the store keeps for exactly the template's searchable attributes
 * @param scanLimit otherwise: the most active profiles one page reads (in id order, after the cursor) before it stops,
 *                  whether or not it found {@code limit} matches — a page cut so says where the next one resumes
 */
public record SearchQuery(String attribute, Object value, boolean list, int limit, String cursor, boolean indexed, int scanLimit) {
    /** The scan bound of an unindexed search: a page reads at most this many golden records, whatever the organization's size. */
    public static final int SCAN_LIMIT = 10_000;

    /** An unindexed search, bounded at {@link #SCAN_LIMIT}. */
    public SearchQuery(String attribute, Object value, boolean list, int limit, String cursor) {
        this(attribute, value, list, limit, cursor, false, SCAN_LIMIT);
    }

    public SearchQuery {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1");
        if (scanLimit < 1) throw new IllegalArgumentException("scanLimit must be at least 1");
    }
}
