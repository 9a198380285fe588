package io.onefold.core.identity;

/** Links are retracted, never deleted, so the graph's history stays explainable. Persisted by name. */
public enum LinkState {
    ASSERTED,
    RETRACTED
}
