package io.onefold.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.onefold.core.identity.IdentityLink;

/**
 * A link's evidence as the API shows it. A probabilistic match stores its score — each comparison's level, label and
 * weight, never a value — as JSON text ({@code {"matched_by": "probabilistic", ...}}); it is answered as that object,
 * so that a merge's lineage shows the evidence that made it. Any other evidence (an identifier match, an operator's
 * reason) is plain text and stays a string.
 */
public final class LinkEvidence {
    private LinkEvidence() {}

    /** The evidence text as JSON: the object it holds when it is one, else the text itself (null stays null). */
    public static JsonNode of(String evidence) {
        if (evidence == null) return JsonNodeFactory.instance.nullNode();
        return IdentityLink.evidenceObject(evidence).<JsonNode>map(o -> o).orElseGet(() -> JsonNodeFactory.instance.textNode(evidence));
    }
}
