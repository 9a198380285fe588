package io.onefold.core.resolution;

/** Why a contribution did not win its attribute; exchanged by name in lineage. */
public enum LossReason {
    /** Its source ranks after the winner's. */
    LOWER_PRIORITY,
    /** Observed before the winner (MOST_RECENT, or a SOURCE_PRIORITY tie on priority). */
    OLDER,
    /** Observed after the winner under OLDEST. */
    NEWER,
    /** Older than the freshest contribution by more than the staleness threshold. */
    STALE,
    /** Fewer source records agree on its value (MOST_FREQUENT). */
    OUTVOTED,
    /** Beaten by a newer explicit choice from an override source. */
    OVERRIDDEN,
    /** The record withdrew it (explicit null with null_behavior retract, or omitted under replace_all). */
    RETRACTED,
    /** Smaller than the winner under MAX. */
    SMALLER,
    /** Larger than the winner under MIN. */
    LARGER,
    /** Ranked equal on the strategy; lost on the deterministic tie-break (source id, then value). */
    TIE_BREAK,
    /** Carries the winner's value; kept for the record. */
    SAME_VALUE,
    /** Cut by {@code max_values} under UNION. */
    OVER_LIMIT,
    /** An identifier value that is now an alias of the profile (after a transfer or a manual merge). */
    ALIAS,
    /** An identifier value in the template's {@code blocked_values}: never used for matching. */
    BLOCKED,
    /** An identifier value that is not current on this profile. */
    NOT_CURRENT
}
