package io.onefold.store;

/**
 * A conflict with another writer of a shared store — a deadlock, a serialization failure, a lock another node
 * holds — that re-running the same work resolves. Never the caller's fault: the service retries the operation
 * and a client never sees it.
 */
public class TransientStoreException extends RuntimeException {
    public TransientStoreException(String message) {
        super(message);
    }

    public TransientStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
