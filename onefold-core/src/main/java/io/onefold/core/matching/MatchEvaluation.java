package io.onefold.core.matching;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Offline evaluation of matching on labelled records, without using the labels to train: rules are inferred from the
 * compared columns ({@link RuleInference}) or given, trained ({@link MatchTrainer}), every blocked pair is scored
 * ({@link MatchScorer}, term frequencies from the records), records are clustered at {@code auto_merge_threshold}
 * ({@link Clustering}), and only then is the truth read, for {@link PairwiseMetrics}. Deterministic for the same
 * records, columns and options.
 */
public final class MatchEvaluation {
    /** Thresholds the sweep reports besides the rules' own. */
    private static final double[] SWEEP = {0.5, 0.8, 0.9, 0.95, 0.99, 0.999};

    private MatchEvaluation() {}

    public static EvaluationResult inferAndRun(String name, List<LabelledRecord> rows, List<String> compare, boolean linkage,
                                               InferenceOptions inference, TrainingOptions training) {
        List<Map<String, String>> values = rows.stream().map(LabelledRecord::values).toList();
        MatchingRules inferred = RuleInference.infer(name, compare, values, inference);
        return run(inferred, rows, linkage, training);
    }

    public static EvaluationResult run(MatchingRules untrained, List<LabelledRecord> rows, boolean linkage, TrainingOptions training) {
        List<MatchRecord> records = new ArrayList<>(rows.size());
        for (LabelledRecord row : rows) records.add(untrained.prepare(row.id(), row.source(), row.values()));
        MatchingRules rules = MatchTrainer.train(untrained, records, linkage, training);
        MatchScorer scorer = new MatchScorer(rules, TermFrequencyTable.of(rules, records));
        long[] pairs = CandidatePairs.of(records, rules.blockingRules(), linkage);
        double[] probabilities = new double[pairs.length];
        for (int p = 0; p < pairs.length; p++) {
            probabilities[p] = scorer.probability(records.get(CandidatePairs.first(pairs[p])), records.get(CandidatePairs.second(pairs[p])));
        }
        List<String> truth = rows.stream().map(LabelledRecord::truth).toList();
        long truePairsBlocked = 0;
        long reviewPairs = 0;
        long trueReviewPairs = 0;
        for (int p = 0; p < pairs.length; p++) {
            boolean same = Objects.equals(truth.get(CandidatePairs.first(pairs[p])), truth.get(CandidatePairs.second(pairs[p])));
            boolean review = rules.decide(probabilities[p]) == MatchDecision.REVIEW;
            if (same) truePairsBlocked++;
            if (review) reviewPairs++;
            if (review && same) trueReviewPairs++;
        }
        PairwiseMetrics metrics = metricsAt(rules.autoMergeThreshold(), records.size(), pairs, probabilities, truth);
        List<EvaluationResult.ThresholdMetrics> sweep = new ArrayList<>();
        for (double t : SWEEP) sweep.add(new EvaluationResult.ThresholdMetrics(t, metricsAt(t, records.size(), pairs, probabilities, truth)));
        return new EvaluationResult(rules, pairs.length, truePairsBlocked, reviewPairs, trueReviewPairs, metrics, sweep);
    }

    private static PairwiseMetrics metricsAt(double threshold, int n, long[] pairs, double[] probabilities, List<String> truth) {
        return PairwiseMetrics.of(Clustering.connectedComponents(n, pairs, probabilities, threshold), truth);
    }
}
