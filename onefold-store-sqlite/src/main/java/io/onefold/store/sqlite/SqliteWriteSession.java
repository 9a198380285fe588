package io.onefold.store.sqlite;

import io.onefold.store.ClusterCache;
import io.onefold.store.ProfileRowsListener;
import io.onefold.store.ProfileWrites;
import io.onefold.store.jdbc.JdbcWriteSession;
import io.onefold.store.jdbc.Statements;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The single writer connection. Transactions are {@code BEGIN IMMEDIATE}; each operation runs in a savepoint. Every
 * concern reads and writes on this connection, inside the transaction, and so sees the session's own writes.
 *
 * <p>Cluster reads (owners, records, whole clusters) go through the session's {@link ClusterCache} first
 * ({@link SqliteProfiles}): the writer is the only one writing its data directory (the lock file), so what it committed
 * is what the database holds. Every transaction starts by reading SQLite's {@code data_version}, which changes when
 * another connection committed: then the cache is dropped rather than trusted (a second process on the same file, an
 * operator's sqlite3 shell).
 */
final class SqliteWriteSession extends JdbcWriteSession {
    private final Statements s;
    private final Runnable onClose;
    private final ClusterCache cache;
    private final WriterPageCache pageCache;
    private final SqliteProfiles profiles;
    /** Who is told which profile rows each commit wrote: the store's, read at each commit (null: nobody asked). */
    private final java.util.function.Supplier<ProfileRowsListener> rowsListener;
    /** The profile rows the open transaction wrote, organization → ids (a savepoint rolled back leaves them: harmless). */
    private final Map<String, Set<String>> rowsWritten = new HashMap<>();
    private int savepoints;

    SqliteWriteSession(Statements statements, ClusterCache cache, WriterPageCache pageCache, java.util.function.Supplier<ProfileRowsListener> rowsListener, Runnable onClose) {
        this.s = statements;
        this.cache = cache;
        this.pageCache = pageCache;
        this.rowsListener = rowsListener;
        this.onClose = onClose;
        this.profiles = new SqliteProfiles(statements, cache, rowsWritten);
    }

    @Override
    public ProfileWrites profiles() {
        return profiles;
    }

    // ------------------------------------------------------------------ transactions

    // ------------------------------------------------------------------ statements on the writer, inside the transaction

    @Override
    public <T> T query(Query<T> query) {
        return Sql.call(() -> query.run(s));
    }

    @Override
    public <T> T write(Query<T> statements) {
        return query(statements);
    }

    /** The only writer of its data directory (the lock file): nobody to keep away. */
    @Override
    public void exclude(java.util.Collection<io.onefold.store.WriteKey> keys, boolean mayWait) {}

    @Override
    public void begin() {
        Sql.run(() -> {
            s.run("BEGIN IMMEDIATE");
            // holding the write lock: no other connection can commit until this transaction ends
            try (ResultSet rs = s.prepare("PRAGMA data_version").executeQuery()) {
                rs.next();
                if (cache.databaseVersion(rs.getLong(1)) && rowsListener.get() != null) rowsListener.get().unknownChanges();
            }
        });
    }

    @Override
    public void commit() {
        ProfileRowsListener listener = rowsListener.get();
        if (listener != null && !rowsWritten.isEmpty()) listener.committing();
        try {
            Sql.run(() -> s.run("COMMIT"));
        } catch (RuntimeException e) {
            cache.rolledBack();
            // the commit's outcome is unknown: what it wrote may be committed, so readers trust nothing cached
            if (listener != null) listener.unknownChanges();
            rowsWritten.clear();
            throw e;
        }
        savepoints = 0;
        cache.committed();
        // durable now, and nobody has been answered yet: readers' caches drop these rows first
        if (listener != null && !rowsWritten.isEmpty()) listener.committed(rowsWritten);
        rowsWritten.clear();
        Sql.run(pageCache::committed);
    }

    @Override
    public void rollback() {
        savepoints = 0;
        rowsWritten.clear();
        cache.rolledBack();
        try {
            s.run("ROLLBACK");
        } catch (SQLException e) {
            // no transaction open: nothing to roll back
        }
    }

    @Override
    public void savepoint() {
        Sql.run(() -> s.run("SAVEPOINT op" + (++savepoints)));
        cache.savepoint();
    }

    @Override
    public void releaseSavepoint() {
        Sql.run(() -> s.run("RELEASE op" + (savepoints--)));
        cache.releaseSavepoint();
    }

    @Override
    public void rollbackToSavepoint() {
        cache.rollbackToSavepoint();
        Sql.run(() -> {
            s.run("ROLLBACK TO op" + savepoints);
            s.run("RELEASE op" + (savepoints--));
        });
    }

    @Override
    public void close() {
        onClose.run();
    }
}
