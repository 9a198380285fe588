package io.onefold.store.sqlite;

import io.onefold.store.ClusterCache;
import io.onefold.store.ProfileRowsListener;
import io.onefold.store.WriteSession;
import io.onefold.store.jdbc.JdbcProfileStore;
import io.onefold.store.jdbc.Statements;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded store: one SQLite database ({@code onefold.db}) in a data directory, in WAL mode.
 *
 * <h2>Durability and concurrency</h2>
 * One writer connection ({@code synchronous=FULL}: a commit returns after the WAL is fsynced) used by one
 * session at a time; a pool of read-only connections, which in WAL mode read the last committed snapshot and
 * never wait for the writer.
 *
 * <h2>Erasure</h2>
 * {@code secure_delete} zeroes a deleted cell and a freed page; {@link #purge} then truncates the WAL (no old page
 * image stays there) and looks for the erased texts in the file's free regions, where a rebalanced page can keep a
 * copy of a cell that moved ({@link FreeSpaceScan}); one found there, and held by no live row, costs a VACUUM.
 */
public final class SqliteProfileStore extends JdbcProfileStore {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteProfileStore.class);
    private final String url;
    private final Path file;
    private final Statements writer;
    /** The writer connection's SQLite page cache, sized by the file (see {@link WriterPageCache}). */
    private final WriterPageCache pageCache;
    private final AtomicBoolean writerTaken = new AtomicBoolean();
    private final ReadPool readers;
    private DataDirectoryLock lock;
    /** The writer's decoded clusters (see {@link ClusterCache}); lives as long as the store, across write sessions. */
    private final ClusterCache cache;
    /** Told which profile rows each commit wrote ({@link #watchProfileRows}); read when a write session opens. */
    private volatile ProfileRowsListener rowsListener;

    /**
     * Clusters the writer keeps decoded by default: the working set of a busy day's customers at a few KB each. A
     * smaller cache costs reads, never a different result.
     */
    public static final int DEFAULT_CACHE_CLUSTERS = 100_000;

    private SqliteProfileStore(String url, Path file, Statements writer, WriterPageCache pageCache, ReadPool readers, int cacheClusters) {
        super(readers);
        this.url = url;
        this.file = file;
        this.cache = new ClusterCache(cacheClusters);
        this.writer = writer;
        this.pageCache = pageCache;
        this.readers = readers;
    }

    // ------------------------------------------------------------------ opening

    /** Opens (creating and migrating as needed) the store in {@code dataDirectory}. */
    public static SqliteProfileStore open(Path dataDirectory, int readConnections) {
        return open(dataDirectory, readConnections, DEFAULT_CACHE_CLUSTERS);
    }

    /** As {@link #open(Path, int)}, the writer keeping up to {@code cacheClusters} clusters decoded (0: none). */
    public static SqliteProfileStore open(Path dataDirectory, int readConnections, int cacheClusters) {
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDirectory, e);
        }
        Path file = dataDirectory.resolve("onefold.db").toAbsolutePath();
        String url = "jdbc:sqlite:" + file;
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl(url);
        Flyway.configure().dataSource(ds).locations("classpath:db/migration/sqlite").load().migrate();
        try {
            Statements writer = new Statements(connect(url, false), SqliteDialect.SQLITE);
            WriterPageCache pageCache = new WriterPageCache(writer);
            pageCache.fit();
            List<Statements> readers = new java.util.ArrayList<>();
            for (int i = 0; i < Math.max(1, readConnections); i++) readers.add(new Statements(connect(url, true), SqliteDialect.SQLITE));
            return new SqliteProfileStore(url, file, writer, pageCache, new ReadPool(readers), cacheClusters);
        } catch (SQLException e) {
            throw new StoreFailure(e);
        }
    }

    /**
     * As {@link #open}, holding the directory's {@link DataDirectoryLock} until {@link #close()}: what a process that
     * writes the directory ({@code serve}, {@code ingest --data}) opens, so that a second one is refused.
     */
    public static SqliteProfileStore openExclusive(Path dataDirectory, int readConnections) {
        return openExclusive(dataDirectory, readConnections, DEFAULT_CACHE_CLUSTERS);
    }

    /** As {@link #openExclusive(Path, int)}, with the writer's cache size (see {@link #open(Path, int, int)}). */
    public static SqliteProfileStore openExclusive(Path dataDirectory, int readConnections, int cacheClusters) {
        DataDirectoryLock lock = DataDirectoryLock.acquire(dataDirectory);
        try {
            SqliteProfileStore store = open(dataDirectory, readConnections, cacheClusters);
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

    /** The write-ahead log size, in pages, at which a bulk load's commit copies the log back: see {@link #checkpointEvery}. */
    public static final int BULK_CHECKPOINT_PAGES = 16_384;

    /**
     * The size the write-ahead log may reach, in pages, before a commit copies it back into the database file (SQLite's
     * {@code wal_autocheckpoint}). A server keeps SQLite's 1,000 (4 MB): each checkpoint is short, and so is the stall
     * of the commit that runs it. A bulk load commits a thousand lines at a time, each commit writing more than 1,000
     * pages, so at 1,000 every commit checkpoints, and the pages consecutive batches rewrite (index interiors, the
     * tables' right edges) are copied back and fsync'd each time; {@link #BULK_CHECKPOINT_PAGES} (64 MB) copies them
     * once every few batches. Durability does not change: every commit is in the log, fsync'd, either way.
     */
    public void checkpointEvery(int pages) {
        if (pages < 1) throw new IllegalArgumentException("pages must be positive");
        synchronized (writer) {
            try {
                writer.execute("PRAGMA wal_autocheckpoint=" + pages);
            } catch (SQLException e) {
                throw new StoreFailure(e);
            }
        }
    }

    /**
     * How many statements whose SQL matches the writer's connection ran since the store opened (each is prepared once
     * per run: {@link Statements#uses}): what tests count per batch. Read it from the writer's side only.
     */
    public long writerStatements(java.util.function.Predicate<String> sql) {
        return writer.uses(sql);
    }

    /** The writer's cluster cache: its size and hit counts (metrics, benchmarks); read it from the writer's side only. */
    public ClusterCache cache() {
        return cache;
    }

    @Override
    public java.util.Optional<ClusterCache> clusterCache() {
        return java.util.Optional.of(cache);
    }

    /** The writer connection: this module's tests read its settings. */
    Statements writer() {
        return writer;
    }

    public String url() {
        return url;
    }

    @Override
    public WriteSession openWriteSession() {
        if (!writerTaken.compareAndSet(false, true)) throw new IllegalStateException("the store has one writer, and it is in use");
        return new SqliteWriteSession(writer, cache, pageCache, () -> rowsListener, () -> writerTaken.set(false));
    }

    /** The one process writing its data directory (the lock file) sees every commit: it can keep readers' caches exact. */
    @Override
    public boolean watchProfileRows(ProfileRowsListener listener) {
        this.rowsListener = java.util.Objects.requireNonNull(listener);
        return true;
    }

    @Override
    public CompletableFuture<Void> purge(Collection<String> texts) {
        synchronized (writer) {
            try {
                checkpoint();
                Set<String> leftovers = FreeSpaceScan.leftovers(file, texts);
                // a text another live row holds is in the file anyway: its leftover copy says nothing about the erased person
                leftovers.removeIf(t -> Sql.call(() -> TextColumns.anyRowHolds(writer, t)));
                if (!leftovers.isEmpty()) {
                    LOG.info("erasure: {} erased value(s) left in free pages of the database file; vacuuming", leftovers.size());
                    writer.execute("VACUUM");
                    checkpoint();
                    pageCache.fit();
                }
                return CompletableFuture.completedFuture(null);
            } catch (SQLException e) {
                return CompletableFuture.failedFuture(new StoreFailure(e));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
    }

    /** Copies the WAL into the database file and truncates it to nothing: no old page image stays on disk. */
    private void checkpoint() throws SQLException {
        for (int attempt = 0; ; attempt++) {
            // waits for readers (busy_timeout) before it gives up; a reader's snapshot is one short query
            try (var st = writer.connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                if (rs.next() && rs.getInt(1) == 0) return;
            }
            if (attempt == 2) throw new SQLException("the write-ahead log could not be truncated: readers kept it busy");
        }
    }

    @Override
    public void close() {
        readers.close();
        writer.close();
        if (lock != null) lock.close();
    }
}
