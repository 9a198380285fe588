package io.onefold.store.sqlite;

import java.sql.SQLException;

/**
 * Where a concern's reads run: on a pooled read-only connection ({@link ReadPool}, the store's readers) or on the
 * writer's connection inside its transaction ({@link #inTransaction}, a write session, which sees its own writes).
 * Every read is written once, against {@link Statements}, and runs on either.
 */
interface QueryRunner {
    interface Query<T> {
        T run(Statements s) throws SQLException;
    }

    /** Runs one query. */
    <T> T query(Query<T> query);

    /** Runs several queries that must see one snapshot. */
    <T> T snapshot(Query<T> query);

    /** The writer's connection: its transaction is already one snapshot. */
    static QueryRunner inTransaction(Statements s) {
        return new QueryRunner() {
            @Override
            public <T> T query(Query<T> query) {
                return Sql.call(() -> query.run(s));
            }

            @Override
            public <T> T snapshot(Query<T> query) {
                return query(query);
            }
        };
    }
}
