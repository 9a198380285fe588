package io.onefold.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.core.testing.Fixtures;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.nio.file.Path;

/** A profile service on a fresh SQLite store, configured with the omnichannel example. */
final class ServiceFixture implements AutoCloseable {
    static final String ORG = ProfileService.DEFAULT_ORGANIZATION;
    final Path dir;
    /** The service's clock: real time, which a test moves forward instead of sleeping. */
    final io.onefold.core.testing.TestClock clock = new io.onefold.core.testing.TestClock();
    final SqliteProfileStore store;
    final ProfileService service;

    ServiceFixture(Path dir, boolean configure) {
        this.dir = dir;
        this.store = SqliteProfileStore.open(dir, 4);
        this.service = new ProfileService(store, new ServiceOptions(ServiceOptions.defaults().defaultRegion(), clock));
        if (configure) {
            service.ensureDefaultOrganization();
            service.createTemplate(ORG, Fixtures.exampleJson("omnichannel-template.json"));
            service.createRules(ORG, Fixtures.exampleJson("omnichannel-rules.json"));
        }
    }

    static ServiceFixture open(Path dir) {
        return new ServiceFixture(dir, true);
    }

    UpsertResponse upsert(String json) {
        return service.upsert(ORG, Fixtures.json(json), null);
    }

    JsonNode get(String id) {
        return service.get(ORG, id);
    }

    @Override
    public void close() {
        service.close();
        store.close();
    }
}
