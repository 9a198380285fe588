package io.onefold.core.matching;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Fellegi–Sunter scoring of a pair of prepared records: the match weight is the prior's weight plus, for each
 * comparison, the weight of the level the pair meets (0 at the null level; {@code log2(m / frequency)} at a
 * term-frequency adjusted exact level). Pure and symmetric: {@code score(a, b)} equals {@code score(b, a)}.
 *
 * <p>The write pipeline's decide phase calls {@link #scoreAll} with a new record and the records of its blocked
 * candidates; a profile's score is the best score over its records, which makes incremental merging give the same
 * clusters as connected components over record pairs, whatever the arrival order (see {@link Clustering}).
 */
public final class MatchScorer {
    private final MatchingRules rules;
    private final TermFrequencies frequencies;
    private final double priorWeight;
    /** Each comparison's level weights, computed once (scoring a pair then only adds). */
    private final double[][] weights;

    public MatchScorer(MatchingRules rules, TermFrequencies frequencies) {
        this.rules = rules;
        this.frequencies = frequencies;
        this.priorWeight = rules.priorWeight();
        this.weights = new double[rules.comparisons().size()][];
        for (int k = 0; k < weights.length; k++) {
            weights[k] = rules.comparisons().get(k).levels().stream().mapToDouble(ComparisonLevel::weight).toArray();
        }
    }

    public MatchingRules rules() {
        return rules;
    }

    public MatchScore score(MatchRecord a, MatchRecord b) {
        List<ComparisonScore> parts = new ArrayList<>(weights.length);
        double weight = priorWeight;
        for (int k = 0; k < weights.length; k++) {
            Comparison comparison = rules.comparisons().get(k);
            int level = comparison.levelOf(a, b);
            if (level == Comparison.NULL_LEVEL) {
                parts.add(new ComparisonScore(comparison.attribute(), level, "null", 0, false));
                continue;
            }
            ComparisonLevel l = comparison.levels().get(level);
            boolean adjusted = l.termFrequency() && frequencies.frequency(comparison.attribute(), a.value(comparison.attribute())) > 0;
            double w = levelWeight(k, level, a);
            parts.add(new ComparisonScore(comparison.attribute(), level, l.predicate().label(), w, adjusted));
            weight += w;
        }
        double probability = MatchScore.probabilityOf(weight);
        return new MatchScore(priorWeight, parts, weight, probability, rules.decide(probability));
    }

    /** The match weight alone, without building an explanation: the hot path for scoring many candidates. */
    public double weight(MatchRecord a, MatchRecord b) {
        double weight = priorWeight;
        for (int k = 0; k < weights.length; k++) {
            int level = rules.comparisons().get(k).levelOf(a, b);
            if (level != Comparison.NULL_LEVEL) weight += levelWeight(k, level, a);
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
        scored.sort(Comparator.comparingDouble((ScoredCandidate s) -> -s.score().weight()).thenComparing(s -> s.candidate().id()));
        return scored;
    }

    /** An exact level's value is the same in both records, so reading it from {@code a} keeps the score symmetric. */
    private double levelWeight(int comparison, int level, MatchRecord a) {
        Comparison c = rules.comparisons().get(comparison);
        ComparisonLevel l = c.levels().get(level);
        return l.termFrequency() ? l.weight(frequencies.frequency(c.attribute(), a.value(c.attribute()))) : weights[comparison][level];
    }
}
