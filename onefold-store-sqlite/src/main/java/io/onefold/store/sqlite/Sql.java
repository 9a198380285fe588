package io.onefold.store.sqlite;

import io.onefold.store.jdbc.WriteRunner;
import io.onefold.store.jdbc.Statements;
import java.sql.SQLException;

/** JDBC's checked {@link SQLException} as the store's {@link StoreFailure}, around a statement, a query or a runner. */
final class Sql {
    private Sql() {}

    interface SqlRun {
        void run() throws SQLException;
    }

    interface SqlCall<T> {
        T call() throws SQLException;
    }

    static void run(SqlRun r) {
        try {
            r.run();
        } catch (SQLException e) {
            throw new StoreFailure(e);
        }
    }

    static <T> T call(SqlCall<T> c) {
        try {
            return c.call();
        } catch (SQLException e) {
            throw new StoreFailure(e);
        }
    }

    /** Queries and writes on the writer's connection: its transaction is already one snapshot, and sees its own writes. */
    static WriteRunner inTransaction(Statements s) {
        return new WriteRunner() {
            @Override
            public <T> T query(Query<T> query) {
                return call(() -> query.run(s));
            }

            @Override
            public <T> T write(Query<T> statements) {
                return query(statements);
            }
        };
    }
}
