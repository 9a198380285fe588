package io.onefold.server;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * New request ids: random (version 4) UUIDs, as unpredictable as {@link UUID#randomUUID()}'s, drawn from a few
 * SecureRandom instances picked by thread instead of its one shared generator. On Linux that one is NativePRNG, which
 * every request thread enters under the same two locks (its SHA1 mixer and its /dev/urandom buffer); a DRBG per
 * stripe is entered by the threads of one stripe only. Ids stay unpredictable, so one tells nothing of the server's
 * other requests (a counter, or a fast non-cryptographic generator whose state one output reveals, would).
 */
final class RequestIds {
    /** A power of two, at least twice the processors (at most 64), so that a thread id's low bits pick one. */
    private static final SecureRandom[] STRIPES = stripes(Math.min(64, Integer.highestOneBit(Runtime.getRuntime().availableProcessors() * 4 - 1)));

    private RequestIds() {}

    static String next() {
        byte[] b = new byte[16];
        STRIPES[(int) (Thread.currentThread().threadId() & (STRIPES.length - 1))].nextBytes(b);
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) msb = (msb << 8) | (b[i] & 0xff);
        for (int i = 8; i < 16; i++) lsb = (lsb << 8) | (b[i] & 0xff);
        msb = (msb & ~0xF000L) | 0x4000L; // version 4: random
        lsb = (lsb & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L; // the IETF variant
        return new UUID(msb, lsb).toString();
    }

    private static SecureRandom[] stripes(int count) {
        SecureRandom[] out = new SecureRandom[count];
        for (int i = 0; i < count; i++) {
            try {
                out[i] = SecureRandom.getInstance("DRBG");
            } catch (NoSuchAlgorithmException e) {
                out[i] = new SecureRandom();
            }
        }
        return out;
    }
}
