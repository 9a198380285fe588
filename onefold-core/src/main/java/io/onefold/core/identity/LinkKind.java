package io.onefold.core.identity;

/** What a profile-to-profile link asserts. Persisted by name. */
public enum LinkKind {
    /** The two profiles are one person: the {@code from} profile is absorbed into the {@code to} profile. */
    SAME,
    /** The two profiles are never the same person: no automatic merge may join them. */
    DIFFERENT
}
