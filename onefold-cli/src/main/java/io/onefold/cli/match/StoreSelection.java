package io.onefold.cli.match;

import io.onefold.cli.PostgresFlags;
import io.onefold.service.ProfileService;
import io.onefold.service.ServiceOptions;
import io.onefold.store.ProfileStore;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The store a match command works on: a data directory (no server may be using it) or a PostgreSQL database, and the organization. */
final class StoreSelection {
    @Option(names = "--data", paramLabel = "DIR", description = "Data directory of the embedded store (default ./data); refused while a server uses it.")
    Path data;

    @Option(names = "--db", paramLabel = "JDBC_URL", description = "A PostgreSQL store instead (jdbc:postgresql://...); safe beside serving nodes. User: --db-user / ONEFOLD_DB_USER, password: ONEFOLD_DB_PASSWORD.")
    String db;

    @Option(names = "--db-user", paramLabel = "USER", description = "PostgreSQL user (or ONEFOLD_DB_USER).")
    String dbUser;

    @Option(names = "--org", paramLabel = "ORG", description = "Organization (default ${DEFAULT-VALUE}).", defaultValue = ProfileService.DEFAULT_ORGANIZATION)
    String org;

    /** A store and the service on it, closed together. */
    record Session(ProfileStore store, ProfileService service) implements AutoCloseable {
        @Override
        public void close() {
            service.close();
            store.close();
        }
    }

    /** Opens the store; IllegalArgumentException for flags that name no usable store. */
    Session open() {
        if (db != null && data != null) throw new IllegalArgumentException("--db and --data name two different stores: choose one");
        ProfileStore store;
        if (db != null) {
            store = PostgresFlags.open(db, dbUser, 2);
        } else {
            Path dir = data != null ? data : Path.of("data");
            if (!Files.isRegularFile(dir.resolve("onefold.db"))) throw new IllegalArgumentException("--data: " + dir + " holds no Onefold store (onefold.db)");
            store = SqliteProfileStore.openExclusive(dir, 2); // refused while a server (or an ingest) holds it
        }
        try {
            return new Session(store, new ProfileService(store, ServiceOptions.defaults()));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }
}
