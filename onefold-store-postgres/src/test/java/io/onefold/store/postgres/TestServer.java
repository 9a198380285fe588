package io.onefold.store.postgres;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Which PostgreSQL the tests use: ONEFOLD_TEST_PG when set (no fallback, so a wrong address fails loudly), else the
 * server answering at 127.0.0.1:5432, else one {@link PrivatePostgres} for this JVM. Decided once per JVM.
 */
public final class TestServer {
    static final String SHARED = "jdbc:postgresql://127.0.0.1:5432/";
    private static String chosen;

    private TestServer() {
    }

    /** The server URL (ending in '/', a database name is appended) for this JVM's tests. */
    public static synchronized String url() {
        if (chosen == null) {
            chosen = choose(System::getenv, () -> answers("127.0.0.1", 5432), () -> PrivatePostgres.shared(user(System::getenv)));
        }
        return chosen;
    }

    /** The superuser the tests connect as: ONEFOLD_TEST_PG_USER or postgres. */
    public static String user() {
        return user(System::getenv);
    }

    static String user(Function<String, String> env) {
        String user = env.apply("ONEFOLD_TEST_PG_USER");
        return user == null || user.isBlank() ? "postgres" : user;
    }

    static String choose(Function<String, String> env, BooleanSupplier sharedAnswers, Supplier<String> privateServer) {
        String configured = env.apply("ONEFOLD_TEST_PG");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return sharedAnswers.getAsBoolean() ? SHARED : privateServer.get();
    }

    static boolean answers(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
