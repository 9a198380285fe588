package io.onefold.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.core.json.Json;
import io.onefold.core.testing.Await;
import io.onefold.store.ConfigKind;
import io.onefold.store.Organization;
import io.onefold.store.TransactionResult;
import io.onefold.store.WriteSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-ahead log is copied into the database file by the checkpointer's thread, never by the writer's commit:
 * with the checkpointer held, commits of far more than SQLite's 1,000-page automatic checkpoint leave every frame in the
 * log (an automatic checkpoint would have restarted it); let go, it copies them all.
 */
class WalCheckpointerTest {
    private static final Instant NOW = Instant.parse("2026-12-06T00:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theWritersCommitsNeverCheckpointAndTheCheckpointerCopiesTheLog() throws Exception {
        try (SqliteProfileStore store = SqliteProfileStore.open(dir, 1)) {
            write(store, s -> s.configuration().createOrganization(new Organization("acme", "Acme", NOW)));
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Void> holding = CompletableFuture.runAsync(() -> {
                try {
                    store.checkpointer().exclusively(() -> {
                        held.countDown();
                        return release.await(60, TimeUnit.SECONDS);
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
            String filler = "x".repeat(100_000);
            // 120 transactions of ~25 pages each (configuration bodies): ~3,000 pages, three times the automatic checkpoint
            for (int t = 0; t < 120; t++) {
                int n = t;
                write(store, s -> s.configuration().putConfig("acme", ConfigKind.RULES, "r" + n, Json.object().put("filler", filler), NOW));
            }
            Path wal = dir.resolve("onefold.db-wal");
            assertThat(Files.size(wal)).as("the log holds every commit: no automatic checkpoint restarted it").isGreaterThan(8L << 20);
            long before = store.checkpointer().checkpoints();
            release.countDown();
            holding.get(10, TimeUnit.SECONDS);
            write(store, s -> s.configuration().putConfig("acme", ConfigKind.RULES, "last", Json.object(), NOW));
            Await.until("a checkpoint by the checkpointer", Duration.ofSeconds(30), () -> store.checkpointer().checkpoints() > before);
            try (var c = DriverManager.getConnection(store.url()); var st = c.createStatement(); var rs = st.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
                rs.next();
                assertThat(rs.getInt(2)).as("frames in the log").isPositive();
                assertThat(rs.getInt(3)).as("frames copied into the file").isEqualTo(rs.getInt(2));
            }
        }
    }

    private static void write(SqliteProfileStore store, java.util.function.Consumer<WriteSession> work) {
        try (WriteSession s = store.openWriteSession()) {
            TransactionResult r = s.transact(List.of(() -> {
                work.accept(s);
                return null;
            }), epoch -> {});
            assertThat(r).isInstanceOfSatisfying(TransactionResult.Committed.class, c -> assertThat(c.outcomes().get(0).error()).isNull());
        }
    }
}
