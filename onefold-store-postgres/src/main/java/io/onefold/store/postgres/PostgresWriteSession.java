package io.onefold.store.postgres;

import io.onefold.core.error.IdentifierConflictException;
import io.onefold.store.ProfileWrites;
import io.onefold.store.TransactionLostException;
import io.onefold.store.jdbc.JdbcConfiguration;
import io.onefold.store.jdbc.JdbcWriteSession;
import io.onefold.store.jdbc.Statements;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.TreeSet;

/**
 * One node's write connection (READ COMMITTED), used by its single writer. Its concerns
 * ({@link PostgresProfileWrites}, {@link JdbcConfiguration.Writes}, ...) run their statements on it through
 * {@link Transaction}, inside the transaction this class begins and ends.
 *
 * <h2>Design</h2>
 * <ul>
 * <li><b>No savepoint per operation.</b> Each savepoint that writes costs a subtransaction id, and past 64 of them in
 * one transaction every other session's visibility checks go through pg_subtrans — a known PostgreSQL cliff for
 * group commit. So {@link #savepoint()} only marks the place: an operation refused before it wrote anything (the
 * engine checks everything first) is undone by forgetting its buffered events; one that failed after writing
 * rolls back the whole transaction and {@link #rollbackToSavepoint()} throws {@link TransactionLostException}, on
 * which the writer re-runs the batch's other operations.</li>
 * <li><b>Locks.</b> {@link #lock} takes transaction-scoped advisory locks (64-bit hashes of the keys), waiting only
 * while every lock held was taken by the current operation in the caller's order, else trying — so nodes never
 * deadlock on them (see ProfileService's locking note).</li>
 * <li><b>Configuration epoch.</b> {@link #begin()} takes a shared advisory lock and reads the epoch; a configuration
 * or settings write takes it exclusively and bumps the epoch. A batch therefore never writes under a configuration
 * another node replaced during it.</li>
 * <li><b>Event positions follow commit order.</b> Events wait in {@link PendingChanges} and are inserted at
 * {@link #commit()}, with positions drawn under a per-organization lock: a reader that sees position p has seen all
 * below p.</li>
 * <li><b>The database restarting.</b> A statement that finds the connection lost throws
 * {@link io.onefold.store.StoreUnavailableException}; a COMMIT that does throws
 * {@link io.onefold.store.CommitOutcomeUnknownException} (the database may have committed before the connection
 * went). Either way the connection is dropped, and the next {@link #begin()} opens another — so the writer serves again
 * as soon as the database answers, without a restart of the node.</li>
 * </ul>
 */
final class PostgresWriteSession extends JdbcWriteSession implements Transaction {
    static final long CONFIGURATION_LOCK = LockKeys.hash("onefold:configuration");

    /** Opens a write connection (autocommit off): at the start, and again after the database lost the last one. */
    interface Connector {
        java.sql.Connection open() throws SQLException;
    }

    private final Connector connector;
    private Statements s;
    /** The connection was lost: the next {@link #begin()} opens another. */
    private boolean broken;
    private final String nodeId;
    private final Runnable onClose;
    private final PendingChanges pending = new PendingChanges();
    private final PostgresProfileWrites profiles;
    private boolean dirty;
    private boolean failed;
    private boolean locksHeld;
    private boolean locksHeldAtMark;
    private boolean epochBumped;
    /** The whole transaction was rolled back to undo one operation: nothing may commit until the next begin(). */
    private boolean lost;
    private long epoch;

    PostgresWriteSession(Connector connector, String nodeId, Runnable onClose) throws SQLException {
        this.connector = connector;
        this.s = new Statements(connector.open(), PostgresDialect.POSTGRES);
        this.nodeId = nodeId;
        this.onClose = onClose;
        profiles = new PostgresProfileWrites(this, pending);
    }

    // ------------------------------------------------------------------ the concerns, each on this transaction

    @Override
    public ProfileWrites profiles() {
        return profiles;
    }

    // ------------------------------------------------------------------ transactions

    @Override
    public void begin() {
        reset();
        lost = false;
        pending.open();
        if (broken || closed()) reconnect();
        try {
            readEpoch();
        } catch (io.onefold.store.StoreUnavailableException e) {
            // a connection idle through a database restart learns of it only now; nothing ran yet, so a new one may
            // begin instead (and while the database is still down, that throws unavailable too)
            reconnect();
            failed = false;
            readEpoch();
        }
    }

    private void readEpoch() {
        call(() -> {
            try (var st = s.connection.createStatement()) {
                // two statements, one round trip: the epoch is read by a snapshot taken after the shared lock is held
                st.execute("SELECT pg_advisory_xact_lock_shared(" + CONFIGURATION_LOCK + "); SELECT epoch FROM configuration_epoch");
                st.getMoreResults();
                try (ResultSet rs = st.getResultSet()) {
                    rs.next();
                    epoch = rs.getLong(1);
                }
            }
            return null;
        });
    }

    private boolean closed() {
        try {
            return s.connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /** Replaces a lost connection (and its prepared statements); while the database is down, throws unavailable. */
    private void reconnect() {
        s.close();
        try {
            s = new Statements(connector.open(), PostgresDialect.POSTGRES);
            broken = false;
        } catch (SQLException e) {
            throw StoreFailure.of(e);
        }
    }

    @Override
    public long configurationEpoch() {
        return epoch;
    }

    private void reset() {
        pending.clear();
        marks.clear();
        dirty = false;
        failed = false;
        locksHeld = false;
        locksHeldAtMark = false;
        epochBumped = false;
    }

    @Override
    public void commit() {
        if (lost) throw new TransactionLostException("the transaction was rolled back to undo an operation: nothing to commit");
        run(() -> {
            if (!pending.isEmpty()) pending.insert(s, nodeId);
            if (epochBumped) notify("onefold_config");
        });
        try {
            s.connection.commit();
        } catch (SQLException e) {
            failed = true;
            broken |= StoreFailure.connectionLost(e);
            throw StoreFailure.ofCommit(e);
        }
        reset();
    }

    private void notify(String channel) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT pg_notify(?, ?)");
        ps.setString(1, channel);
        ps.setString(2, nodeId);
        ps.execute();
    }

    @Override
    public void rollback() {
        try {
            s.connection.rollback();
        } catch (SQLException e) {
            // the connection is gone or no transaction was open: nothing to roll back
        }
        reset();
    }

    /** A place to go back to: whether what ran before it wrote, and how many events were pending then. */
    private record Mark(boolean dirty, int events, boolean locksHeldAtMark) {}

    /** The open marks, innermost first: a unit of work's, and those of the atomic sections inside it. */
    private final java.util.ArrayDeque<Mark> marks = new java.util.ArrayDeque<>();

    @Override
    public void savepoint() {
        marks.push(new Mark(dirty, pending.size(), locksHeldAtMark));
        dirty = false;
        // the lock rule is per unit of work: what its transaction held before the unit (an atomic section inside it
        // keeps the unit's answer)
        if (marks.size() == 1) locksHeldAtMark = locksHeld;
    }

    @Override
    public void releaseSavepoint() {
        // nothing to release (no savepoint was sent); what the section wrote, its enclosing mark wrote too
        Mark m = marks.pop();
        dirty |= m.dirty();
        locksHeldAtMark = m.locksHeldAtMark();
    }

    @Override
    public void rollbackToSavepoint() {
        if (lost) throw new TransactionLostException("the transaction was already rolled back to undo an operation");
        Mark m = marks.pop();
        if (!dirty && !failed) {
            pending.dropFrom(m.events());
            dirty = m.dirty();
            locksHeldAtMark = m.locksHeldAtMark();
            return;
        }
        rollback();
        lost = true;
        throw new TransactionLostException("an operation failed after writing: the transaction was rolled back");
    }

    // ------------------------------------------------------------------ locks

    @Override
    public void exclude(Collection<io.onefold.store.WriteKey> keys, boolean mayWait) {
        ClusterExclusion.keys(this, keys, mayWait);
    }

    @Override
    public boolean lock(Collection<String> keys, boolean mayWait) {
        if (keys.isEmpty()) return true;
        TreeSet<Long> sorted = new TreeSet<>();
        for (String k : keys) sorted.add(LockKeys.hash(k));
        boolean wait = mayWait && !locksHeldAtMark;
        locksHeld = true;
        return call(() -> {
            PreparedStatement ps = s.prepare(wait
                    ? "SELECT count(pg_advisory_xact_lock(k)) = count(*) FROM unnest(?::bigint[]) k"
                    : "SELECT bool_and(pg_try_advisory_xact_lock(k)) FROM unnest(?::bigint[]) k");
            ps.setArray(1, s.connection.createArrayOf("bigint", sorted.toArray(new Long[0])));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        });
    }

    @Override
    public boolean shared() {
        return true;
    }

    /** A configuration write: waits for every open batch (they hold the lock shared), then bumps the epoch. */
    private void bumpEpoch() throws SQLException {
        if (epochBumped) return;
        s.execute("SELECT pg_advisory_xact_lock(" + CONFIGURATION_LOCK + "); UPDATE configuration_epoch SET epoch = epoch + 1");
        epochBumped = true;
    }

    // ------------------------------------------------------------------ statements on this connection, inside the transaction

    @Override
    public <T> T query(Query<T> query) {
        return call(() -> query.run(s));
    }

    /** A statement that writes: marks the operation as having written (see {@link #rollbackToSavepoint()}). */
    @Override
    public <T> T write(Query<T> statements) {
        dirty = true;
        return call(() -> statements.run(s));
    }

    @Override
    public <T> T writeConfiguration(Query<T> statements) {
        return write(c -> {
            bumpEpoch();
            return statements.run(c);
        });
    }

    @Override
    public void close() {
        rollback();
        s.close();
        onClose.run();
    }

    // ------------------------------------------------------------------ plumbing

    interface SqlCall<T> {
        T call() throws SQLException;
    }

    interface SqlRun {
        void run() throws SQLException;
    }

    private void run(SqlRun r) {
        call(() -> {
            r.run();
            return null;
        });
    }

    private <T> T call(SqlCall<T> c) {
        try {
            return c.call();
        } catch (SQLException e) {
            failed = true;
            broken |= StoreFailure.connectionLost(e);
            throw StoreFailure.of(e);
        } catch (RuntimeException e) {
            if (!(e instanceof IdentifierConflictException)) failed = true;
            throw e;
        }
    }
}
