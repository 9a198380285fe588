package io.onefold.core.matching;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.json.Json;

/** Writes matching rules in the shape {@link MatchingRulesParser} reads (e.g. the output of training). */
public final class MatchingRulesJson {
    private MatchingRulesJson() {}

    public static ObjectNode write(MatchingRules rules) {
        ObjectNode out = Json.object();
        out.put("name", rules.name());
        out.put("prior", rules.prior());
        out.put("auto_merge_threshold", rules.autoMergeThreshold());
        out.put("review_threshold", rules.reviewThreshold());
        if (rules.scoreMatchedProfiles()) out.put("score_matched_profiles", true);
        ArrayNode comparisons = out.putArray("comparisons");
        for (Comparison c : rules.comparisons()) {
            ObjectNode comparison = comparisons.addObject();
            comparison.put("attribute", c.attribute());
            comparison.put("kind", c.kind().code());
            ArrayNode levels = comparison.putArray("levels");
            for (ComparisonLevel l : c.levels()) level(levels.addObject(), l);
        }
        ArrayNode blocking = out.putArray("blocking_rules");
        for (BlockingRule rule : rules.blockingRules()) {
            ArrayNode keys = blocking.addObject().putArray("keys");
            for (BlockingKeyPart part : rule.parts()) {
                ObjectNode key = keys.addObject().put("attribute", part.attribute());
                if (part.prefix() > 0) key.put("prefix", part.prefix());
                if (part.soundex()) key.put("soundex", true);
            }
        }
        return out;
    }

    private static void level(ObjectNode out, ComparisonLevel level) {
        out.put("comparator", level.predicate().code());
        switch (level.predicate()) {
            case LevelPredicate.JaroWinklerAtLeast j -> out.put("threshold", j.threshold());
            case LevelPredicate.LevenshteinAtMost l -> out.put("max", l.max());
            case LevelPredicate.SwappedWith w -> out.put("other", w.other()).put("threshold", w.threshold());
            case LevelPredicate.DateWithin d -> out.put(d.inYears() ? "years" : "days", d.amount());
            case LevelPredicate.NumberWithin n -> out.put("absolute", n.absolute()).put("relative", n.relative());
            default -> { }
        }
        out.put("m", level.m());
        out.put("u", level.u());
        if (level.termFrequency()) out.put("term_frequency", true);
    }
}
