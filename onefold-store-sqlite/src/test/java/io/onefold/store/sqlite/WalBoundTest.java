package io.onefold.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.core.json.Json;
import io.onefold.store.ConfigKind;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The write-ahead log stays bounded under a stream of commits: the writer's own checkpoint (SQLite's automatic one,
 * every ~1,000 pages) completes because nothing appends while it runs, so the next transaction restarts the log. A
 * checkpoint on another thread racing the writer never completes, and the log grew without end (26 GB after a million
 * upserts, docs/benchmarks.md): this test fails when the writer stops checkpointing.
 */
class WalBoundTest extends SqliteStoreFixture {
    @Test
    void commitsOfThreeTimesTheCheckpointIntervalLeaveALogOfAboutOneInterval() throws Exception {
        open(SqliteProfileStore.DEFAULT_CACHE_CLUSTERS);
        String filler = "x".repeat(100_000);
        // 120 transactions of ~25 pages each (configuration bodies): ~3,000 pages, three checkpoint intervals
        for (int t = 0; t < 120; t++) {
            int n = t;
            write(s -> s.configuration().putConfig(ORG, ConfigKind.RULES, "r" + n, Json.object().put("filler", filler), NOW));
        }
        assertThat(Files.size(dir.resolve("onefold.db-wal"))).as("the log restarted after each checkpoint").isLessThan(8L << 20);
    }

    @Test
    void aBulkLoadsLogGrowsToItsLongerIntervalBeforeItIsCopiedBack() throws Exception {
        open(SqliteProfileStore.DEFAULT_CACHE_CLUSTERS);
        store.checkpointEvery(SqliteProfileStore.BULK_CHECKPOINT_PAGES);
        String filler = "x".repeat(100_000);
        // the same ~3,000 pages: under the bulk interval (16,384 pages) no commit checkpoints, the log holds them all
        for (int t = 0; t < 120; t++) {
            int n = t;
            write(s -> s.configuration().putConfig(ORG, ConfigKind.RULES, "r" + n, Json.object().put("filler", filler), NOW));
        }
        assertThat(Files.size(dir.resolve("onefold.db-wal"))).as("no checkpoint before the bulk interval").isGreaterThan(10L << 20);
    }
}
