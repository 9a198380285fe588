package io.onefold.core.identity;

/** One normalized identifier value of one attribute: the unit of matching. */
public record IdentifierKey(String attribute, String value) {}
