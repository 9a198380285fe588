package io.onefold.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.core.testing.Fixtures;
import io.onefold.core.testing.StoredProfilesEqualRebuild;
import io.onefold.store.ProfileStore;
import io.onefold.store.StoreRebuild;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.nio.file.Path;

/**
 * A profile service on a fresh store (SQLite unless given one), configured with the omnichannel example. After the
 * test, a SQLite store's profile rows are checked against their rebuild ({@link StoredProfilesEqualRebuild}).
 */
final class ServiceFixture implements AutoCloseable {
    static final String ORG = ProfileService.DEFAULT_ORGANIZATION;
    final Path dir;
    /** The service's clock (unless options are given): real time, which a test moves forward instead of sleeping. */
    final io.onefold.core.testing.TestClock clock = new io.onefold.core.testing.TestClock();
    final ProfileStore store;
    final ProfileService service;
    private boolean closed;

    ServiceFixture(Path dir, boolean configure) {
        this(dir, SqliteProfileStore.open(dir, 4), null, configure);
    }

    ServiceFixture(Path dir, ProfileStore store, ServiceOptions options, boolean configure) {
        this.dir = dir;
        this.store = store;
        this.service = new ProfileService(store, options != null ? options : new ServiceOptions(ServiceOptions.defaults().defaultRegion(), clock));
        if (store instanceof SqliteProfileStore) {
            // after the test, every stored profile row must equal its rebuild from records and links
            StoredProfilesEqualRebuild.watch(new StoreRebuild("SQLite store in " + dir, () -> SqliteProfileStore.open(dir, 1),
                    ServiceOptions.defaults().defaultRegion()));
        }
        if (configure) {
            service.ensureDefaultOrganization();
            service.configurations().createTemplate(ORG, Fixtures.exampleJson("omnichannel-template.json"));
            service.configurations().createRules(ORG, Fixtures.exampleJson("omnichannel-rules.json"));
        }
    }

    /** Configures examples/matching (people matched on name, birth date and city) instead of the omnichannel example. */
    ServiceFixture configureMatching() {
        service.ensureDefaultOrganization();
        java.nio.file.Path matching = Fixtures.examples().resolveSibling("matching");
        try {
            service.configurations().createTemplate(ORG, Fixtures.json(java.nio.file.Files.readString(matching.resolve("template.json"))));
            service.configurations().createRules(ORG, Fixtures.json(java.nio.file.Files.readString(matching.resolve("merge-rules.json"))));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return this;
    }

    static ServiceFixture open(Path dir) {
        return new ServiceFixture(dir, true);
    }

    UpsertResponse upsert(String json) {
        return service.upsert(ORG, Fixtures.json(json), null);
    }

    JsonNode get(String id) {
        return service.queries().get(ORG, id);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        service.close();
        store.close();
    }
}
