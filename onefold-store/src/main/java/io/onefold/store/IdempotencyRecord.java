package io.onefold.store;

import java.time.Instant;

/**
 * The first answer to a request carrying an {@code Idempotency-Key}: replayed for a retry with the same body,
 * refused (422) for a different body. When the profile it answered about is erased, the record becomes a
 * {@linkplain #tombstone tombstone}: no request hash, no answer, only the key and the erased id — a replay of the key
 * is refused (410) rather than applied again.
 *
 * @param requestHash SHA-256 of the canonical request
 * @param profileId   the profile the answer is about (so that erasure finds the answer too)
 */
public record IdempotencyRecord(String organization, String key, String requestHash, int status, String response,
                                String profileId, Instant createdAt) {
    /** The status a tombstone keeps: 410 Gone. */
    public static final int ERASED = 410;

    /** This record with everything that came from the request or its answer removed. */
    public IdempotencyRecord tombstone() {
        return new IdempotencyRecord(organization, key, "", ERASED, "{}", profileId, createdAt);
    }

    /** Whether the key answered about a profile since erased. */
    public boolean erased() {
        return status == ERASED;
    }
}
