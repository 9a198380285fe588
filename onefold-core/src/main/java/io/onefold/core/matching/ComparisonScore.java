package io.onefold.core.matching;

/**
 * One comparison's part of a score: the attribute, the level the pair met ({@link Comparison#NULL_LEVEL} when a value
 * was missing), the level's label (its test and threshold, e.g. {@code jaro_winkler >= 0.92}) and the weight it
 * added. It carries no value of either record, so it can be shown to anyone who may see that the two were compared.
 */
public record ComparisonScore(String attribute, int level, String label, double weight, boolean termFrequencyAdjusted) {}
