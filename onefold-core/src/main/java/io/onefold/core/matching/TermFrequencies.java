package io.onefold.core.matching;

/**
 * How often a normalized value occurs among the stored values of an attribute (a fraction of the records that have
 * the attribute), for term-frequency adjusted exact levels. A store keeps these counts; offline, a
 * {@link TermFrequencyTable} computes them from the records.
 */
@FunctionalInterface
public interface TermFrequencies {
    /** No frequencies known: every exact level uses its own u. */
    TermFrequencies NONE = (attribute, value) -> 0;

    /** The value's frequency in (0, 1], or 0 when unknown. */
    double frequency(String attribute, String value);
}
