package io.onefold.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.store.jdbc.Statements;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer's page cache is small while the file is small (see {@link WriterPageCache} for why), large past the threshold. */
class WriterPageCacheTest {
    @TempDir
    Path dir;

    @Test
    void a_fresh_store_starts_with_the_small_cache() throws Exception {
        try (SqliteProfileStore store = SqliteProfileStore.open(dir, 1)) {
            assertThat(cacheSize(store.writer())).isEqualTo(-WriterPageCache.SMALL_KIB);
        }
    }

    @Test
    void the_cache_grows_once_the_file_passes_the_threshold_and_only_at_a_check() throws Exception {
        try (Statements writer = new Statements(DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db")), SqliteDialect.SQLITE)) {
            WriterPageCache cache = new WriterPageCache(writer, 256 * 1024);
            cache.fit();
            assertThat(cacheSize(writer)).isEqualTo(-WriterPageCache.SMALL_KIB);

            writer.execute("CREATE TABLE t(v TEXT)");
            writer.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400) INSERT INTO t SELECT hex(randomblob(1000)) FROM n");
            for (int i = 1; i < WriterPageCache.CHECK_EVERY; i++) cache.committed();
            assertThat(cacheSize(writer)).as("not yet looked at again").isEqualTo(-WriterPageCache.SMALL_KIB);
            cache.committed();
            assertThat(cacheSize(writer)).isEqualTo(-WriterPageCache.LARGE_KIB);

            writer.execute("DELETE FROM t");
            writer.execute("VACUUM");
            cache.fit();
            assertThat(cacheSize(writer)).as("a vacuumed file back under the threshold").isEqualTo(-WriterPageCache.SMALL_KIB);
        }
    }

    private static long cacheSize(Statements writer) throws SQLException {
        try (var st = writer.connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA cache_size")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
