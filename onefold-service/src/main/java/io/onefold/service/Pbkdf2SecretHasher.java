package io.onefold.service;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** Salted PBKDF2-HMAC-SHA256 hashes ({@code pbkdf2$iterations$salt$hash}), compared in constant time. */
final class Pbkdf2SecretHasher implements SecretHasher {
    static final Pbkdf2SecretHasher INSTANCE = new Pbkdf2SecretHasher();
    static final SecureRandom RANDOM = new SecureRandom();
    private static final int ITERATIONS = 60_000;

    private Pbkdf2SecretHasher() {}

    @Override
    public String hash(String secret) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return "pbkdf2$" + ITERATIONS + "$" + Base64.getEncoder().encodeToString(salt) + "$" + Base64.getEncoder().encodeToString(derive(secret, salt, ITERATIONS));
    }

    @Override
    public boolean matches(String secret, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals("pbkdf2")) return false;
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        byte[] actual = derive(secret, Base64.getDecoder().decode(parts[2]), Integer.parseInt(parts[1]));
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] derive(String secret, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is required by every JVM", e);
        }
    }
}
