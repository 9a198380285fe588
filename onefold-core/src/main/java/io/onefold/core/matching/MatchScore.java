package io.onefold.core.matching;

import java.util.List;

/**
 * The Fellegi–Sunter score of a pair and its explanation: the prior's weight ({@code log2(λ/(1-λ))}), each
 * comparison's weight, their sum (the match weight), the match probability {@code 2^w / (1 + 2^w)}, and the decision
 * the thresholds give. Contains no record values.
 */
public record MatchScore(double priorWeight, List<ComparisonScore> comparisons, double weight, double probability,
                         MatchDecision decision) {
    public MatchScore {
        comparisons = List.copyOf(comparisons);
    }

    static double probabilityOf(double weight) {
        double odds = Math.pow(2, weight);
        return Double.isInfinite(odds) ? 1.0 : odds / (1 + odds);
    }
}
