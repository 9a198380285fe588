package io.onefold.core.matching;

import java.util.List;

/**
 * What an offline evaluation found: the trained rules, how many pairs blocking produced and how many true pairs were
 * among them (blocking's ceiling on recall), the metrics at the rules' {@code auto_merge_threshold}, and the metrics
 * at other thresholds for comparison.
 */
public record EvaluationResult(MatchingRules rules, long candidatePairs, long truePairsBlocked, PairwiseMetrics metrics,
                               List<ThresholdMetrics> sweep) {
    public record ThresholdMetrics(double threshold, PairwiseMetrics metrics) {}
}
