package io.onefold.store;

/** The two kinds of versioned configuration an organization keeps. Persisted by name. */
public enum ConfigKind {
    TEMPLATE,
    RULES
}
