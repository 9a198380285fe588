package io.onefold.core.matching;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.json.Json;

/**
 * A score as the evidence a link keeps and an explanation shows: the decision, the weight and probability, the prior's
 * weight and each comparison's level, label and weight. No record value appears in it.
 */
public final class MatchScoreJson {
    private MatchScoreJson() {}

    public static ObjectNode write(MatchScore score) {
        ObjectNode out = Json.object();
        out.put("decision", score.decision().code());
        out.put("match_weight", score.weight());
        out.put("match_probability", score.probability());
        out.put("prior_weight", score.priorWeight());
        ArrayNode comparisons = out.putArray("comparisons");
        for (ComparisonScore c : score.comparisons()) {
            ObjectNode comparison = comparisons.addObject();
            comparison.put("attribute", c.attribute());
            comparison.put("level", c.level());
            comparison.put("label", c.label());
            comparison.put("weight", c.weight());
            if (c.termFrequencyAdjusted()) comparison.put("term_frequency_adjusted", true);
        }
        return out;
    }
}
