package io.onefold.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * One connection and its prepared statements, kept for reuse (the driver turns a statement used five times into a
 * server-side prepared statement, so the planner runs once per connection, not once per call).
 */
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

    /** A {@code text[]} parameter. */
    java.sql.Array array(java.util.Collection<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray(new String[0]));
    }

    void execute(String sql) throws SQLException {
        try (var s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    static OffsetDateTime ts(Instant t) {
        return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    static Instant instant(java.sql.ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** Closes the cached statements, not the connection (a pooled one goes back to its pool). */
    void closeStatements() {
        cache.values().forEach(ps -> {
            try {
                ps.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        });
        cache.clear();
    }

    @Override
    public void close() {
        closeStatements();
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }
}
