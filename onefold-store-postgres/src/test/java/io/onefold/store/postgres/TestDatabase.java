package io.onefold.store.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;

/**
 * A throwaway database {@code onefold_test_<random>} on the PostgreSQL the build uses ({@link TestServer}: ONEFOLD_TEST_PG,
 * else 127.0.0.1:5432, else a private server for this JVM; user ONEFOLD_TEST_PG_USER or {@code postgres}), dropped on close.
 */
public record TestDatabase(String server, String name, String user) implements AutoCloseable {
    public static TestDatabase create() {
        String server = TestServer.url();
        String user = TestServer.user();
        String name = "onefold_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(server + "postgres", user, null); var st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is needed at " + server + " (as user " + user + "): " + e.getMessage(), e);
        }
        return new TestDatabase(server, name, user);
    }

    public String url() {
        return server + name;
    }

    @Override
    public void close() {
        try (Connection c = DriverManager.getConnection(server + "postgres", user, null); var st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + name, e);
        }
    }
}
