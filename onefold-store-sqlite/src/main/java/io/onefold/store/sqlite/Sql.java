package io.onefold.store.sqlite;

import java.sql.SQLException;

/** JDBC's checked {@link SQLException} as the store's {@link StoreFailure}, around a statement or a query. */
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
}
