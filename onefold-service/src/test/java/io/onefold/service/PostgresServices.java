package io.onefold.service;

import io.onefold.store.postgres.PostgresProfileStore;
import io.onefold.store.postgres.TestDatabase;

/**
 * A private PostgreSQL database for one test, and services opened on it — each a node, or the same node after a restart
 * (the PostgreSQL variants of the service scenarios). Closing drops the database.
 */
final class PostgresServices implements AutoCloseable {
    private final TestDatabase database = TestDatabase.create();

    /** A service on the database (not configured): a new node, or the previous one restarted once it was closed. */
    ServiceFixture open() {
        return new ServiceFixture(null, PostgresProfileStore.open(database.url(), database.user(), null, 4, 1), null, false);
    }

    @Override
    public void close() {
        database.close();
    }
}
