package io.onefold.core.matching;

/**
 * Clusters records by their scored pairs: connected components over the pairs at or above a match probability.
 *
 * <p>This is what the write pipeline does incrementally: a new record merges with every profile holding a record it
 * scores at or above {@code auto_merge_threshold} (a profile's score being the best over its records), which joins
 * their components. Since a pair's score depends only on its two records, the final clusters are the same whatever
 * the order records arrived in; merge protection (never-same links, conflicting single-valued identifiers) can only
 * split components further, and offline evaluation has none.
 */
public final class Clustering {
    private Clustering() {}

    /** Per record, its cluster: the smallest index of the records in its component. */
    public static int[] connectedComponents(int records, long[] pairs, double[] probabilities, double threshold) {
        int[] parent = new int[records];
        for (int i = 0; i < records; i++) parent[i] = i;
        for (int p = 0; p < pairs.length; p++) {
            if (probabilities[p] < threshold) continue;
            int a = root(parent, CandidatePairs.first(pairs[p]));
            int b = root(parent, CandidatePairs.second(pairs[p]));
            if (a != b) parent[Math.max(a, b)] = Math.min(a, b);
        }
        int[] cluster = new int[records];
        for (int i = 0; i < records; i++) cluster[i] = root(parent, i);
        return cluster;
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }
}
