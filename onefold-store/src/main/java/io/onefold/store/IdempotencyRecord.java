package io.onefold.store;

import java.time.Instant;

/**
 * The first answer to a request carrying an {@code Idempotency-Key}: replayed for a retry with the same body,
 * refused (422) for a different body.
 *
 * @param requestHash SHA-256 of the canonical request
 * @param profileId   the profile the answer is about (so that erasure can remove the answer too)
 */
public record IdempotencyRecord(String organization, String key, String requestHash, int status, String response,
                                String profileId, Instant createdAt) {}
