package io.onefold.core.identity;

import io.onefold.core.matching.MatchDecision;
import io.onefold.core.matching.MatchScore;
import java.util.List;

/**
 * What a probabilistic match does to two existing profiles: the automatic merge (a {@code SAME} link with the score as
 * evidence, unless {@link MatchExplainer} reports merge protection refusing it: then it is queued) and the review link ({@code POSSIBLE_MATCH}). Used by
 * the upsert for the profiles an incoming record matched, and by {@code onefold match rebuild} for stored pairs.
 */
final class ProfileMatching {
    private final IdentityIndex index;
    private final IdentityLinks links;
    private final GoldenCache golden;
    private final MatchExplainer explainer;

    ProfileMatching(IdentityIndex index, IdentityLinks links, GoldenCache golden, MatchExplainer explainer) {
        this.index = index;
        this.links = links;
        this.golden = golden;
        this.explainer = explainer;
    }

    /** Scores two active profiles as they stand and merges or queues them as the upsert would have. */
    MatchApplied apply(String profileId, String otherProfileId, String foundBy) {
        // the explanation's score and merge-protection verdict are what the decision rests on: computed once, there
        MatchExplanation why = explainer.explain(profileId, otherProfileId);
        String a = index.activeRoot(profileId, "profile_id");
        String b = index.activeRoot(otherProfileId, "other_profile_id");
        MatchScore score = why.score();
        if (score == null || why.decision() == MatchDecision.NO_MATCH) return new MatchApplied(MatchApplied.Kind.NOTHING, null, null, score);
        if (index.neverSame(a, b)) return new MatchApplied(MatchApplied.Kind.NEVER_THE_SAME, null, null, score);
        MatchCandidate candidate = new MatchCandidate(b, score, null);
        if (why.decision() == MatchDecision.AUTO_MERGE) {
            if (why.blockedBy() == null) {
                ProfileNode older = index.node(a);
                ProfileNode younger = index.node(b);
                if (ProfileNode.age(older, younger) > 0) {
                    ProfileNode t = older;
                    older = younger;
                    younger = t;
                }
                index.absorb(younger, older, LinkOrigin.AUTOMATIC, MatchEvidence.of(candidate, foundBy), false);
                golden.forget(younger.id);
                index.bumpVersion(older);
                golden.refresh(older.id);
                return new MatchApplied(MatchApplied.Kind.MERGED, older.id, younger.id, score);
            }
            candidate = candidate.blocked(why.blockedBy());
        }
        boolean queued = queue(index.node(a), candidate, foundBy);
        return new MatchApplied(queued ? MatchApplied.Kind.QUEUED : MatchApplied.Kind.NOTHING, null, null, score);
    }

    /**
     * A {@code POSSIBLE_MATCH} link from {@code from} to the candidate's profile if that is still another active profile,
     * not "never the same" as it and not queued with it already (either direction). True if a link was added.
     */
    boolean queue(ProfileNode from, MatchCandidate c, String foundBy) {
        String other = index.root(c.profileId());
        if (other.equals(from.id) || index.node(other).status != ProfileStatus.ACTIVE || index.neverSame(from.id, other)) return false;
        if (links.all().stream().anyMatch(l -> l.kind() == LinkKind.POSSIBLE_MATCH && l.asserted() && l.joins(from.id, other))) return false;
        links.add(from.id, other, LinkKind.POSSIBLE_MATCH, LinkOrigin.AUTOMATIC, MatchEvidence.of(c, foundBy), List.of());
        return true;
    }
}
