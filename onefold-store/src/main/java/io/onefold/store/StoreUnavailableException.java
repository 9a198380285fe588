package io.onefold.store;

import io.onefold.core.error.ErrorCode;
import io.onefold.core.error.OnefoldException;
import java.util.List;

/**
 * The store cannot be reached — its connection was lost, the database is restarting or refuses connections — and
 * nothing of the request was written. Retryable, and not the caller's fault: a 503, never a 500. The store recovers by
 * itself (its connections are opened again when the database answers).
 */
public class StoreUnavailableException extends OnefoldException {
    public StoreUnavailableException(String message, Throwable cause) {
        this(ErrorCode.UNAVAILABLE, message, cause);
    }

    protected StoreUnavailableException(ErrorCode code, String message, Throwable cause) {
        super(code, message, List.of());
        initCause(cause);
    }
}
