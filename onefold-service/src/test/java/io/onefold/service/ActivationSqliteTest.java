package io.onefold.service;

import io.onefold.store.ProfileStore;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link ActivationContract} on the embedded store: one process, whose writer also takes the writes made meanwhile. */
class ActivationSqliteTest extends ActivationContract {
    @TempDir
    Path dir;

    @Override
    ProfileStore openStore() {
        return SqliteProfileStore.open(dir, 4);
    }

    @Override
    ProfileStore openOtherNode() {
        return null;
    }
}
