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
    private static final Set<String> SENDING = Set.of("execute", "executeQuery", "executeUpdate", "executeBatch", "executeLargeUpdate", "executeLargeBatch");

    private RoundTrips() {}

    /** Round trips of every write connection of this process since it started (0 when counting is off). */
    public static long count() {
        return COUNT.sum();
    }

    public static boolean counting() {
        return ON;
    }

    static Connection wrap(Connection c) {
        if (!ON) return c;
        return (Connection) Proxy.newProxyInstance(RoundTrips.class.getClassLoader(), new Class<?>[] {Connection.class, org.postgresql.PGConnection.class}, (proxy, m, args) -> {
            if (m.getName().equals("commit") || m.getName().equals("rollback")) COUNT.increment();
            Object out = invoke(c, m, args);
            if (out instanceof Statement st) return statement(st);
            return out;
        });
    }

    private static Object statement(Statement st) {
        Class<?>[] types = st instanceof java.sql.PreparedStatement ? new Class<?>[] {java.sql.PreparedStatement.class} : new Class<?>[] {Statement.class};
        InvocationHandler h = (proxy, m, args) -> {
            if (SENDING.contains(m.getName())) COUNT.increment();
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
