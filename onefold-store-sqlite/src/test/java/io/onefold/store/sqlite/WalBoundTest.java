package io.onefold.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.core.json.Json;
import io.onefold.store.ConfigKind;
import io.onefold.store.Organization;
import io.onefold.store.TransactionResult;
import io.onefold.store.WriteSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-ahead log stays bounded under a stream of commits: the writer's own checkpoint (SQLite's automatic one,
 * every ~1,000 pages) completes because nothing appends while it runs, so the next transaction restarts the log. A
 * checkpoint on another thread racing the writer never completes, and the log grew without end (26 GB after a million
 * upserts, docs/benchmarks.md): this test fails when the writer stops checkpointing.
 */
class WalBoundTest {
    private static final Instant NOW = Instant.parse("2026-12-06T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void commitsOfThreeTimesTheCheckpointIntervalLeaveALogOfAboutOneInterval() throws Exception {
        try (SqliteProfileStore store = SqliteProfileStore.open(dir, 1)) {
            write(store, s -> s.configuration().createOrganization(new Organization("acme", "Acme", NOW)));
            String filler = "x".repeat(100_000);
            // 120 transactions of ~25 pages each (configuration bodies): ~3,000 pages, three checkpoint intervals
            for (int t = 0; t < 120; t++) {
                int n = t;
                write(store, s -> s.configuration().putConfig("acme", ConfigKind.RULES, "r" + n, Json.object().put("filler", filler), NOW));
            }
            assertThat(Files.size(dir.resolve("onefold.db-wal"))).as("the log restarted after each checkpoint").isLessThan(8L << 20);
        }
    }

    private static void write(SqliteProfileStore store, Consumer<WriteSession> work) {
        try (WriteSession s = store.openWriteSession()) {
            TransactionResult r = s.transact(List.of(() -> {
                work.accept(s);
                return null;
            }), epoch -> {});
            assertThat(r).isInstanceOfSatisfying(TransactionResult.Committed.class, c -> assertThat(c.outcomes().get(0).error()).isNull());
        }
    }
}
