package io.onefold.core.identity;

/** The life of a profile id. Persisted by name. */
public enum ProfileStatus {
    /** A profile in its own right. */
    ACTIVE,
    /** Merged into a survivor; its id resolves to the survivor forever (until an unmerge). */
    ABSORBED,
    /** Erased: only a PII-free tombstone remains. */
    ERASED
}
