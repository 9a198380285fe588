package io.onefold.core.matching;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairwise quality of a clustering against the truth: a predicted pair is two records in one cluster, a true pair two
 * records of one entity. Precision is the share of predicted pairs that are true, recall the share of true pairs
 * predicted, F1 their harmonic mean. Cluster counts are given for both sides (singletons included).
 */
public record PairwiseMetrics(long truePairs, long predictedPairs, long truePositives, double precision, double recall,
                              double f1, int clusters, int truthClusters) {

    /** {@code clusters[i]} is record i's cluster, {@code truth.get(i)} its true entity. */
    public static PairwiseMetrics of(int[] clusters, List<String> truth) {
        if (clusters.length != truth.size()) throw new IllegalArgumentException("one cluster and one truth per record");
        Map<Integer, Long> predicted = new HashMap<>();
        Map<String, Long> actual = new HashMap<>();
        Map<String, Long> both = new HashMap<>();
        for (int i = 0; i < clusters.length; i++) {
            predicted.merge(clusters[i], 1L, Long::sum);
            actual.merge(truth.get(i), 1L, Long::sum);
            both.merge(clusters[i] + "\u0000" + truth.get(i), 1L, Long::sum);
        }
        long predictedPairs = pairs(predicted.values());
        long truePairs = pairs(actual.values());
        long truePositives = pairs(both.values());
        double precision = predictedPairs == 0 ? 1 : truePositives / (double) predictedPairs;
        double recall = truePairs == 0 ? 1 : truePositives / (double) truePairs;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new PairwiseMetrics(truePairs, predictedPairs, truePositives, precision, recall, f1, predicted.size(), actual.size());
    }

    private static long pairs(Iterable<Long> sizes) {
        long n = 0;
        for (long s : sizes) n += s * (s - 1) / 2;
        return n;
    }
}
