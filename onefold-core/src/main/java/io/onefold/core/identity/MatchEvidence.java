package io.onefold.core.identity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.json.Json;
import io.onefold.core.matching.MatchScoreJson;
import java.util.stream.Collectors;

/**
 * A link's evidence for a match: why an upsert merged two profiles or queued them for review. An identifier match
 * names the attributes it matched on; a probabilistic one is a JSON object — the score, each comparison's level, label
 * and weight ({@link MatchScoreJson}) and what merge protection said — never a value.
 */
final class MatchEvidence {
    private MatchEvidence() {}

    /** The evidence of {@code absorbed} merging into {@code survivor} in the plan's upsert. */
    static String of(UpsertPlan plan, String absorbed, String survivor) {
        MatchCandidate c = plan.matched().get(absorbed);
        if (c == null) c = plan.matched().get(survivor);
        if (c != null) return of(c);
        return "observation from " + plan.observation().source() + " matched on "
                + plan.linking().stream().map(IdentifierKey::attribute).distinct().sorted().collect(Collectors.joining(", "));
    }

    static String of(MatchCandidate c) {
        return of(c, null);
    }

    /** @param foundBy what found the match when it is not an upsert (e.g. {@code onefold match rebuild}), or null */
    static String of(MatchCandidate c, String foundBy) {
        ObjectNode out = Json.object().put("matched_by", "probabilistic");
        if (foundBy != null) out.put("found_by", foundBy);
        out.setAll(MatchScoreJson.write(c.score()));
        if (c.blockedBy() != null) out.put("blocked_by", c.blockedBy());
        return out.toString();
    }
}
