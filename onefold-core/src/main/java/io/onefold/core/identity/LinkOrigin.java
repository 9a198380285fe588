package io.onefold.core.identity;

/** Who made a link. A manual link is an operator's decision and beats automatic matching. Persisted by name. */
public enum LinkOrigin {
    /** Made by the engine when an observation's identifiers bridged profiles. */
    AUTOMATIC,
    /** Made by an operator (manual merge, "never the same", unmerge). */
    MANUAL
}
