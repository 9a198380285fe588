package io.onefold.store.postgres;

import java.sql.SQLException;

/**
 * Where a concern's queries run: on a pooled read connection (the store), or on the write connection inside its
 * transaction (a write session, which so sees its own writes). Each concern's reads are written once against this.
 */
interface QueryRunner {
    /** Statements run on the connection the runner lends. */
    interface Query<T> {
        T run(Statements s) throws SQLException;
    }

    /** Runs one query. */
    <T> T query(Query<T> query);

    /** Runs several queries that must see one snapshot. */
    <T> T snapshot(Query<T> query);
}
