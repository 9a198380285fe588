package io.onefold.core.identity;

/** What an upsert did; exchanged in lower case ({@code created}, {@code updated}, {@code merged}, {@code unchanged}). */
public enum Outcome {
    CREATED,
    UPDATED,
    MERGED,
    UNCHANGED;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
