package io.onefold.store;

/**
 * The store's single write connection, used by one thread at a time (the service's writer). A batch of
 * operations runs as units of work of one transaction — group commit — each atomic alone, so a refused operation
 * leaves no write ({@link #transact}); the transaction's statements, savepoints and epochs are the store's own
 * ({@link TransactionControl}). What a unit reads and writes goes through the store's concerns ({@link StoreReads}),
 * each narrowed here to its writes.
 */
public interface WriteSession extends StoreReads, AutoCloseable {
    /**
     * Runs {@code units} in one transaction and commits it durably (group commit: one fsync for all), each unit
     * atomic on its own: one that throws leaves no write and the others are kept. {@code begun} learns the
     * configuration epoch the transaction sees before the first unit runs (a change by another process: drop what
     * was compiled from the old configuration). Returns only when the outcome is final: committed, or nothing stored.
     */
    TransactionResult transact(java.util.List<? extends java.util.function.Supplier<?>> units, java.util.function.LongConsumer begun);

    /**
     * Runs {@code work} inside the current unit so that, should it throw, none of its writes remain and the exception
     * propagates (the unit may go on, e.g. to redo the same work in smaller pieces). A store that can undo it only by
     * rolling back the whole transaction throws {@link TransactionLostException}.
     */
    <T> T atomically(java.util.function.Supplier<T> work);

    /**
     * Keeps every other writer of the store away from what {@code keys} name until the transaction ends: two nodes
     * creating the same customer are serialized, and the second finds the first's profile — one profile, never a
     * unique violation. Waits for a key another writer holds only when {@code mayWait} and the unit of work holds
     * nothing from before (so waits never form a cycle); otherwise throws {@link TransientStoreException} at once, and
     * the writer runs the unit first in a later transaction, where it may wait. A store with one writer has nothing to
     * do.
     */
    void exclude(java.util.Collection<WriteKey> keys, boolean mayWait);

    /**
     * Whether other processes write the same store: operations exclude what they touch
     * ({@link #exclude}), one at a time for now (the writer joins no operations of a shared store).
     */
    default boolean shared() {
        return false;
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
