package io.onefold.store.postgres;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The store's reads: each on a connection borrowed from the pool (autocommit), never waiting for a writer. Lends no
 * {@link Transaction}: nothing written through it.
 */
final class PooledReads implements QueryRunner {
    private final HikariDataSource pool;

    PooledReads(HikariDataSource pool) {
        this.pool = pool;
    }

    @Override
    public <T> T query(Query<T> query) {
        try (Connection c = pool.getConnection()) {
            Statements s = new Statements(c);
            try {
                return query.run(s);
            } finally {
                s.closeStatements();
            }
        } catch (SQLException e) {
            throw StoreFailure.of(e);
        }
    }

    /** Several queries that must see one snapshot: a REPEATABLE READ transaction (the pool's isolation). */
    @Override
    public <T> T snapshot(Query<T> query) {
        try (Connection c = pool.getConnection()) {
            Statements s = new Statements(c);
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
        } catch (SQLException e) {
            throw StoreFailure.of(e);
        }
    }
}
