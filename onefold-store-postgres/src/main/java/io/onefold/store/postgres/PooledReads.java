package io.onefold.store.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.onefold.store.jdbc.QueryRunner;
import io.onefold.store.jdbc.Statements;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * The store's reads: each on a connection borrowed from the pool (autocommit), never waiting for a writer. Lends no
 * {@link Transaction}: nothing written through it — so a read that met a connection the database had closed (it
 * restarted while the connection sat in the pool) runs once more on another, which the pool opens.
 */
final class PooledReads implements QueryRunner {
    private final HikariDataSource pool;

    PooledReads(HikariDataSource pool) {
        this.pool = pool;
    }

    @Override
    public <T> T query(Query<T> query) {
        return onceMore(() -> {
            try (Connection c = pool.getConnection()) {
                Statements s = new Statements(c, PostgresDialect.POSTGRES);
                try {
                    return query.run(s);
                } finally {
                    s.closeStatements();
                }
            }
        });
    }

    /** Several queries that must see one snapshot: a REPEATABLE READ transaction (the pool's isolation). */
    @Override
    public <T> T snapshot(Query<T> query) {
        return onceMore(() -> {
            try (Connection c = pool.getConnection()) {
                Statements s = new Statements(c, PostgresDialect.POSTGRES);
                c.setAutoCommit(false);
                try {
                    T out = query.run(s);
                    c.commit();
                    return out;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    s.closeStatements();
                    c.setAutoCommit(true);
                }
            }
        });
    }

    private interface Read<T> {
        T run() throws SQLException;
    }

    /**
     * Runs a read, and once more when its connection turned out lost (the pool evicts it). Not when no connection could
     * be had within the pool's timeout: the database is down, and the caller hears so at once.
     */
    private static <T> T onceMore(Read<T> read) {
        try {
            return read.run();
        } catch (SQLException e) {
            if (!StoreFailure.connectionLost(e) || e instanceof SQLTransientConnectionException) throw StoreFailure.of(e);
        }
        try {
            return read.run();
        } catch (SQLException e) {
            throw StoreFailure.of(e);
        }
    }
}
