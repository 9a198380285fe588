package io.onefold.store.jdbc;

import java.sql.SQLException;

/**
 * Where a concern's queries run: on a pooled read connection (the store's readers), or on the writer's connection
 * inside its transaction (a write session, which so sees its own writes). Each read is written once against
 * {@link Statements} and runs on either; the runner turns an {@link SQLException} into the store's own failure.
 */
public interface QueryRunner {
    /** Statements run on the connection the runner lends. */
    interface Query<T> {
        T run(Statements s) throws SQLException;
    }

    /** Runs one query. */
    <T> T query(Query<T> query);

    /** Runs several queries that must see one snapshot. */
    <T> T snapshot(Query<T> query);
}
