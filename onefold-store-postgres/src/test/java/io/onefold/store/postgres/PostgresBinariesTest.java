package io.onefold.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which PostgreSQL programs a private server runs: an installation when there is one, else Maven's, else a message. */
class PostgresBinariesTest {
    @TempDir
    Path dir;

    @Test
    void anInstallationOnThePathIsUsedRatherThanTheEmbeddedBinaries() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("pg/bin"));
        for (String program : new String[] {"initdb", "pg_ctl", "postgres"}) {
            Files.createFile(bin.resolve(program), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        }
        Optional<Path> found = PostgresBinaries.find(Map.of("PATH", bin.toString())::get, dir.resolve("no-debian"), () -> {
            throw new AssertionError("took the embedded binaries although PostgreSQL is installed");
        });
        assertThat(found).contains(bin.toRealPath());
    }

    @Test
    void withNoInstallationTheEmbeddedBinariesAreUsed() throws IOException {
        Path emptyPath = Files.createDirectories(dir.resolve("empty"));
        Path embedded = dir.resolve("embedded/bin");
        assertThat(PostgresBinaries.find(Map.of("PATH", emptyPath.toString())::get, dir.resolve("no-debian"), () -> Optional.of(embedded)))
                .contains(embedded);
    }

    @Test
    void withNeitherThePrivateServerFailsSayingWhatToInstall() {
        Optional<Path> none = PostgresBinaries.find(Map.<String, String>of()::get, dir.resolve("no-debian"), Optional::empty);
        assertThat(none).isEmpty();
        assertThatThrownBy(() -> PrivatePostgres.start("postgres", none))
                .hasMessageContaining("apt-get install postgresql").hasMessageContaining("ONEFOLD_TEST_PG");
    }
}
