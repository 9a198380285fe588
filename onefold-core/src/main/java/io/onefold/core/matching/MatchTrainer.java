package io.onefold.core.matching;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Estimates the rules' m, u and prior from unlabelled records, as Splink does:
 * <ol>
 *   <li>u by random sampling ({@link UEstimation});</li>
 *   <li>m by one expectation-maximisation session per blocking rule ({@link ExpectationMaximisation}), each leaving
 *       out the comparisons of the attributes it blocks on; a comparison's m is the mean over the sessions that
 *       estimated it (the rules' given m when none did);</li>
 *   <li>the prior λ: with m and u fixed, the share of matches among all candidate pairs is found by the same E and M
 *       steps on λ alone; the expected number of matches over the number of all pairs is the prior. This assumes that
 *       blocking finds nearly every match, which is what blocking rules are chosen for.</li>
 * </ol>
 * Deterministic: the same records (in the same order), rules and options give the same parameters.
 */
public final class MatchTrainer {
    private static final double INITIAL_SESSION_LAMBDA = 0.5;
    private static final int PRIOR_ITERATIONS = 100;

    private MatchTrainer() {}

    public static MatchingRules train(MatchingRules rules, List<MatchRecord> records, boolean linkage, TrainingOptions options) {
        List<double[]> u = UEstimation.estimate(rules, records, linkage, options.seed(), options.maxRandomPairs());
        List<double[]> m0 = new ArrayList<>();
        for (Comparison c : rules.comparisons()) m0.add(normalized(c.levels().stream().mapToDouble(ComparisonLevel::m).toArray()));

        int comparisons = rules.comparisons().size();
        double[][] sums = new double[comparisons][];
        for (BlockingRule rule : rules.blockingRules()) {
            long[] pairs = CandidatePairs.of(records, rule, linkage);
            if (pairs.length == 0) continue;
            double[][] m = ExpectationMaximisation.run(PatternCounts.of(rules, records, pairs), m0, u, leftOut(rules, rule),
                    INITIAL_SESSION_LAMBDA, options.maxIterations(), options.tolerance());
            for (int k = 0; k < comparisons; k++) {
                if (m[k] == null) continue;
                if (sums[k] == null) sums[k] = new double[m[k].length];
                for (int l = 0; l < m[k].length; l++) sums[k][l] += m[k][l]; // each session's m sums to 1: normalizing the sum is the mean
            }
        }
        List<Comparison> trained = new ArrayList<>();
        List<double[]> mFinal = new ArrayList<>();
        for (int k = 0; k < comparisons; k++) {
            double[] m = sums[k] == null ? m0.get(k) : normalized(sums[k]);
            mFinal.add(m);
            Comparison c = rules.comparisons().get(k);
            List<ComparisonLevel> levels = new ArrayList<>();
            for (int l = 0; l < c.levels().size(); l++) levels.add(c.levels().get(l).withParameters(m[l], u.get(k)[l]));
            trained.add(c.withLevels(levels));
        }
        double prior = prior(rules, records, linkage, mFinal, u);
        return rules.withParameters(prior, trained);
    }

    private static double prior(MatchingRules rules, List<MatchRecord> records, boolean linkage, List<double[]> m, List<double[]> u) {
        long[] pairs = CandidatePairs.of(records, rules.blockingRules(), linkage);
        long all = CandidatePairs.allPairs(records, linkage);
        if (pairs.length == 0 || all == 0) return rules.prior();
        PatternCounts counts = PatternCounts.of(rules, records, pairs);
        double[] evidence = new double[counts.patterns().size()];
        for (int p = 0; p < evidence.length; p++) {
            int[] levels = counts.patterns().get(p);
            for (int k = 0; k < levels.length; k++) {
                if (levels[k] != Comparison.NULL_LEVEL) evidence[p] += Math.log(m.get(k)[levels[k]] / u.get(k)[levels[k]]);
            }
        }
        double lambda = INITIAL_SESSION_LAMBDA;
        for (int i = 0; i < PRIOR_ITERATIONS; i++) {
            double matches = 0;
            for (int p = 0; p < evidence.length; p++) {
                matches += counts.counts()[p] / (1 + Math.exp(-(Math.log(lambda / (1 - lambda)) + evidence[p])));
            }
            double next = Math.clamp(matches / counts.total(), ExpectationMaximisation.MIN_PROBABILITY, 1 - ExpectationMaximisation.MIN_PROBABILITY);
            boolean converged = Math.abs(next - lambda) < 1e-9;
            lambda = next;
            if (converged) break;
        }
        double prior = lambda * pairs.length / all;
        return Math.clamp(prior, 1e-12, 0.5);
    }

    private static Set<Integer> leftOut(MatchingRules rules, BlockingRule rule) {
        Set<String> attributes = new HashSet<>();
        for (BlockingKeyPart part : rule.parts()) attributes.add(part.attribute());
        Set<Integer> out = new HashSet<>();
        for (int k = 0; k < rules.comparisons().size(); k++) {
            if (attributes.contains(rules.comparisons().get(k).attribute())) out.add(k);
        }
        return out;
    }

    private static double[] normalized(double[] values) {
        double sum = 0;
        for (double v : values) sum += v;
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.max(ExpectationMaximisation.MIN_PROBABILITY, values[i] / sum);
        }
        return out;
    }
}
