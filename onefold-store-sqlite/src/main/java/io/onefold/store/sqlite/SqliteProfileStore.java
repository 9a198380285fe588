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
public final class SqliteProfileStore extends SqliteProfileReads implements ProfileStore {
    private final String url;
    private final Statements writer;
    private final AtomicBoolean writerTaken = new AtomicBoolean();
    private final BlockingQueue<Statements> readers;
    private final List<Statements> allReaders;
    private DataDirectoryLock lock;

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
            // the writer re-reads the clusters it writes: a larger page cache for it alone halves its page reads
            writer.execute("PRAGMA cache_size=-262144");
            List<Statements> readers = new java.util.ArrayList<>();
            for (int i = 0; i < Math.max(1, readConnections); i++) readers.add(new Statements(connect(url, true)));
            return new SqliteProfileStore(url, writer, readers);
        } catch (SQLException e) {
            throw new StoreFailure(e);
        }
    }

    /**
     * As {@link #open}, holding the directory's {@link DataDirectoryLock} until {@link #close()}: what a process that
     * writes the directory ({@code serve}, {@code ingest --data}) opens, so that a second one is refused.
     */
    public static SqliteProfileStore openExclusive(Path dataDirectory, int readConnections) {
        DataDirectoryLock lock = DataDirectoryLock.acquire(dataDirectory);
        try {
            SqliteProfileStore store = open(dataDirectory, readConnections);
            store.lock = lock;
            return store;
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static Connection connect(String url, boolean readOnly) throws SQLException {
        java.util.Properties p = new java.util.Properties();
        // no store query reads generated keys (positions come from RETURNING): without this the driver runs an
        // extra query after every INSERT
        p.setProperty("jdbc.get_generated_keys", "false");
        Connection c = DriverManager.getConnection(url, p);
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
        if (lock != null) lock.close();
    }

    // ------------------------------------------------------------------ reads: a pooled connection, one snapshot

    @Override
    <T> T query(Query<T> query) {
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
    @Override
    <T> T snapshot(Query<T> query) {
        return query(s -> {
            s.execute("BEGIN");
            try {
                return query.run(s);
            } finally {
                s.execute("COMMIT");
            }
        });
    }

}
