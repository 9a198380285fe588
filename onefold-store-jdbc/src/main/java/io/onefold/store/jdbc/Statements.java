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
    private final Map<String, Cached> cache = new HashMap<>();

    /** A prepared statement and how many times it was handed out: each use of {@link #prepare} is one execution. */
    private static final class Cached {
        final PreparedStatement ps;
        long uses;

        Cached(PreparedStatement ps) {
            this.ps = ps;
        }
    }

    public Statements(Connection connection, Dialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    public Dialect dialect() {
        return dialect;
    }

    public PreparedStatement prepare(String sql) throws SQLException {
        Cached c = cache.get(sql);
        if (c == null) {
            c = new Cached(connection.prepareStatement(sql));
            cache.put(sql, c);
        } else {
            c.ps.clearParameters();
        }
        c.uses++;
        return c.ps;
    }

    /**
     * How many times statements whose SQL matches were prepared for a run since they were last closed: every store
     * query prepares its statement once per execution (SQLite's writer runs each at once), so this counts the
     * statements a piece of work ran (the tests' statements per batch). Read it from the connection's own thread.
     */
    public long uses(java.util.function.Predicate<String> sql) {
        long n = 0;
        for (var e : cache.entrySet()) if (sql.test(e.getKey())) n += e.getValue().uses;
        return n;
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
        cache.values().forEach(c -> {
            try {
                c.ps.close();
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
