package io.onefold.core.identity;

import io.onefold.core.error.IdentifierConflictException;
import io.onefold.core.matching.MatchDecision;
import io.onefold.core.matching.MatchScore;
import java.util.List;
import java.util.Map;

/**
 * What a probabilistic match does to two existing profiles: the automatic merge (a {@code SAME} link with the score as
 * evidence, through {@link MergeGuard}; a refusal queues instead) and the review link ({@code POSSIBLE_MATCH}). Used by
 * the upsert for the profiles an incoming record matched, and by {@code onefold match rebuild} for stored pairs.
 */
final class ProfileMatching {
    private final IdentityIndex index;
    private final IdentityLinks links;
    private final GoldenCache golden;
    private final MergeGuard guard;
    private final ProbabilisticMatcher matcher;

    ProfileMatching(IdentityIndex index, IdentityLinks links, GoldenCache golden, MergeGuard guard, ProbabilisticMatcher matcher) {
        this.index = index;
        this.links = links;
        this.golden = golden;
        this.guard = guard;
        this.matcher = matcher;
    }

    /** Scores two active profiles as they stand and merges or queues them as the upsert would have. */
    MatchApplied apply(String profileId, String otherProfileId, String foundBy) {
        String a = index.activeRoot(profileId, "profile_id");
        String b = index.activeRoot(otherProfileId, "other_profile_id");
        MatchScore score = a.equals(b) ? null : matcher.score(a, b);
        if (score == null || score.decision() == MatchDecision.NO_MATCH) return new MatchApplied(MatchApplied.Kind.NOTHING, null, null, score);
        if (index.neverSame(a, b)) return new MatchApplied(MatchApplied.Kind.NEVER_THE_SAME, null, null, score);
        MatchCandidate candidate = new MatchCandidate(b, score, null);
        if (score.decision() == MatchDecision.AUTO_MERGE) {
            ProfileNode older = index.node(a);
            ProfileNode younger = index.node(b);
            if (ProfileNode.age(older, younger) > 0) {
                ProfileNode t = older;
                older = younger;
                younger = t;
            }
            try {
                guard.checkAutomatic(List.of(new MergeGuard.Party(older.id, index.identifiersOf(older.id)),
                        new MergeGuard.Party(younger.id, index.identifiersOf(younger.id))), Map.of(), index::neverSame);
                index.absorb(younger, older, LinkOrigin.AUTOMATIC, MatchEvidence.of(candidate, foundBy), false);
                golden.forget(younger.id);
                index.bumpVersion(older);
                golden.refresh(older.id);
                return new MatchApplied(MatchApplied.Kind.MERGED, older.id, younger.id, score);
            } catch (IdentifierConflictException refused) {
                candidate = candidate.blocked(refused.getMessage());
            }
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
