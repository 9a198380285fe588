package io.onefold.service;

import io.onefold.store.ProfileStore;
import io.onefold.store.postgres.PostgresProfileStore;
import io.onefold.store.postgres.TestDatabase;

/** The identifier migration on PostgreSQL, each test in a database of its own (created, then dropped). */
class PostgresIdentifierMigrationIT extends IdentifierMigrationContract {
    private TestDatabase database;

    @Override
    protected ProfileStore openStore() {
        database = TestDatabase.create();
        return PostgresProfileStore.open(database.url(), database.user(), null, 2);
    }

    @Override
    protected void closed() {
        if (database != null) database.close();
    }
}
