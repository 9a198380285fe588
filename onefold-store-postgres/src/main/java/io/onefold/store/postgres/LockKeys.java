package io.onefold.store.postgres;

import java.nio.charset.StandardCharsets;

/** Advisory-lock ids: a 64-bit FNV-1a hash of a key. A collision only makes two keys wait for each other, never wrong. */
final class LockKeys {
    private LockKeys() {}

    static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
