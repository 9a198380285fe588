package io.onefold.core.identity;

import io.onefold.core.matching.MatchScore;

/**
 * What {@link IdentityGraph#applyMatch} did with two profiles: merged them (the survivor and the absorbed profile),
 * queued them for review, or nothing — no score at the review threshold, already one profile, already queued, or
 * linked as never the same.
 *
 * @param score the two profiles' best score (null when either had nothing to compare)
 */
public record MatchApplied(Kind kind, String survivor, String absorbed, MatchScore score) {
    public enum Kind {
        MERGED,
        QUEUED,
        NEVER_THE_SAME,
        NOTHING
    }
}
