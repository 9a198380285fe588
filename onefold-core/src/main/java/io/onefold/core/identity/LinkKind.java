package io.onefold.core.identity;

/** What a profile-to-profile link asserts. Persisted by name. */
public enum LinkKind {
    /** The two profiles are one person: the {@code from} profile is absorbed into the {@code to} profile. */
    SAME,
    /** The two profiles are never the same person: no automatic merge may join them. */
    DIFFERENT,
    /**
     * Two profiles may be one person: a probabilistic match between the review and auto-merge thresholds, waiting for
     * an operator's decision (accept = merge, reject = never the same).
     */
    POSSIBLE_MATCH
}
