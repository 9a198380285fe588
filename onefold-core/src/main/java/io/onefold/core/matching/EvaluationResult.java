package io.onefold.core.matching;

import java.util.List;

/**
 * What an offline evaluation found: the trained rules, how many pairs blocking produced and how many true pairs were
 * among them (blocking's ceiling on recall), how many pairs fell between {@code review_threshold} and
 * {@code auto_merge_threshold} (a reviewer's workload; they are not merged) and how many of those were true, the metrics
 * at the rules' {@code auto_merge_threshold}, and the metrics at other thresholds for comparison.
 */
public record EvaluationResult(MatchingRules rules, long candidatePairs, long truePairsBlocked, long reviewPairs,
                               long trueReviewPairs, PairwiseMetrics metrics, List<ThresholdMetrics> sweep) {
    public record ThresholdMetrics(double threshold, PairwiseMetrics metrics) {}
}
