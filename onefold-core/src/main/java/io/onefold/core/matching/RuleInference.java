package io.onefold.core.matching;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds untrained matching rules from named columns and their values: each column's kind is guessed from its values
 * ({@link ValueKindGuess}) and gets that kind's levels ({@link LevelTemplates}); blocking rules are then chosen so that
 * candidate sets stay small while a pair of records of one person still shares at least one key despite a typo in
 * some attribute:
 * <ol>
 *   <li>a key is one attribute (any kind but {@code category}, too coarse alone) or two attributes of any kind;</li>
 *   <li>its cost is the mean number of other records sharing a record's key, {@code Σ n_v(n_v-1) / N} over the key's
 *       values; keys costing more than {@code maxCandidatesPerRule} are dropped;</li>
 *   <li>the rest are taken cheapest first, single attributes before pairs, skipping a key that contains an already
 *       chosen key (its pairs are candidates already) or adds no attribute not yet blocked on (diversity: a typo in
 *       one attribute must not hide a pair from every key), up to {@code maxBlockingRules}.</li>
 * </ol>
 * Then two attributes of one kind whose values the candidate pairs show swapped get a "swapped with" level
 * ({@link #withSwaps}). Training ({@link MatchTrainer}) then replaces the starting m, u and prior.
 */
public final class RuleInference {
    static final double SWAP_SHARE = 0.001;
    static final int MIN_SWAPS = 3;
    /** Crossed values may carry a typo too, as other values do: the names' first Jaro-Winkler threshold. */
    private static final double SWAP_SIMILARITY = 0.92;
    /** A swap's starting m and u (rare among matches, rarer among non-matches); training replaces them. */
    private static final double SWAP_M = 0.02;
    private static final double SWAP_U = 1e-5;
    /** The starting prior, replaced by training. */
    private static final double UNTRAINED_PRIOR = 1e-4;

    private RuleInference() {}

    public static MatchingRules infer(String name, List<String> columns, List<Map<String, String>> rows, InferenceOptions options) {
        List<Comparison> comparisons = new ArrayList<>();
        for (String column : columns) {
            Optional<ValueKind> kind = ValueKindGuess.guess(rows.stream().map(r -> r.get(column)).toList());
            kind.ifPresent(k -> comparisons.add(LevelTemplates.comparison(column, k)));
        }
        MatchingRules unblocked = new MatchingRules(name, UNTRAINED_PRIOR, options.autoMergeThreshold(), options.reviewThreshold(),
                comparisons, List.of());
        List<MatchRecord> records = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) records.add(unblocked.prepare(Integer.toString(i), null, rows.get(i)));
        List<BlockingRule> blocking = blocking(comparisons, records, options);
        return new MatchingRules(name, UNTRAINED_PRIOR, options.autoMergeThreshold(), options.reviewThreshold(),
                withSwaps(comparisons, records, CandidatePairs.of(records, blocking, false)), blocking);
    }

    /**
     * Adds a "swapped with" level (after exact) to the first of two attributes of the same kind whose values the data
     * shows crossed: among the candidate pairs, at least {@value #SWAP_SHARE} of them (and {@value #MIN_SWAPS}) have the
     * first record's x equal to the second's y and its y equal to the second's x. Chance almost never does this, so
     * the count separates real swaps (a given name filed as surname, address lines in the other order) from nothing.
     * Each attribute takes part in one swap at most, with the partner it is crossed with most often.
     */
    static List<Comparison> withSwaps(List<Comparison> comparisons, List<MatchRecord> records, long[] pairs) {
        List<Comparison> out = new ArrayList<>(comparisons);
        Set<String> paired = new HashSet<>();
        record Crossing(int first, int second, int count) {}
        List<Crossing> crossings = new ArrayList<>();
        for (int i = 0; i < comparisons.size(); i++) {
            for (int j = i + 1; j < comparisons.size(); j++) {
                Comparison x = comparisons.get(i);
                Comparison y = comparisons.get(j);
                if (x.kind() != y.kind() || x.kind() == ValueKind.CATEGORY) continue;
                int count = crossed(records, pairs, x.attribute(), y.attribute());
                if (count >= MIN_SWAPS && count >= SWAP_SHARE * pairs.length) crossings.add(new Crossing(i, j, count));
            }
        }
        crossings.sort(Comparator.comparingInt((Crossing c) -> -c.count()).thenComparingInt(Crossing::first).thenComparingInt(Crossing::second));
        for (Crossing c : crossings) {
            Comparison x = comparisons.get(c.first());
            Comparison y = comparisons.get(c.second());
            if (paired.contains(x.attribute()) || paired.contains(y.attribute())) continue;
            paired.add(x.attribute());
            paired.add(y.attribute());
            List<ComparisonLevel> levels = new ArrayList<>(x.levels());
            double threshold = x.kind() == ValueKind.NAME || x.kind() == ValueKind.TEXT ? SWAP_SIMILARITY : 1.0;
            levels.add(1, new ComparisonLevel(new LevelPredicate.SwappedWith(y.attribute(), threshold), SWAP_M, SWAP_U, false));
            out.set(c.first(), x.withLevels(levels));
        }
        return out;
    }

    private static int crossed(List<MatchRecord> records, long[] pairs, String x, String y) {
        int count = 0;
        for (long pair : pairs) {
            MatchRecord a = records.get(CandidatePairs.first(pair));
            MatchRecord b = records.get(CandidatePairs.second(pair));
            String ax = a.value(x);
            String ay = a.value(y);
            if (ax != null && ay != null && !ax.equals(ay) && ax.equals(b.value(y)) && ay.equals(b.value(x))) count++;
        }
        return count;
    }

    private record Candidate(BlockingRule rule, Set<String> attributes, double cost) {}

    static List<BlockingRule> blocking(List<Comparison> comparisons, List<MatchRecord> records, InferenceOptions options) {
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < comparisons.size(); i++) {
            Comparison a = comparisons.get(i);
            if (a.kind() != ValueKind.CATEGORY) candidates.add(candidate(BlockingRule.exact(a.attribute()), records));
            for (int j = i + 1; j < comparisons.size(); j++) {
                candidates.add(candidate(BlockingRule.exact(a.attribute(), comparisons.get(j).attribute()), records));
            }
        }
        candidates.sort(Comparator.comparingInt((Candidate c) -> c.attributes().size()).thenComparingDouble(Candidate::cost)
                .thenComparing(c -> c.rule().label()));
        List<Candidate> chosen = new ArrayList<>();
        Set<String> covered = new HashSet<>();
        for (Candidate c : candidates) {
            if (chosen.size() >= options.maxBlockingRules()) break;
            if (c.cost() > options.maxCandidatesPerRule() || c.cost() == 0) continue; // at 0 no two records share a key
            if (chosen.stream().anyMatch(d -> c.attributes().containsAll(d.attributes()))) continue;
            if (covered.containsAll(c.attributes())) continue;
            chosen.add(c);
            covered.addAll(c.attributes());
        }
        return chosen.stream().map(Candidate::rule).toList();
    }

    private static Candidate candidate(BlockingRule rule, List<MatchRecord> records) {
        Map<String, Integer> counts = new HashMap<>();
        for (MatchRecord r : records) {
            String key = rule.key(r);
            if (key != null) counts.merge(key, 1, Integer::sum);
        }
        double sharing = 0;
        for (int n : counts.values()) sharing += (double) n * (n - 1);
        Set<String> attributes = new HashSet<>();
        rule.parts().forEach(p -> attributes.add(p.attribute()));
        return new Candidate(rule, attributes, records.isEmpty() ? 0 : sharing / records.size());
    }
}
