package io.onefold.store.sqlite;

import io.onefold.store.jdbc.QueryRunner;
import io.onefold.store.jdbc.Statements;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The store's read-only connections ({@code query_only}): a read takes one, runs and gives it back. In WAL mode each
 * reads the last committed snapshot and never waits for the writer.
 */
final class ReadPool implements QueryRunner, AutoCloseable {
    private final BlockingQueue<Statements> idle;
    private final List<Statements> all;

    ReadPool(List<Statements> readers) {
        this.all = readers;
        this.idle = new ArrayBlockingQueue<>(readers.size(), false, readers);
    }

    @Override
    public <T> T query(Query<T> query) {
        Statements s;
        try {
            s = idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for a read connection", e);
        }
        try {
            return Sql.call(() -> query.run(s));
        } finally {
            idle.add(s);
        }
    }

    /** Several queries that must see one snapshot: a read transaction. */
    @Override
    public <T> T snapshot(Query<T> query) {
        return query(s -> {
            s.execute("BEGIN");
            try {
                return query.run(s);
            } finally {
                s.execute("COMMIT");
            }
        });
    }

    @Override
    public void close() {
        all.forEach(Statements::close);
    }
}
