package io.onefold.benchmarks.service;

import io.onefold.service.ProfileService;
import io.onefold.service.ServiceOptions;
import io.onefold.store.ProfileStore;
import io.onefold.store.postgres.PostgresProfileStore;
import io.onefold.store.sqlite.SqliteProfileStore;

/**
 * One service per node, each on its own store (own writer connection) over the same database; clients spread over them.
 * One node on the embedded store.
 */
final class ServiceNodes {
    /** The organization every phase works in. */
    static final String ORG = ProfileService.DEFAULT_ORGANIZATION;

    final ProfileStore[] stores;
    final ProfileService[] services;

    ServiceNodes(ThroughputOptions o) {
        stores = new ProfileStore[o.nodes];
        services = new ProfileService[o.nodes];
        for (int n = 0; n < o.nodes; n++) {
            stores[n] = o.db == null ? SqliteProfileStore.open(o.dir, o.readConnections)
                    : PostgresProfileStore.open(o.db, o.dbUser, System.getenv("ONEFOLD_DB_PASSWORD"), o.readConnections, o.writers);
            services[n] = new ProfileService(stores[n], ServiceOptions.defaults());
        }
    }

    /** The calling client thread's node. */
    ProfileService service() {
        return services[(int) (Thread.currentThread().threadId() % services.length)];
    }

    void close() {
        for (ProfileService s : services) s.close();
        for (ProfileStore s : stores) s.close();
    }
}
