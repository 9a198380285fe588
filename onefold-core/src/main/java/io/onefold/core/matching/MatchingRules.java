package io.onefold.core.matching;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The compiled matching rules: which attributes are compared and how ({@link Comparison}), which pairs are compared
 * at all ({@link BlockingRule}), the prior λ (the probability that two records drawn at random are the same person)
 * and the two decision thresholds.
 *
 * <p>The thresholds are match probabilities in (0, 1), not weights: a probability means the same thing under every
 * rule set and to a reviewer ("0.99 sure"), while a weight's meaning shifts with the prior. An explanation shows both:
 * the weight is {@code log2(p / (1 - p))}. A pair is merged automatically at or above {@code autoMergeThreshold},
 * reviewed at or above {@code reviewThreshold}, and otherwise left apart.
 *
 * <p>{@code scoreMatchedProfiles}: in the upsert pipeline, whether an observation whose identifiers already found a
 * profile is scored too (to find duplicates among existing profiles); off by default, when only observations that
 * would create a profile are.
 */
public record MatchingRules(String name, double prior, double autoMergeThreshold, double reviewThreshold,
                            List<Comparison> comparisons, List<BlockingRule> blockingRules, boolean scoreMatchedProfiles) {
    /**
     * A blocking key held by more records than this is too common to be evidence (a blocking rule on a frequent value):
     * it finds no candidate — in the graph and in the stores alike — so that one upsert never scores thousands of pairs.
     */
    public static final int MAX_RECORDS_PER_KEY = 100;

    public MatchingRules(String name, double prior, double autoMergeThreshold, double reviewThreshold,
                         List<Comparison> comparisons, List<BlockingRule> blockingRules) {
        this(name, prior, autoMergeThreshold, reviewThreshold, comparisons, blockingRules, false);
    }

    public MatchingRules {
        comparisons = List.copyOf(comparisons);
        blockingRules = List.copyOf(blockingRules);
        if (!(prior > 0 && prior < 1)) throw new IllegalArgumentException("prior must be in (0, 1)");
        if (!(reviewThreshold > 0 && reviewThreshold <= autoMergeThreshold && autoMergeThreshold < 1)) {
            throw new IllegalArgumentException("thresholds must satisfy 0 < review_threshold <= auto_merge_threshold < 1");
        }
        Set<String> attributes = new HashSet<>();
        for (Comparison c : comparisons) {
            if (!attributes.add(c.attribute())) throw new IllegalArgumentException("two comparisons of '" + c.attribute() + "'");
        }
        for (Comparison c : comparisons) {
            for (ComparisonLevel level : c.levels()) {
                if (level.predicate() instanceof LevelPredicate.SwappedWith swapped
                        && (swapped.other().equals(c.attribute()) || !attributes.contains(swapped.other()))) {
                    throw new IllegalArgumentException("'" + c.attribute() + "' swapped with '" + swapped.other() + "', which is not another compared attribute");
                }
            }
        }
        for (BlockingRule rule : blockingRules) {
            for (BlockingKeyPart part : rule.parts()) {
                if (!attributes.contains(part.attribute())) {
                    throw new IllegalArgumentException("blocking on '" + part.attribute() + "', which no comparison compares");
                }
            }
        }
    }

    /** A record with its compared attributes normalized by their comparisons' kinds; other attributes are dropped. */
    public MatchRecord prepare(String id, String source, Map<String, String> raw) {
        Map<String, String> values = new HashMap<>();
        for (Comparison c : comparisons) {
            String normalized = c.kind().normalize(raw.get(c.attribute()));
            if (normalized != null) values.put(c.attribute(), normalized);
        }
        return new MatchRecord(id, source, values);
    }

    public MatchDecision decide(double probability) {
        if (probability >= autoMergeThreshold) return MatchDecision.AUTO_MERGE;
        if (probability >= reviewThreshold) return MatchDecision.REVIEW;
        return MatchDecision.NO_MATCH;
    }

    public double priorWeight() {
        return ComparisonLevel.log2(prior / (1 - prior));
    }

    /**
     * The keys a store indexes the record under, one per blocking rule that gives it a key, each prefixed with the
     * rule's position: the record's candidates are the records sharing at least one key.
     */
    public List<String> blockingKeys(MatchRecord record) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < blockingRules.size(); i++) {
            String key = blockingRules.get(i).key(record);
            if (key != null) keys.add(i + ":" + key);
        }
        return keys;
    }

    /**
     * The keys the upsert pipeline indexes a record under (a store's {@code match_keys}): one per blocking rule that
     * gives the record a key, each a hash of the rule and the key. Hashed so that the index holds no personal data
     * beside the records, and so that a changed blocking rule's old keys find nothing (they are rebuilt by
     * {@code onefold match rebuild}); a collision only adds a candidate, which scoring then judges exactly.
     */
    public List<String> indexKeys(MatchRecord record) {
        List<String> keys = new ArrayList<>(blockingRules.size());
        for (BlockingRule rule : blockingRules) {
            String key = rule.key(record);
            if (key != null) keys.add(IndexKeyHash.of(rule.label(), key));
        }
        return keys;
    }

    public MatchingRules withParameters(double newPrior, List<Comparison> newComparisons) {
        return new MatchingRules(name, newPrior, autoMergeThreshold, reviewThreshold, newComparisons, blockingRules, scoreMatchedProfiles);
    }

    public MatchingRules withThresholds(double autoMerge, double review) {
        return new MatchingRules(name, prior, autoMerge, review, comparisons, blockingRules, scoreMatchedProfiles);
    }
}
