package io.onefold.store.postgres;

import io.onefold.store.ProfileStore;
import io.onefold.store.ProfileStoreContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;

/** The PostgreSQL store passes the store contract, each test in a database of its own (created, then dropped). */
class PostgresProfileStoreIT extends ProfileStoreContract {
    private TestDatabase database;

    @Override
    protected ProfileStore open(Path dir) {
        database = TestDatabase.create();
        return PostgresProfileStore.open(database.url(), database.user(), null, 2);
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(database.url(), database.user(), null);
    }

    @AfterEach
    void dropDatabase() {
        if (database != null) database.close();
    }
}
