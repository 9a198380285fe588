package io.onefold.store.sqlite;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the write-ahead log into the database file on a thread of its own, so that the writer never does. With
 * SQLite's automatic checkpoint, the commit that takes the log past 1,000 pages copies them and fsyncs the database
 * file before {@code COMMIT} returns: every caller of that batch waits for it (the latency spikes in
 * docs/benchmarks.md). Here the writer's connection runs with {@code wal_autocheckpoint=0} and counts its commits;
 * every {@link #INTERVAL_MILLIS} ms after a commit this thread runs a {@code PASSIVE} checkpoint on a connection of
 * its own, which never blocks the writer or a reader (it copies what no reader still needs).
 *
 * <p>Durability does not depend on it: a commit is durable once its log frames are fsynced ({@code synchronous=FULL}),
 * copied or not; after a crash SQLite replays the log. The erasure purge, which truncates the log, holds this
 * checkpointer ({@link #exclusively}) so that the two never race for the checkpoint lock.
 */
final class WalCheckpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);
    /** How often the log is copied while commits come: ~1,000 pages at a few thousand upserts per second. */
    static final long INTERVAL_MILLIS = 500;

    private final Statements connection;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong checkpoints = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    WalCheckpointer(Statements connection) {
        this.connection = connection;
        this.thread = Thread.ofPlatform().name("onefold-checkpointer").daemon(true).start(this::loop);
    }

    /** The writer committed: its frames are in the log, to be copied within {@link #INTERVAL_MILLIS} ms. */
    void committed() {
        commits.incrementAndGet();
    }

    /** Checkpoints run so far (for tests: the log is copied without the writer's doing). */
    long checkpoints() {
        return checkpoints.get();
    }

    /** Runs {@code work} while no checkpoint of this thread runs (the erasure purge truncating the log). */
    synchronized <T> T exclusively(java.util.concurrent.Callable<T> work) throws Exception {
        return work.call();
    }

    private void loop() {
        while (running) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(INTERVAL_MILLIS));
            if (!running) break;
            if (commits.getAndSet(0) == 0) continue;
            checkpoint();
        }
    }

    private synchronized void checkpoint() {
        try (var st = connection.connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            rs.next();
            checkpoints.incrementAndGet();
        } catch (SQLException e) {
            // the next commit brings the next attempt; the log keeps every frame meanwhile
            LOG.warn("checkpoint of the write-ahead log failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connection.close();
    }
}
