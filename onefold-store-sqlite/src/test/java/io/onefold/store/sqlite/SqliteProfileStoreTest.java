package io.onefold.store.sqlite;

import io.onefold.store.ProfileStore;
import io.onefold.store.ProfileStoreContract;
import java.nio.file.Path;

/** The SQLite store passes the store contract. */
class SqliteProfileStoreTest extends ProfileStoreContract {
    @Override
    protected ProfileStore open(Path dir) {
        return SqliteProfileStore.open(dir, 2);
    }
}
