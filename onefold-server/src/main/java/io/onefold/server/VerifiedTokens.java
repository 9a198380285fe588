package io.onefold.server;

import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens whose signature and claims this node has verified, so that a client sending the same token on every
 * request costs one JWT parse, Base64 decode and HMAC per token instead of one per request.
 *
 * <h2>What an entry proves, and what is still checked on every request</h2>
 * An entry says: this exact token (the whole string: any changed byte is another key, hence a miss and a full
 * verification) carried a valid HS256 signature by key {@code kid} with secret {@code keySecret}, the Onefold issuer
 * and scope, and these claims. All of that is a function of the token alone. What can change afterwards is checked
 * again on a hit, by {@link TokenIssuer}: the clock against {@code expiresAt}, and that the key still verifies (it
 * is among the keys not retired, with the same secret). The client's existence, organization and networks, and the
 * rate limit, are checked per request by the server after verification, cached or not.
 *
 * <h2>Bounds</h2>
 * Only a verified token enters, so filling the cache takes that many live tokens obtained with client credentials.
 * At {@link #CAPACITY} entries, expired ones are dropped first, then arbitrary ones (a dropped token is verified
 * again on its next use: a cost, never a wrong answer).
 *
 * <p>Keeping tokens in memory adds no exposure: the signing keys that mint them are in the same heap. A lookup
 * compares a token with a cached one only after their full 32-bit hashes match, so its timing does not reveal a
 * cached token either.
 */
final class VerifiedTokens {
    static final int CAPACITY = 4096;

    /** A verified token: who it names, the key that signed it, and when it expires. */
    record Verified(Principal principal, String kid, String keySecret, Instant expiresAt) {}

    private final ConcurrentHashMap<String, Verified> byToken = new ConcurrentHashMap<>();

    Verified get(String token) {
        return byToken.get(token);
    }

    void remove(String token) {
        byToken.remove(token);
    }

    void put(String token, Verified verified, Instant now) {
        if (byToken.size() >= CAPACITY) makeRoom(now);
        byToken.put(token, verified);
    }

    int size() {
        return byToken.size();
    }

    private void makeRoom(Instant now) {
        byToken.values().removeIf(v -> !v.expiresAt().isAfter(now));
        Iterator<String> it = byToken.keySet().iterator();
        while (byToken.size() > CAPACITY * 3 / 4 && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
