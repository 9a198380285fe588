package io.onefold.core.matching;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The candidate pairs of a set of records under blocking rules, for training and offline evaluation (the pipeline
 * asks its store for one record's candidates instead, by {@link MatchingRules#blockingKeys}). A pair is two indexes
 * into the record list, {@code i < j}, packed in a long; the result is sorted and has no duplicates, whichever rules
 * produced a pair. In a linkage, records of the same source are never paired.
 */
public final class CandidatePairs {
    private CandidatePairs() {}

    public static long[] of(List<MatchRecord> records, List<BlockingRule> rules, boolean linkage) {
        LongSet pairs = new LongSet();
        for (BlockingRule rule : rules) addRule(records, rule, linkage, pairs);
        long[] out = pairs.toArray();
        Arrays.sort(out);
        return out;
    }

    /** The pairs of one rule alone (a training session blocks on one rule at a time). */
    public static long[] of(List<MatchRecord> records, BlockingRule rule, boolean linkage) {
        return of(records, List.of(rule), linkage);
    }

    public static long pair(int i, int j) {
        return ((long) Math.min(i, j) << 32) | Math.max(i, j);
    }

    public static int first(long pair) {
        return (int) (pair >>> 32);
    }

    public static int second(long pair) {
        return (int) pair;
    }

    /** The number of pairs the records form without blocking: all of them, or only across sources in a linkage. */
    public static long allPairs(List<MatchRecord> records, boolean linkage) {
        long n = records.size();
        if (!linkage) return n * (n - 1) / 2;
        Map<String, Long> perSource = new HashMap<>();
        for (MatchRecord r : records) perSource.merge(Objects.toString(r.source(), ""), 1L, Long::sum);
        long within = 0;
        for (long s : perSource.values()) within += s * (s - 1) / 2;
        return n * (n - 1) / 2 - within;
    }

    private static void addRule(List<MatchRecord> records, BlockingRule rule, boolean linkage, LongSet pairs) {
        Map<String, List<Integer>> blocks = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            String key = rule.key(records.get(i));
            if (key != null) blocks.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        for (List<Integer> block : blocks.values()) {
            for (int x = 0; x < block.size(); x++) {
                for (int y = x + 1; y < block.size(); y++) {
                    int i = block.get(x);
                    int j = block.get(y);
                    if (linkage && Objects.equals(records.get(i).source(), records.get(j).source())) continue;
                    pairs.add(pair(i, j));
                }
            }
        }
    }
}
