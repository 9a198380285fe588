package io.onefold.store.sqlite;

import io.onefold.store.ProfileStore;
import io.onefold.store.ProfileStoreContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** The SQLite store passes the store contract. */
class SqliteProfileStoreTest extends ProfileStoreContract {
    @Override
    protected ProfileStore open(Path dir) {
        return SqliteProfileStore.open(dir, 2);
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("onefold.db"));
    }
}
