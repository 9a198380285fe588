package io.onefold.store.sqlite;

import io.onefold.store.Organization;
import io.onefold.store.ProfileStore;
import io.onefold.store.StoreFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StoreFixture} on an embedded store of the test's own directory: the tests of this module that need the
 * store's own classes (its cache, its files) open it with the cache size they test and get it closed after each test.
 */
abstract class SqliteStoreFixture implements StoreFixture {
    @TempDir
    Path dir;
    SqliteProfileStore store;

    @Override
    public ProfileStore store() {
        return store;
    }

    /** Opens the store with {@code cacheClusters} clusters of writer cache and creates the organization {@link #ORG}. */
    void open(int cacheClusters) {
        store = SqliteProfileStore.open(dir, 1, cacheClusters);
        write(s -> s.configuration().createOrganization(new Organization(ORG, "Acme", NOW)));
    }

    @AfterEach
    void closeStore() {
        if (store != null) store.close();
    }
}
