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
 * Training ({@link MatchTrainer}) then replaces the starting m, u and prior.
 */
public final class RuleInference {
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
        return new MatchingRules(name, UNTRAINED_PRIOR, options.autoMergeThreshold(), options.reviewThreshold(), comparisons,
                blocking(comparisons, records, options));
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
