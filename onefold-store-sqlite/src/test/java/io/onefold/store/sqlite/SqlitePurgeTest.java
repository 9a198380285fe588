package io.onefold.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.store.DataFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The purge after an erasure leaves no byte of a deleted row in the database file, even where {@code secure_delete}
 * does not reach: B-tree pages rebuilt by a rebalance keep copies of the cells that moved in their free space.
 */
class SqlitePurgeTest {
    private static final int ROWS = 20_000;

    @TempDir
    Path dir;

    @Test
    void noCopyOfADeletedRowSurvivesThePurgeNotEvenInTheFreeSpaceOfRebalancedPages() throws Exception {
        List<String> deleted = new ArrayList<>();
        try (SqliteProfileStore store = SqliteProfileStore.open(dir, 1)) {
            // many records at random keys (pages split and rebalance), then every seventh deleted, then small rows
            try (Connection c = DriverManager.getConnection(store.url()); Statement st = c.createStatement()) {
                st.execute("PRAGMA secure_delete=ON");
                c.setAutoCommit(false);
                Random random = new Random(1);
                List<String> keys = new ArrayList<>();
                PreparedStatement insert = c.prepareStatement("INSERT INTO records (org, source, record_key, profile_id, body) VALUES ('o', 'crm', ?, 'p', ?)");
                for (int i = 0; i < ROWS + ROWS / 4; i++) {
                    keys.add("r:" + random.nextInt(100_000_000) + "-" + i);
                    insert.setString(1, keys.get(i));
                    String pad = i < ROWS ? "x".repeat(random.nextInt(300)) : ""; // small later rows: they do not fill the free space
                    insert.setString(2, "{\"c\":{\"email\":{\"v\":\"" + token(i) + "\"}},\"pad\":\"" + pad + "\"}");
                    insert.executeUpdate();
                    if (i == ROWS - 1) {
                        c.commit();
                        PreparedStatement delete = c.prepareStatement("DELETE FROM records WHERE org = 'o' AND source = 'crm' AND record_key = ?");
                        for (int v = 0; v < ROWS; v += 7) {
                            delete.setString(1, keys.get(v));
                            delete.executeUpdate();
                            deleted.add(token(v));
                        }
                        c.commit();
                    }
                }
                c.commit();
            }
            try (Connection c = DriverManager.getConnection(store.url()); Statement st = c.createStatement()) {
                st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
            assertThat(FreeSpaceScan.leftovers(dir.resolve("onefold.db"), deleted)).as("precondition: rebalanced pages kept copies").isNotEmpty();

            assertThat(store.purge(deleted)).succeedsWithin(java.time.Duration.ofMinutes(1));

            assertThat(DataFiles.copiesOf(dir, deleted.toArray(String[]::new))).isEmpty();
            assertThat(DataFiles.copiesOf(dir, token(1), token(ROWS + 1))).as("the rows kept are still there").hasSize(2);
        }
    }

    private static String token(int i) {
        return String.format("erased-%06d@example.com", i);
    }
}
