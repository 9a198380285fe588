package io.onefold.cli;

import io.onefold.store.postgres.PostgresProfileStore;

/**
 * The one way the offline commands (clients, ingest, evaluate) open a PostgreSQL store from {@code --db} and
 * {@code --db-user}: the user falls back to ONEFOLD_DB_USER, the password comes only from ONEFOLD_DB_PASSWORD (no
 * process listing shows it), and one write session is enough for a command that is not a serving node.
 */
public final class PostgresFlags {
    private PostgresFlags() {}

    public static PostgresProfileStore open(String url, String userFlag, int readConnections) {
        String user = userFlag != null ? userFlag : System.getenv("ONEFOLD_DB_USER");
        return PostgresProfileStore.open(url, user, System.getenv("ONEFOLD_DB_PASSWORD"), readConnections, 1);
    }
}
