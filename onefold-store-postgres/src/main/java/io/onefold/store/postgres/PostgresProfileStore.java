package io.onefold.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.onefold.store.WriteSession;
import io.onefold.store.jdbc.JdbcProfileStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store shared by any number of stateless Onefold nodes: one PostgreSQL database.
 *
 * <h2>Connections</h2>
 * Each node holds one write connection (its single writer: group commit, {@code synchronous_commit=on}, so a commit
 * returns after the WAL reached the disk), a HikariCP pool of read connections (autocommit; a read that needs one
 * snapshot runs in a REPEATABLE READ transaction), and one connection that LISTENs for other nodes' commits, so that
 * change streams and configuration caches on every node learn of them at once.
 *
 * <h2>Concurrency across nodes</h2>
 * Enforced by the database, never by a node: primary keys keep an identifier value on one profile; transaction-scoped
 * advisory locks serialize the operations that touch the same identifiers, records and profiles
 * ({@link PostgresWriteSession} and ProfileService); event positions follow commit order.
 */
public final class PostgresProfileStore extends JdbcProfileStore {
    /** Row stamps ({@code xmin}): a node's readers' cache confirms each entry against them (other nodes write too). */
    @Override
    public boolean rowStamps() {
        return true;
    }

    private static final Logger LOG = LoggerFactory.getLogger(PostgresProfileStore.class);

    private final String url;
    private final Properties credentials;
    private final HikariDataSource readers;
    private final String nodeId = UUID.randomUUID().toString();
    private final java.util.concurrent.atomic.AtomicInteger writersOpen = new java.util.concurrent.atomic.AtomicInteger();
    private final int writers;
    private volatile boolean open = true;
    private volatile Thread listener;

    private PostgresProfileStore(String url, Properties credentials, HikariDataSource readers, int writers) {
        super(new PooledReads(readers));
        this.writers = writers;
        this.url = url;
        this.credentials = credentials;
        this.readers = readers;
    }

    /** Connects (migrating the schema as needed: Flyway takes a database lock, so nodes starting together are safe). */
    public static PostgresProfileStore open(String url, String user, String password, int readConnections) {
        return open(url, user, password, readConnections, DEFAULT_WRITERS);
    }

    /** How long a read waits for a pooled connection before the store is reported unavailable. */
    static final long READ_CONNECTION_TIMEOUT_MS = 5_000;

    /** Write sessions per node by default: each waits on round trips most of the time (docs/benchmarks.md). */
    public static final int DEFAULT_WRITERS = 4;

    public static PostgresProfileStore open(String url, String user, String password, int readConnections, int writers) {
        if (url == null || !url.startsWith("jdbc:postgresql:")) throw new IllegalArgumentException("not a PostgreSQL JDBC URL (jdbc:postgresql://HOST:PORT/DB): " + url);
        Properties credentials = new Properties();
        if (user != null) credentials.setProperty("user", user);
        if (password != null) credentials.setProperty("password", password);
        credentials.setProperty("ApplicationName", "onefold");
        credentials.setProperty("tcpKeepAlive", "true");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setDataSourceProperties(credentials);
        config.setMaximumPoolSize(Math.max(1, readConnections));
        config.setMinimumIdle(1);
        // while the database restarts a read waits this long for a connection, then answers 503 (not Hikari's 30 s)
        config.setConnectionTimeout(READ_CONNECTION_TIMEOUT_MS);
        config.setPoolName("onefold-readers");
        config.setAutoCommit(true);
        config.setTransactionIsolation("TRANSACTION_REPEATABLE_READ");
        // Flyway on connections of its own (it holds one for its lock while migrating on another): a read pool of one
        // connection would starve it
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration/postgres").load().migrate();
        HikariDataSource ds = new HikariDataSource(config);
        return new PostgresProfileStore(url, credentials, ds, Math.max(1, writers));
    }

    private Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection(url, credentials);
        try (var st = c.createStatement()) {
            // a 2xx means durable: never acknowledge before the WAL is flushed, whatever the server's default
            st.execute("SET synchronous_commit = on");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    // ------------------------------------------------------------------ writes: a session per writer

    @Override
    public int writers() {
        return writers;
    }

    @Override
    public WriteSession openWriteSession() {
        if (writersOpen.incrementAndGet() > writers) {
            writersOpen.decrementAndGet();
            throw new IllegalStateException("this node's " + writers + " write sessions are all in use");
        }
        try {
            return new PostgresWriteSession(() -> {
                Connection c = RoundTrips.wrap(connect());
                c.setAutoCommit(false);
                return c;
            }, nodeId, writersOpen::decrementAndGet);
        } catch (SQLException e) {
            writersOpen.decrementAndGet();
            throw new StoreFailure(e);
        }
    }

    @Override
    public synchronized void subscribe(Runnable onChanges, Runnable onConfiguration) {
        if (listener != null) throw new IllegalStateException("already subscribed");
        listener = Thread.ofPlatform().daemon(true).name("onefold-pg-listener").start(() -> listen(onChanges, onConfiguration));
    }

    /** LISTENs on its own connection; after a reconnection both callbacks run once, as anything may have been missed. */
    private void listen(Runnable onChanges, Runnable onConfiguration) {
        while (open) {
            try (Connection c = connect()) {
                try (var st = c.createStatement()) {
                    st.execute("LISTEN onefold_changes");
                    st.execute("LISTEN onefold_config");
                }
                onChanges.run();
                onConfiguration.run();
                PGConnection pg = c.unwrap(PGConnection.class);
                while (open) {
                    PGNotification[] received = pg.getNotifications(1000);
                    if (received == null) continue;
                    boolean changes = false;
                    boolean configuration = false;
                    for (PGNotification n : received) {
                        if (nodeId.equals(n.getParameter())) continue;
                        if (n.getName().equals("onefold_changes")) changes = true;
                        else configuration = true;
                    }
                    if (configuration) onConfiguration.run();
                    if (changes) onChanges.run();
                }
            } catch (SQLException | RuntimeException e) {
                if (!open) return;
                LOG.warn("change listener lost its connection ({}); reconnecting", e.getClass().getSimpleName());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /**
     * A session-level advisory lock on a connection of its own: held while the job runs, released by
     * {@link Claim#close()} or by the database when this node dies — another node's next attempt then takes over.
     */
    @Override
    public java.util.Optional<Claim> claim(String job) {
        try {
            Connection c = connect();
            try (var ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                ps.setLong(1, LockKeys.hash("onefold:job\u0000" + job));
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) return java.util.Optional.of(new SessionClaim(c));
                }
            }
            c.close();
            return java.util.Optional.empty();
        } catch (SQLException e) {
            throw StoreFailure.of(e);
        }
    }

    /** A claim's session: the lock lives as long as the connection, which a database restart closes. */
    private record SessionClaim(Connection connection) implements Claim {
        @Override
        public boolean held() {
            try {
                return connection.isValid(CLAIM_CHECK_SECONDS);
            } catch (SQLException e) {
                return false;
            }
        }

        @Override
        public void close() {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing the session releases the lock anyway
            }
        }
    }

    private static final int CLAIM_CHECK_SECONDS = 2;

    /** The tables an erasure deletes from or rewrites. */
    private static final String ERASED_TABLES = "records, identifiers, shared_identifiers, links, profiles, changes, idempotency, match_keys, search_values";
    private final java.util.concurrent.ExecutorService vacuums = java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().daemon(true).name("onefold-pg-vacuum").unstarted(r));
    private final Object vacuumLock = new Object();
    private CompletableFuture<Void> queuedVacuum;

    /**
     * An erasure's rows are unreachable at its commit; this VACUUMs the tables it touched, on a connection of its own
     * (VACUUM cannot run in a transaction, and the writer stays free), so their old versions are pruned and the space
     * reused. PostgreSQL does not zero that space, and WAL and backups keep their copies: docs/deployment.md says for how
     * long. One VACUUM serves every erasure committed before it started.
     */
    @Override
    public CompletableFuture<Void> purge(java.util.Collection<String> texts) {
        synchronized (vacuumLock) {
            if (queuedVacuum == null) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                queuedVacuum = done;
                vacuums.execute(() -> {
                    synchronized (vacuumLock) {
                        queuedVacuum = null;
                    }
                    try (Connection c = connect(); var st = c.createStatement()) {
                        st.execute("VACUUM " + ERASED_TABLES);
                        done.complete(null);
                    } catch (SQLException | RuntimeException e) {
                        done.completeExceptionally(e);
                    }
                });
            }
            return queuedVacuum;
        }
    }

    @Override
    public void close() {
        open = false;
        vacuums.shutdown();
        Thread l = listener;
        if (l != null) {
            l.interrupt();
            try {
                l.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        readers.close();
    }
}
