package io.onefold.store;

/**
 * The statements of a transaction on a store's write connection, which a store implements and {@link Transactions}
 * drives: the service never sees them. It hands a {@link WriteSession} units of work ({@link WriteSession#transact})
 * and atomic sections ({@link WriteSession#atomically}); how a store makes them atomic and durable — SQLite's
 * savepoints, PostgreSQL's marks that roll the whole transaction back — stays behind this interface.
 */
public interface TransactionControl {
    void begin();

    /** Returns only when the transaction is durable (fsync). */
    void commit();

    void rollback();

    void savepoint();

    void releaseSavepoint();

    /** Undoes what ran since the last {@link #savepoint()}; {@link TransactionLostException} when the store could only undo everything. */
    void rollbackToSavepoint();

    /**
     * A number that changes whenever any process commits a configuration or settings change, read by
     * {@link #begin()} and stable until the transaction ends (such changes wait for it). Always 0 for a store with one
     * process.
     */
    default long configurationEpoch() {
        return 0;
    }
}
