package io.onefold.server;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The set-up most route tests share: one real server per test class, on a fresh data directory, configured with the
 * omnichannel example, and its bootstrap admin ({@link #api}). JUnit runs a superclass's {@code @BeforeAll} first, so a
 * test class may add its own set-up on top.
 */
abstract class OmnichannelServerTest {
    @TempDir
    static Path dir;
    static TestServer server;
    /** The bootstrap admin client (Read, Write, Admin, every source). */
    static Api api;

    @BeforeAll
    static void startServer() {
        server = TestServer.start(dir).configureOmnichannel();
        api = server.admin();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }
}
