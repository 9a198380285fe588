package io.onefold.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** One connection and its prepared statements, kept for reuse: preparing is a measurable share of a small query. */
final class Statements implements AutoCloseable {
    final Connection connection;
    private final Map<String, PreparedStatement> cache = new HashMap<>();

    Statements(Connection connection) {
        this.connection = connection;
    }

    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = cache.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            cache.put(sql, ps);
        } else {
            ps.clearParameters();
        }
        return ps;
    }

    /**
     * Runs a statement without parameters that returns no rows, prepared once: the writer's transaction statements
     * ({@code BEGIN IMMEDIATE}, {@code COMMIT}, savepoints) run several times per batch, and parsing them each time
     * was a measurable share of the writer's native time.
     */
    void run(String sql) throws SQLException {
        prepare(sql).execute();
    }

    void execute(String sql) throws SQLException {
        try (var s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() {
        cache.values().forEach(ps -> {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        });
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }
}
