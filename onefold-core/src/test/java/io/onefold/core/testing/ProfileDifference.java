package io.onefold.core.testing;

/**
 * One field of one profile whose held value differs from a from-scratch rebuild.
 *
 * @param profile the profile (its id, and its organization when it has one)
 * @param field   what differs: {@code golden.loyalty_tier}, {@code identifiers.current.email}, {@code lineage.…}, {@code status}…
 * @param held    the value as the graph caches it or the store keeps it (canonical JSON; {@code (absent)} when missing)
 * @param rebuilt the value the rebuild gives
 */
public record ProfileDifference(String profile, String field, String held, String rebuilt) {
    static final String ABSENT = "(absent)";

    @Override
    public String toString() {
        return "profile " + profile + ": " + field + ": held " + held + ", rebuilt " + rebuilt;
    }
}
