package io.onefold.store;

/**
 * A search on one golden attribute. {@code value} is compared with the attribute's JSON value: a string, a
 * number or a boolean, already converted to the attribute's type; for a list attribute, any element matches.
 */
public record SearchQuery(String attribute, Object value, boolean list, int limit, String cursor) {}
