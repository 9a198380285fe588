package io.onefold.store;

/**
 * Thrown by {@link WriteSession#rollbackToSavepoint()} when the store could not undo one operation alone and rolled
 * back the whole transaction instead (the PostgreSQL store keeps no per-operation savepoint, see its session): the
 * writer re-runs the operations that had succeeded in that transaction.
 */
public final class TransactionLostException extends RuntimeException {
    public TransactionLostException(String message) {
        super(message);
    }
}
