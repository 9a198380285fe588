package io.onefold.core.matching;

import java.util.List;
import java.util.Set;

/**
 * One expectation-maximisation session over the comparison vectors of the pairs one blocking rule produces
 * (Splink's {@code estimate_parameters_using_expectation_maximisation}): with u fixed (from random sampling), it
 * alternates between each vector's probability of being a match (E) and the m and the share of matches λ that make
 * those probabilities most likely (M), for at most {@code maxIterations} rounds or until no m moves by more than
 * {@code tolerance}.
 *
 * <p>The comparisons of the attributes the session blocked on are left out: every blocked pair agrees on them, so
 * within the session they say nothing about m. Their m comes from the other sessions.
 */
final class ExpectationMaximisation {
    /** No m falls below this, so that no level's weight becomes minus infinity on a level the session never saw. */
    static final double MIN_PROBABILITY = 1e-6;

    private ExpectationMaximisation() {}

    /** The m estimated in this session, per comparison; null for the comparisons left out. */
    static double[][] run(PatternCounts counts, List<double[]> m0, List<double[]> u, Set<Integer> leftOut,
                          double lambda0, int maxIterations, double tolerance) {
        int comparisons = u.size();
        double[][] m = new double[comparisons][];
        for (int k = 0; k < comparisons; k++) if (!leftOut.contains(k)) m[k] = m0.get(k).clone();
        double lambda = lambda0;
        for (int iteration = 0; iteration < maxIterations; iteration++) {
            double[][] matchMass = new double[comparisons][];
            for (int k = 0; k < comparisons; k++) if (m[k] != null) matchMass[k] = new double[m[k].length];
            double matches = 0;
            for (int p = 0; p < counts.patterns().size(); p++) {
                int[] levels = counts.patterns().get(p);
                double logOdds = Math.log(lambda / (1 - lambda));
                for (int k = 0; k < comparisons; k++) {
                    if (m[k] == null || levels[k] == Comparison.NULL_LEVEL) continue;
                    logOdds += Math.log(m[k][levels[k]] / u.get(k)[levels[k]]);
                }
                double posterior = counts.counts()[p] / (1 + Math.exp(-logOdds));
                matches += posterior;
                for (int k = 0; k < comparisons; k++) {
                    if (m[k] != null && levels[k] != Comparison.NULL_LEVEL) matchMass[k][levels[k]] += posterior;
                }
            }
            double moved = 0;
            for (int k = 0; k < comparisons; k++) {
                if (m[k] == null) continue;
                double sum = 0;
                for (double v : matchMass[k]) sum += v;
                if (sum <= 0) continue;
                for (int l = 0; l < m[k].length; l++) {
                    double next = Math.max(MIN_PROBABILITY, matchMass[k][l] / sum);
                    moved = Math.max(moved, Math.abs(next - m[k][l]));
                    m[k][l] = next;
                }
            }
            lambda = Math.clamp(matches / counts.total(), MIN_PROBABILITY, 1 - MIN_PROBABILITY);
            if (moved < tolerance) break;
        }
        return m;
    }
}
