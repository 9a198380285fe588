package io.onefold.core.identity;

import java.time.Instant;
import java.util.List;

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

    public boolean joins(String a, String b) {
        return (fromProfileId.equals(a) && toProfileId.equals(b)) || (fromProfileId.equals(b) && toProfileId.equals(a));
    }
}
