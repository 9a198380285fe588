package io.onefold.service;

import io.onefold.store.postgres.PostgresProfileStore;
import io.onefold.store.postgres.TestDatabase;
import org.junit.jupiter.api.AfterEach;

/** {@link MatchRebuildScenarios} on PostgreSQL: the blocking keys rewritten and the clusters locked are the database's. */
class MatchRebuildPostgresIT extends MatchRebuildScenarios {
    private TestDatabase database;

    @Override
    protected ServiceFixture open() {
        database = TestDatabase.create();
        return new ServiceFixture(null, store(), null, false);
    }

    @Override
    protected ServiceFixture reopen() {
        f.close();
        return new ServiceFixture(null, store(), null, false);
    }

    private PostgresProfileStore store() {
        return PostgresProfileStore.open(database.url(), database.user(), null, 4, 1);
    }

    @AfterEach
    void dropDatabase() {
        if (f != null) f.close();
        if (database != null) database.close();
    }
}
