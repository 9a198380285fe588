package io.onefold.store.jdbc;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * One connection and its prepared statements, kept for reuse: preparing is a measurable share of a small query (and
 * the PostgreSQL driver turns a statement used five times into a server-side prepared statement, so the planner runs
 * once per connection, not once per call). Carries the {@link Dialect} the shared queries ask what differs.
 */
public final class Statements implements AutoCloseable {
    public final Connection connection;
    private final Dialect dialect;
    private final Map<String, PreparedStatement> cache = new HashMap<>();

    public Statements(Connection connection, Dialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    public Dialect dialect() {
        return dialect;
    }

    public PreparedStatement prepare(String sql) throws SQLException {
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
     * Runs a statement without parameters that returns no rows, prepared once: the SQLite writer's transaction
     * statements ({@code BEGIN IMMEDIATE}, {@code COMMIT}, savepoints) run several times per batch, and parsing them
     * each time was a measurable share of the writer's native time.
     */
    public void run(String sql) throws SQLException {
        prepare(sql).execute();
    }

    public void execute(String sql) throws SQLException {
        try (var s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    /** A {@code text[]} parameter (PostgreSQL). */
    public Array array(Collection<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray(new String[0]));
    }

    /** Closes the cached statements, not the connection (a pooled one goes back to its pool). */
    public void closeStatements() {
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
