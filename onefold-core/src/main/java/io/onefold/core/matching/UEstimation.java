package io.onefold.core.matching;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Estimates u, the probability of each level among pairs of different people, from pairs drawn at random (Splink's
 * {@code estimate_u_using_random_sampling}): almost every random pair is two different people, so the share of random
 * pairs meeting a level is its u. All pairs are used when there are at most {@code maxPairs}; otherwise
 * {@code maxPairs} pairs are drawn with a {@link SplittableRandom} seeded by the caller, so the estimate is the same
 * for the same records and seed. Counts get half a pair of smoothing so that no u is 0.
 */
final class UEstimation {
    private UEstimation() {}

    static List<double[]> estimate(MatchingRules rules, List<MatchRecord> records, boolean linkage, long seed, int maxPairs) {
        PatternCounts.Builder sample = new PatternCounts.Builder(rules);
        int n = records.size();
        long all = CandidatePairs.allPairs(records, linkage);
        if (all <= maxPairs) {
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    if (!sameSource(records, i, j, linkage)) sample.add(records.get(i), records.get(j));
                }
            }
        } else {
            SplittableRandom random = new SplittableRandom(seed);
            int drawn = 0;
            while (drawn < maxPairs) {
                int i = random.nextInt(n);
                int j = random.nextInt(n);
                if (i == j || sameSource(records, i, j, linkage)) continue;
                sample.add(records.get(i), records.get(j));
                drawn++;
            }
        }
        return shares(rules, sample.build());
    }

    /** Per comparison, the smoothed share of each level among the pairs where neither value is missing. */
    static List<double[]> shares(MatchingRules rules, PatternCounts counts) {
        List<double[]> out = new ArrayList<>();
        for (int k = 0; k < rules.comparisons().size(); k++) {
            int levels = rules.comparisons().get(k).levels().size();
            double[] n = new double[levels];
            double present = 0;
            for (int p = 0; p < counts.patterns().size(); p++) {
                int level = counts.patterns().get(p)[k];
                if (level == Comparison.NULL_LEVEL) continue;
                n[level] += counts.counts()[p];
                present += counts.counts()[p];
            }
            double[] u = new double[levels];
            for (int l = 0; l < levels; l++) u[l] = (n[l] + 0.5) / (present + 0.5 * levels);
            out.add(u);
        }
        return out;
    }

    private static boolean sameSource(List<MatchRecord> records, int i, int j, boolean linkage) {
        return linkage && Objects.equals(records.get(i).source(), records.get(j).source());
    }
}
