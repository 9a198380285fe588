package io.onefold.core.identity;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.core.matching.MatchRecord;
import io.onefold.core.matching.MatchScorer;
import io.onefold.core.matching.MatchingRules;
import io.onefold.core.matching.TermFrequencies;
import io.onefold.core.model.Contribution;
import io.onefold.core.model.NormalizedObservation;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import java.util.HashMap;
import java.util.Map;

/**
 * What matching compares: a source record's (or an incoming observation's) current values of the compared attributes
 * as text. A {@code multiple} attribute compares its first value — a record has one value per compared attribute
 * (docs/matching.md, "Multi-valued attributes"); objects are not compared.
 */
public final class MatchValues {
    private MatchValues() {}

    public static MatchRecord of(MatchingRules rules, SourceRecord record) {
        Map<String, String> raw = new HashMap<>();
        for (var c : rules.comparisons()) {
            Contribution said = record.contributions().get(c.attribute());
            if (said != null && !said.retracted()) put(raw, c.attribute(), said.value());
        }
        SourceRecordKey k = record.key();
        return rules.prepare(k.source() + (k.isImplicit() ? "@" + k.anchorProfileId() : "/" + k.sourceRecordId()), record.source(), raw);
    }

    public static MatchRecord of(MatchingRules rules, NormalizedObservation obs) {
        Map<String, String> raw = new HashMap<>();
        for (var c : rules.comparisons()) put(raw, c.attribute(), obs.values().get(c.attribute()));
        return rules.prepare("incoming", obs.source(), raw);
    }

    /**
     * The scorer the pipeline scores with, wherever it scores (the graph, the batch's read phase, {@code match rebuild}):
     * without term frequencies — the stores keep no value counts yet, so an exact level uses its own u (docs/matching.md).
     */
    public static MatchScorer scorer(MatchingRules rules) {
        return new MatchScorer(rules, TermFrequencies.NONE);
    }

    private static void put(Map<String, String> raw, String attribute, JsonNode value) {
        if (value == null || value.isNull()) return;
        if (value.isArray()) value = value.isEmpty() ? null : value.get(0);
        if (value != null && value.isValueNode() && !value.isNull()) raw.put(attribute, value.asText());
    }
}
