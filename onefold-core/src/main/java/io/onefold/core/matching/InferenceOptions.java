package io.onefold.core.matching;

/**
 * Bounds for {@link RuleInference}: how many candidates one blocking rule may give a record on average, how many
 * blocking rules at most, and the decision thresholds the inferred rules carry (match probabilities).
 */
public record InferenceOptions(double maxCandidatesPerRule, int maxBlockingRules, double autoMergeThreshold,
                               double reviewThreshold) {
    public static final InferenceOptions DEFAULTS = new InferenceOptions(10, 8, 0.99, 0.9);
}
