package io.onefold.store;

import io.onefold.core.error.ErrorCode;

/**
 * The connection was lost after the commit was sent: the database may have committed the transaction or not, and
 * nobody can tell until it answers again. Retrying is safe only with the same Idempotency-Key, which answers the stored
 * result if the commit happened and applies the write once if it did not.
 */
public final class CommitOutcomeUnknownException extends StoreUnavailableException {
    public CommitOutcomeUnknownException(String message, Throwable cause) {
        super(ErrorCode.COMMIT_OUTCOME_UNKNOWN, message, cause);
    }
}
