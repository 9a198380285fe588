package io.onefold.core.identity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A link between two profiles, with its evidence. Evidence names attributes, never values, so that an
 * erased profile leaves no personal data behind in the links that mention it.
 *
 * @param id      opaque, unique; stores key links by it
 * @param demoted for a SAME link: the absorbed side's single identifiers that became aliases because
 *                the survivor already had a different current value; an unmerge makes them current again
 */
public record IdentityLink(String id, String fromProfileId, String toProfileId, LinkKind kind, LinkOrigin origin, LinkState state,
                           String evidence, Instant at, List<IdentifierKey> demoted) {
    public IdentityLink {
        demoted = List.copyOf(demoted);
    }

    public IdentityLink retract() {
        return new IdentityLink(id, fromProfileId, toProfileId, kind, origin, LinkState.RETRACTED, evidence, at, demoted);
    }

    public boolean asserted() {
        return state == LinkState.ASSERTED;
    }

    /**
     * Evidence text as the JSON object it holds — a probabilistic match's score ({@link MatchEvidence}) — or empty for
     * plain text (an identifier match, an operator's reason) and null.
     */
    public static Optional<ObjectNode> evidenceObject(String evidence) {
        if (evidence == null || !evidence.startsWith("{")) return Optional.empty();
        try {
            return Json.parse(evidence) instanceof ObjectNode o ? Optional.of(o) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // text that merely starts with a brace
        }
    }

    public boolean joins(String a, String b) {
        return (fromProfileId.equals(a) && toProfileId.equals(b)) || (fromProfileId.equals(b) && toProfileId.equals(a));
    }
}
