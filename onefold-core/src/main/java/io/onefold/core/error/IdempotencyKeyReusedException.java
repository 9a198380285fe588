package io.onefold.core.error;

import java.util.List;

/** The same {@code Idempotency-Key} came with a different request body: a client bug, never silently applied. */
public final class IdempotencyKeyReusedException extends OnefoldException {
    public IdempotencyKeyReusedException(String key) {
        super(ErrorCode.IDEMPOTENCY_KEY_REUSED, "Idempotency-Key '" + key + "' was already used with a different request body",
                List.of(new Violation("Idempotency-Key", "already used with a different request body")));
    }
}
