package io.onefold.service;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Client secrets are stored only hashed. An implementation is injected into {@link AccessService} so that tests can
 * count the hash work an authentication does (it must be the same for a known and an unknown client id).
 */
interface SecretHasher {
    /** A new stored hash of {@code secret} (salted: two hashes of one secret differ). */
    String hash(String secret);

    /** Whether {@code secret} is the one {@code storedHash} was made from; in constant time for a given hash. */
    boolean matches(String secret, String storedHash);

    /** The hasher of stored secrets: PBKDF2-HMAC-SHA256. */
    static SecretHasher pbkdf2() {
        return Pbkdf2SecretHasher.INSTANCE;
    }

    /** A random secret: 32 bytes, URL-safe Base64. */
    static String newSecret() {
        byte[] bytes = new byte[32];
        Pbkdf2SecretHasher.RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
