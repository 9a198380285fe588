package io.onefold.core.identity;

import io.onefold.core.matching.MatchScore;

/**
 * A profile an observation scored against: its root, its best record's score (a profile's score is its best
 * record's, which keeps automatic merges independent of arrival order) and, for a candidate at the auto-merge level
 * that merge protection kept apart, why — it is then queued for review instead.
 *
 * @param blockedBy null, or the merge-protection refusal that demoted an automatic merge to a review
 */
public record MatchCandidate(String profileId, MatchScore score, String blockedBy) {
    MatchCandidate blocked(String reason) {
        return new MatchCandidate(profileId, score, reason);
    }
}
