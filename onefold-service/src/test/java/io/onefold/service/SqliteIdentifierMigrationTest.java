package io.onefold.service;

import io.onefold.store.ProfileStore;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The identifier migration on the embedded store. */
class SqliteIdentifierMigrationTest extends IdentifierMigrationContract {
    @TempDir
    Path dir;

    @Override
    protected ProfileStore openStore() {
        return SqliteProfileStore.open(dir, 2);
    }
}
