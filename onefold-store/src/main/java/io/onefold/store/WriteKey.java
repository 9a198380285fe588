package io.onefold.store;

import io.onefold.core.model.SourceRecordKey;

/**
 * Something an operation names and decides on before it reads — an identifier value, a source record, an idempotency
 * key, a profile, or a named resource (the organizations, the signing keys) — which no other writer of a shared store
 * may change meanwhile ({@link WriteSession#exclude}). Its text is what the stores key their exclusion on.
 */
public record WriteKey(String text) implements Comparable<WriteKey> {
    public static WriteKey identifier(String org, String attribute, String value) {
        return new WriteKey("identifier\u0000" + org + '\u0000' + attribute + '\u0000' + value);
    }

    public static WriteKey record(String org, SourceRecordKey key) {
        return new WriteKey("record\u0000" + org + '\u0000' + key.source() + '\u0000' + StoreCodec.recordKey(key));
    }

    public static WriteKey idempotency(String org, String key) {
        return new WriteKey("idempotency\u0000" + org + '\u0000' + key);
    }

    public static WriteKey profile(String org, String id) {
        return new WriteKey("profile\u0000" + org + '\u0000' + id);
    }

    /** A resource of the whole store ("organizations", "signing-keys"). */
    public static WriteKey named(String name) {
        return new WriteKey(name);
    }

    @Override
    public int compareTo(WriteKey o) {
        return text.compareTo(o.text);
    }
}
