package io.onefold.store.sqlite;

import io.onefold.store.ProfileStore;
import io.onefold.store.ProfileStoreContract;
import io.onefold.store.SearchContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

/** The SQLite store passes the store contract. */
class SqliteProfileStoreTest extends ProfileStoreContract {
    @Override
    protected ProfileStore open(Path dir) {
        return SqliteProfileStore.open(dir, 2);
    }

    @Override
    public List<String> searchEntries(String org) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("onefold.db"))) {
            return SearchContract.searchEntries(c, org);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
