package io.onefold.service;

import io.onefold.store.ProfileStore;
import io.onefold.store.postgres.PostgresProfileStore;
import io.onefold.store.postgres.TestDatabase;

/**
 * {@link ActivationContract} on PostgreSQL with two nodes: the writes made during the job go through a second node's
 * store (its own writers, its own configuration cache), and the job's claim, the configuration lock and the epoch are
 * the real ones.
 */
class ActivationPostgresIT extends ActivationContract {
    private TestDatabase database;

    @Override
    ProfileStore openStore() {
        database = TestDatabase.create();
        return PostgresProfileStore.open(database.url(), database.user(), null, 4, 2);
    }

    @Override
    ProfileStore openOtherNode() {
        return PostgresProfileStore.open(database.url(), database.user(), null, 4, 2);
    }

    @Override
    void dropDatabase() {
        database.close();
    }
}
