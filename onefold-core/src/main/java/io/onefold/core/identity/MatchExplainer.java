package io.onefold.core.identity;

import io.onefold.core.error.IdentifierConflictException;
import io.onefold.core.error.StateConflictException;
import io.onefold.core.matching.MatchDecision;
import io.onefold.core.matching.MatchScore;
import io.onefold.core.matching.MatchingRules;
import java.util.List;
import java.util.Map;

/** Scores two profiles and says what merge protection would do: the "why / why not" of {@link IdentityGraph#explainMatch}. */
final class MatchExplainer {
    private final IdentityIndex index;
    private final ProbabilisticMatcher matcher;
    private final MergeGuard guard;

    MatchExplainer(IdentityIndex index, ProbabilisticMatcher matcher, MergeGuard guard) {
        this.index = index;
        this.matcher = matcher;
        this.guard = guard;
    }

    MatchExplanation explain(String profileId, String otherProfileId) {
        if (!matcher.active()) throw new StateConflictException("the active rule set has no matching rules (its 'matching' section)");
        String a = index.activeRoot(profileId, "profile_id");
        String b = index.activeRoot(otherProfileId, "other_profile_id");
        MatchingRules rules = matcher.rules();
        MatchScore score = a.equals(b) ? null : matcher.score(a, b);
        MatchDecision decision = score == null ? MatchDecision.NO_MATCH : score.decision();
        return new MatchExplanation(profileId, otherProfileId, rules.autoMergeThreshold(), rules.reviewThreshold(), score, decision,
                blockedBy(a, b));
    }

    private String blockedBy(String a, String b) {
        if (a.equals(b)) return "already one profile (" + a + ")";
        try {
            // oldest first, as every merge names its parties
            List<MergeGuard.Party> parties = java.util.stream.Stream.of(index.node(a), index.node(b)).sorted(ProfileNode::age)
                    .map(n -> new MergeGuard.Party(n.id, index.identifiersOf(n.id))).toList();
            guard.checkAutomatic(parties, Map.of(), index::neverSame);
            return null;
        } catch (IdentifierConflictException refused) {
            return refused.getMessage();
        }
    }
}
