package io.onefold.store;

import java.time.Instant;

/**
 * A key that signs access tokens. The newest active key signs; every key not yet retired verifies, so a
 * rotation never invalidates a live token.
 *
 * @param secret   the HMAC key, base64
 * @param retireAt after this instant the key no longer verifies (null: not retired)
 */
public record SigningKey(String kid, String secret, Instant createdAt, Instant retireAt) {}
