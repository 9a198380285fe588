package io.onefold.core.identity;

import io.onefold.core.matching.MatchDecision;
import io.onefold.core.matching.MatchScore;

/**
 * Why two profiles would or would not merge ("why / why not"): the score of their best pair of records under the
 * active matching rules, the decision the thresholds give, and what would stop an automatic merge.
 *
 * @param score     the best pair's score, or null when either profile has no record with a compared value
 * @param decision  what the thresholds make of the score ({@code NO_MATCH} without a score)
 * @param blockedBy null, or why no automatic merge may join them: "never the same" link, a single identifier with
 *                  two values, max_values, or "already one profile"
 */
public record MatchExplanation(String profileId, String otherProfileId, double autoMergeThreshold, double reviewThreshold,
                               MatchScore score, MatchDecision decision, String blockedBy) {}
