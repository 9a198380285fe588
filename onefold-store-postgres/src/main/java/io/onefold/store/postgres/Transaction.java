package io.onefold.store.postgres;

import io.onefold.store.jdbc.WriteRunner;
import java.util.Collection;

/**
 * A write session's transaction as each concern's writes see it: only a session lends one, so no write can run on a
 * pooled read connection.
 */
interface Transaction extends WriteRunner {
    /** Statements that write: marks the current operation as having written (see PostgresWriteSession's design note). */
    @Override
    <T> T write(Query<T> statements);

    /**
     * A configuration or settings write: first waits for every open batch (they hold the configuration lock shared)
     * and bumps the configuration epoch — once per transaction, whose commit then notifies the other nodes.
     */
    @Override
    <T> T writeConfiguration(Query<T> statements);

    /**
     * Takes transaction-scoped advisory locks on {@code keys} (64-bit hashes), sorted. Waits for one another
     * transaction holds only when {@code mayWait} and every lock this transaction holds was taken by the current unit
     * of work; otherwise returns false at once when one is taken — so nodes never deadlock on them.
     */
    boolean lock(Collection<String> keys, boolean mayWait);
}
