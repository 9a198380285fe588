package io.onefold.core.matching;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pairs reduced to their comparison vectors (the level of each comparison, {@link Comparison#NULL_LEVEL} included)
 * and how many pairs share each vector. Training only needs these counts, and there are far fewer distinct vectors
 * than pairs. Vectors are kept in lexicographic order so that sums over them are always taken in the same order.
 */
record PatternCounts(List<int[]> patterns, long[] counts, long total) {
    static PatternCounts of(MatchingRules rules, List<MatchRecord> records, long[] pairs) {
        Builder builder = new Builder(rules);
        for (long pair : pairs) {
            builder.add(records.get(CandidatePairs.first(pair)), records.get(CandidatePairs.second(pair)));
        }
        return builder.build();
    }

    static int[] vector(MatchingRules rules, MatchRecord a, MatchRecord b) {
        List<Comparison> comparisons = rules.comparisons();
        int[] levels = new int[comparisons.size()];
        for (int k = 0; k < levels.length; k++) {
            Comparison c = comparisons.get(k);
            levels[k] = c.levelOf(a, b);
        }
        return levels;
    }

    /** Accumulates vectors one pair at a time. */
    static final class Builder {
        private final MatchingRules rules;
        private final Map<Vector, long[]> counts = new HashMap<>();
        private long total;

        Builder(MatchingRules rules) {
            this.rules = rules;
        }

        void add(MatchRecord a, MatchRecord b) {
            counts.computeIfAbsent(new Vector(vector(rules, a, b)), v -> new long[1])[0]++;
            total++;
        }

        PatternCounts build() {
            List<Vector> keys = new ArrayList<>(counts.keySet());
            keys.sort((x, y) -> Arrays.compare(x.levels, y.levels));
            List<int[]> patterns = new ArrayList<>(keys.size());
            long[] n = new long[keys.size()];
            for (int i = 0; i < keys.size(); i++) {
                patterns.add(keys.get(i).levels);
                n[i] = counts.get(keys.get(i))[0];
            }
            return new PatternCounts(patterns, n, total);
        }
    }

    /** An int[] with value equality, as a map key. */
    private record Vector(int[] levels) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Vector v && Arrays.equals(levels, v.levels);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(levels);
        }
    }
}
