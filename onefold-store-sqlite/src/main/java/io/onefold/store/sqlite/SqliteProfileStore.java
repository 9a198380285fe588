package io.onefold.store.sqlite;

import io.onefold.core.model.SourceRecordKey;
import io.onefold.store.ChangeEvent;
import io.onefold.store.ConfigKind;
import io.onefold.store.Fragment;
import io.onefold.store.IdempotencyRecord;
import io.onefold.store.Job;
import io.onefold.store.Organization;
import io.onefold.store.Page;
import io.onefold.store.ProfileStore;
import io.onefold.store.SearchQuery;
import io.onefold.store.StoredConfig;
import io.onefold.store.StoredProfile;
import io.onefold.store.WriteSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded store: one SQLite database ({@code onefold.db}) in a data directory, in WAL mode.
 *
 * <h2>Durability and concurrency</h2>
 * One writer connection ({@code synchronous=FULL}: a commit returns after the WAL is fsynced) used by one
 * session at a time; a pool of read-only connections, which in WAL mode read the last committed snapshot and
 * never wait for the writer. {@code secure_delete} zeroes deleted content, so an erased profile leaves no
 * bytes in freed pages; {@link #checkpoint()} truncates the WAL, so none stay there either.
 */
public final class SqliteProfileStore implements ProfileStore {
    private final String url;
    private final Statements writer;
    private final AtomicBoolean writerTaken = new AtomicBoolean();
    private final BlockingQueue<Statements> readers;
    private final List<Statements> allReaders;

    private SqliteProfileStore(String url, Statements writer, List<Statements> readers) {
        this.url = url;
        this.writer = writer;
        this.allReaders = readers;
        this.readers = new ArrayBlockingQueue<>(readers.size(), false, readers);
    }

    /** Opens (creating and migrating as needed) the store in {@code dataDirectory}. */
    public static SqliteProfileStore open(Path dataDirectory, int readConnections) {
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDirectory, e);
        }
        String url = "jdbc:sqlite:" + dataDirectory.resolve("onefold.db").toAbsolutePath();
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl(url);
        Flyway.configure().dataSource(ds).locations("classpath:db/migration/sqlite").load().migrate();
        try {
            Statements writer = new Statements(connect(url, false));
            List<Statements> readers = new java.util.ArrayList<>();
            for (int i = 0; i < Math.max(1, readConnections); i++) readers.add(new Statements(connect(url, true)));
            return new SqliteProfileStore(url, writer, readers);
        } catch (SQLException e) {
            throw new StoreFailure(e);
        }
    }

    private static Connection connect(String url, boolean readOnly) throws SQLException {
        Connection c = DriverManager.getConnection(url);
        try (var st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=FULL");
            st.execute("PRAGMA busy_timeout=10000");
            st.execute("PRAGMA cache_size=-65536");
            st.execute("PRAGMA secure_delete=ON");
            st.execute("PRAGMA temp_store=MEMORY");
            if (readOnly) st.execute("PRAGMA query_only=1");
        }
        return c;
    }

    public String url() {
        return url;
    }

    @Override
    public WriteSession openWriteSession() {
        if (!writerTaken.compareAndSet(false, true)) throw new IllegalStateException("the store has one writer, and it is in use");
        return new SqliteWriteSession(writer, () -> writerTaken.set(false));
    }

    @Override
    public void checkpoint() {
        synchronized (writer) {
            SqliteWriteSession.run(() -> writer.execute("PRAGMA wal_checkpoint(TRUNCATE)"));
        }
    }

    @Override
    public void close() {
        allReaders.forEach(Statements::close);
        writer.close();
    }

    // ------------------------------------------------------------------ reads: a pooled connection, one snapshot

    private interface Query<T> {
        T run(Statements s) throws SQLException;
    }

    private <T> T read(Query<T> query) {
        Statements s;
        try {
            s = readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for a read connection", e);
        }
        try {
            return SqliteWriteSession.call(() -> query.run(s));
        } finally {
            readers.add(s);
        }
    }

    /** Several queries that must see one snapshot: a read transaction. */
    private <T> T readConsistent(Query<T> query) {
        return read(s -> {
            s.execute("BEGIN");
            try {
                return query.run(s);
            } finally {
                s.execute("COMMIT");
            }
        });
    }

    @Override
    public Optional<Organization> organization(String id) {
        return read(s -> SqliteReads.organization(s, id));
    }

    @Override
    public List<Organization> organizations() {
        return read(SqliteReads::organizations);
    }

    @Override
    public Optional<StoredProfile> profile(String org, String profileId) {
        return read(s -> SqliteReads.profile(s, org, profileId));
    }

    @Override
    public Optional<String> ownerOf(String org, String attribute, String value) {
        return read(s -> SqliteReads.ownerOf(s, org, attribute, value));
    }

    @Override
    public Set<String> sharedOwners(String org, String attribute, String value) {
        return read(s -> SqliteReads.sharedOwners(s, org, attribute, value));
    }

    @Override
    public Optional<String> recordOwner(String org, SourceRecordKey key) {
        return read(s -> SqliteReads.recordOwner(s, org, key));
    }

    @Override
    public Fragment fragment(String org, Collection<String> nodeIds) {
        return readConsistent(s -> SqliteReads.fragment(s, org, nodeIds));
    }

    @Override
    public Page<StoredProfile> search(String org, SearchQuery query) {
        return read(s -> SqliteReads.search(s, org, query));
    }

    @Override
    public List<String> activeProfileIds(String org, String afterId, int limit) {
        return read(s -> SqliteReads.activeProfileIds(s, org, afterId, limit));
    }

    @Override
    public long countActiveProfiles(String org) {
        return read(s -> SqliteReads.countActiveProfiles(s, org));
    }

    @Override
    public List<ChangeEvent> history(String org, Collection<String> profileIds, int limit) {
        return readConsistent(s -> SqliteReads.history(s, org, profileIds, limit));
    }

    @Override
    public List<ChangeEvent> changesSince(String org, long afterPosition, int limit) {
        return read(s -> SqliteReads.changesSince(s, org, afterPosition, limit));
    }

    @Override
    public long latestPosition(String org) {
        return read(s -> SqliteReads.latestPosition(s, org));
    }

    @Override
    public List<StoredConfig> configs(String org, ConfigKind kind) {
        return read(s -> SqliteReads.configs(s, org, kind));
    }

    @Override
    public Optional<StoredConfig> config(String org, ConfigKind kind, String name) {
        return read(s -> SqliteReads.config(s, org, kind, name));
    }

    @Override
    public Optional<StoredConfig> activeConfig(String org, ConfigKind kind) {
        return read(s -> SqliteReads.activeConfig(s, org, kind));
    }

    @Override
    public Optional<IdempotencyRecord> idempotency(String org, String key) {
        return read(s -> SqliteReads.idempotency(s, org, key));
    }

    @Override
    public Optional<Job> job(String org, String id) {
        return read(s -> SqliteReads.job(s, org, id));
    }

    @Override
    public Optional<io.onefold.store.ApiClient> client(String clientId) {
        return read(s -> SqliteReads.client(s, clientId));
    }

    @Override
    public List<io.onefold.store.ApiClient> clients(String org) {
        return read(s -> SqliteReads.clients(s, org));
    }

    @Override
    public List<io.onefold.store.SigningKey> signingKeys() {
        return read(SqliteReads::signingKeys);
    }

    @Override
    public List<io.onefold.store.Webhook> webhooks(String org) {
        return read(s -> SqliteReads.webhooks(s, org));
    }

    @Override
    public List<io.onefold.store.Webhook> activeWebhooks() {
        return read(SqliteReads::activeWebhooks);
    }
}
