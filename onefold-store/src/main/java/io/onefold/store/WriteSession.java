package io.onefold.store;

/**
 * The store's single write connection, used by one thread at a time (the service's writer). A batch of
 * operations runs in one transaction — group commit — each inside a savepoint, so a refused operation is
 * rolled back alone. {@link #commit()} returns only when the transaction is durable (fsync). What an operation
 * reads and writes goes through the store's concerns ({@link StoreReads}), each narrowed here to its writes.
 */
public interface WriteSession extends StoreReads, AutoCloseable {
    void begin();

    void commit();

    void rollback();

    void savepoint();

    void releaseSavepoint();

    void rollbackToSavepoint();

    /**
     * Locks {@code keys} (opaque strings: an identifier value, a record key, a profile id) until the transaction
     * ends, against every other process sharing the store. Waits for a key another transaction holds only when
     * {@code mayWait} and the locks this transaction already holds were all taken by the current operation (since
     * {@link #savepoint()}), in the order the caller keeps — so waits never form a cycle; otherwise returns false at
     * once when a key is taken. The embedded store has one writer and nothing to lock: always true.
     */
    default boolean lock(java.util.Collection<String> keys, boolean mayWait) {
        return true;
    }

    /** Whether other processes write the same store, so that operations must lock what they touch. */
    default boolean shared() {
        return false;
    }

    /**
     * A number that changes whenever any process commits a configuration or settings change, read by
     * {@link #begin()} and stable until the transaction ends (such changes wait for it): a writer that sees it
     * unchanged may keep its compiled configuration. Always 0 for a store with one process.
     */
    default long configurationEpoch() {
        return 0;
    }

    @Override
    ProfileWrites profiles();

    @Override
    ConfigurationWrites configuration();

    @Override
    AccessWrites access();

    @Override
    WebhookWrites webhooks();

    @Override
    JobWrites jobs();

    @Override
    IdempotencyWrites idempotency();

    @Override
    void close();
}
