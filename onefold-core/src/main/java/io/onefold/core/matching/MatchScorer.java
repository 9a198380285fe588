package io.onefold.core.matching;

import java.util.ArrayList;
import java.util.List;

/**
 * Fellegi–Sunter scoring of a pair of prepared records: the match weight is the prior's weight plus, for each
 * comparison, the weight of the level the pair meets (0 at the null level; {@code log2(m / frequency)} at a
 * term-frequency adjusted exact level). Pure and symmetric: {@code score(a, b)} equals {@code score(b, a)}.
 *
 * <p>The write pipeline's decide phase calls {@link #best} with a new record and the records of its blocked
 * candidates; a profile's score is the best score over its records, which makes incremental merging give the same
 * clusters as connected components over record pairs, whatever the arrival order (see {@link Clustering}).
 */
public final class MatchScorer {
    private final MatchingRules rules;
    private final TermFrequencies frequencies;

    public MatchScorer(MatchingRules rules, TermFrequencies frequencies) {
        this.rules = rules;
        this.frequencies = frequencies;
    }

    public MatchingRules rules() {
        return rules;
    }

    public MatchScore score(MatchRecord a, MatchRecord b) {
        List<ComparisonScore> parts = new ArrayList<>(rules.comparisons().size());
        double priorWeight = rules.priorWeight();
        double weight = priorWeight;
        for (Comparison comparison : rules.comparisons()) {
            ComparisonScore part = compare(comparison, a.value(comparison.attribute()), b.value(comparison.attribute()));
            parts.add(part);
            weight += part.weight();
        }
        double probability = MatchScore.probabilityOf(weight);
        return new MatchScore(priorWeight, parts, weight, probability, rules.decide(probability));
    }

    /** The match weight alone, without building an explanation: the hot path for scoring many candidates. */
    public double weight(MatchRecord a, MatchRecord b) {
        double weight = rules.priorWeight();
        for (Comparison comparison : rules.comparisons()) {
            String x = a.value(comparison.attribute());
            String y = b.value(comparison.attribute());
            int level = comparison.levelOf(x, y);
            if (level != Comparison.NULL_LEVEL) weight += levelWeight(comparison, level, x);
        }
        return weight;
    }

    public double probability(MatchRecord a, MatchRecord b) {
        return MatchScore.probabilityOf(weight(a, b));
    }

    /**
     * Every candidate's score against an incoming record, best first (ties by candidate id, so the order never depends
     * on how the candidates were fetched). The decide phase merges with the candidates at {@link MatchDecision#AUTO_MERGE}
     * and queues those at {@link MatchDecision#REVIEW}.
     */
    public List<ScoredCandidate> scoreAll(MatchRecord incoming, List<MatchRecord> candidates) {
        List<ScoredCandidate> scored = new ArrayList<>(candidates.size());
        for (MatchRecord candidate : candidates) scored.add(new ScoredCandidate(candidate, score(incoming, candidate)));
        scored.sort(java.util.Comparator.comparingDouble((ScoredCandidate s) -> -s.score().weight())
                .thenComparing(s -> s.candidate().id()));
        return scored;
    }

    private ComparisonScore compare(Comparison comparison, String a, String b) {
        int level = comparison.levelOf(a, b);
        if (level == Comparison.NULL_LEVEL) return new ComparisonScore(comparison.attribute(), level, "null", 0, false);
        ComparisonLevel l = comparison.levels().get(level);
        boolean adjusted = l.termFrequency() && frequencies.frequency(comparison.attribute(), a) > 0;
        return new ComparisonScore(comparison.attribute(), level, l.predicate().label(), levelWeight(comparison, level, a), adjusted);
    }

    private double levelWeight(Comparison comparison, int level, String value) {
        ComparisonLevel l = comparison.levels().get(level);
        return l.termFrequency() ? l.weight(frequencies.frequency(comparison.attribute(), value)) : l.weight();
    }
}
