package io.onefold.store.postgres;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the requests the write connections send to the server (each execute, batch and commit is one round trip),
 * for the benchmarks' "round trips per upsert". Off unless the system property {@code onefold.pg.count-round-trips}
 * is true: the counting goes through a reflective proxy.
 */
public final class RoundTrips {
    private static final boolean ON = Boolean.getBoolean("onefold.pg.count-round-trips");
    private static final LongAdder COUNT = new LongAdder();
    /** The same count by what was sent: a prepared statement's SQL (its first 72 characters), or the method. */
    private static final java.util.concurrent.ConcurrentHashMap<String, LongAdder> BY_STATEMENT = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Set<String> SENDING = Set.of("execute", "executeQuery", "executeUpdate", "executeBatch", "executeLargeUpdate", "executeLargeBatch");

    private RoundTrips() {}

    /** Round trips of every write connection of this process since it started (0 when counting is off). */
    public static long count() {
        return COUNT.sum();
    }

    /** {@link #count()} by statement, most sent first. */
    public static java.util.List<java.util.Map.Entry<String, Long>> byStatement() {
        return BY_STATEMENT.entrySet().stream().map(e -> java.util.Map.entry(e.getKey(), e.getValue().sum()))
                .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed()).toList();
    }

    private static void count(String what) {
        COUNT.increment();
        BY_STATEMENT.computeIfAbsent(what.length() > 72 ? what.substring(0, 72) : what, k -> new LongAdder()).increment();
    }

    public static boolean counting() {
        return ON;
    }

    static Connection wrap(Connection c) {
        if (!ON) return c;
        return (Connection) Proxy.newProxyInstance(RoundTrips.class.getClassLoader(), new Class<?>[] {Connection.class, org.postgresql.PGConnection.class}, (proxy, m, args) -> {
            if (m.getName().equals("commit") || m.getName().equals("rollback")) count(m.getName());
            Object out = invoke(c, m, args);
            if (out instanceof Statement st) return statement(st, args != null && args.length > 0 && args[0] instanceof String sql ? sql : null);
            return out;
        });
    }

    private static Object statement(Statement st, String preparedSql) {
        Class<?>[] types = st instanceof java.sql.PreparedStatement ? new Class<?>[] {java.sql.PreparedStatement.class} : new Class<?>[] {Statement.class};
        InvocationHandler h = (proxy, m, args) -> {
            if (SENDING.contains(m.getName())) {
                count(preparedSql != null ? preparedSql : args != null && args.length > 0 && args[0] instanceof String sql ? sql : m.getName());
            }
            return invoke(st, m, args);
        };
        return Proxy.newProxyInstance(RoundTrips.class.getClassLoader(), types, h);
    }

    private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
