package io.onefold.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock a writing process holds on its data directory (across processes: DataDirectoryLockIT in onefold-cli). */
class DataDirectoryLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondExclusiveOpenIsRefusedNamingTheDirectoryUntilTheFirstCloses() {
        try (SqliteProfileStore first = SqliteProfileStore.openExclusive(dir, 1)) {
            assertThatThrownBy(() -> SqliteProfileStore.openExclusive(dir, 1).close())
                    .isInstanceOf(DataDirectoryLock.InUseException.class)
                    .hasMessageContaining(dir.toAbsolutePath().toString())
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
            assertThat(first.configuration().organizations()).isEmpty();
        }
        SqliteProfileStore.openExclusive(dir, 1).close();
    }
}
