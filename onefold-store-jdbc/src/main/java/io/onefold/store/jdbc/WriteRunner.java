package io.onefold.store.jdbc;

/**
 * A write session's transaction as each concern's writes see it: only a session lends one, so no write can run on a
 * pooled read connection. Reads through it see the session's own writes.
 */
public interface WriteRunner extends QueryRunner {
    /** The transaction is already one snapshot. */
    @Override
    default <T> T snapshot(Query<T> query) {
        return query(query);
    }

    /** Statements that write. */
    <T> T write(Query<T> statements);

    /** A configuration or settings write (PostgreSQL first fences the other nodes' open batches; SQLite has no others). */
    default <T> T writeConfiguration(Query<T> statements) {
        return write(statements);
    }
}
