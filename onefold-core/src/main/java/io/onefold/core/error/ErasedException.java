package io.onefold.core.error;

import java.util.List;

/**
 * A retried request whose {@code Idempotency-Key} first answered about a profile that was erased since: applying it
 * again would bring the erased person back, so it is refused (410) and nothing is written.
 */
public final class ErasedException extends OnefoldException {
    public ErasedException(String key) {
        super(ErrorCode.ERASED, "Idempotency-Key '" + key + "' answered about a profile that was erased since; the request is not applied again",
                List.of(new Violation("Idempotency-Key", "names an erased profile")));
    }
}
