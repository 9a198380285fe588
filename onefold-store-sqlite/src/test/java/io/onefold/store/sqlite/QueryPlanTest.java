package io.onefold.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.store.jdbc.ClusterRows;
import io.onefold.store.jdbc.MatchQueries;
import io.onefold.store.jdbc.ProfileQueries;
import io.onefold.store.jdbc.SearchIndex;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading a cluster must cost O(log n), not O(n): on a fresh store (no statistics) SQLite would otherwise answer
 * "WHERE org = ? AND profile_id = ?" with "SEARCH ... USING PRIMARY KEY (org=?)", a scan of the whole organization
 * — measured at 1,000,000 profiles: about two seconds per upsert.
 */
class QueryPlanTest {
    @TempDir
    Path dir;

    @Test
    void clusterQueriesUseTheByProfileIndexes() throws Exception {
        SqliteProfileStore.open(dir, 1).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("onefold.db"))) {
            for (String sql : List.of(ClusterQueries.IDENTIFIERS_OF, ClusterQueries.RECORDS_OF, ClusterQueries.LINKS_OF, SqliteDialect.HISTORY_OF)) {
                List<String> plan = new ArrayList<>();
                try (ResultSet rs = c.createStatement().executeQuery("EXPLAIN QUERY PLAN " + sql)) {
                    while (rs.next()) plan.add(rs.getString("detail"));
                }
                assertThat(plan.stream().filter(p -> p.startsWith("SEARCH") || p.startsWith("SCAN")))
                        .as(sql).isNotEmpty()
                        .allSatisfy(p -> assertThat(p).as(sql).startsWith("SEARCH").containsPattern("INDEX \\w+ \\(org=\\? AND \\w+=\\?"));
            }
        }
    }

    /**
     * The blocking-key index and the review queue: every table is searched by more of its key than the organization
     * (the only scans are of the bound lists and of the per-key ranges read once), and the queue's order is its index's.
     */
    @Test
    void matchingQueriesSearchBeyondTheOrganization() throws Exception {
        SqliteProfileStore.open(dir, 1).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("onefold.db"))) {
            for (String sql : List.of(ClusterRows.deleteMatchKeys(SqliteDialect.SQLITE), ClusterRows.insertMatchKeys(SqliteDialect.SQLITE),
                    MatchQueries.candidates(SqliteDialect.SQLITE),
                    MatchQueries.links(SqliteDialect.SQLITE, true), MatchQueries.links(SqliteDialect.SQLITE, false))) {
                List<String> plan = new ArrayList<>();
                try (ResultSet rs = c.createStatement().executeQuery("EXPLAIN QUERY PLAN " + sql)) {
                    while (rs.next()) plan.add(rs.getString("detail"));
                }
                assertThat(plan).as(sql).noneMatch(p -> p.contains("TEMP B-TREE"));
                assertThat(plan.stream().filter(p -> p.startsWith("SEARCH") || p.startsWith("SCAN")))
                        .as(sql).isNotEmpty()
                        .allSatisfy(p -> assertThat(p).as(sql).matches("SEARCH \\w+ USING .*\\(org=\\? AND \\w+.*|SCAN [khj] VIRTUAL TABLE.*|SCAN (ranges|c)"));
            }
        }
    }

    /** A search on a searchable attribute reads a range of the index's primary key, in its order: no scan, no sort. */
    @Test
    void indexedSearchReadsARangeOfTheSearchIndex() throws Exception {
        SqliteProfileStore.open(dir, 1).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("onefold.db"))) {
            for (String sql : List.of(ProfileQueries.INDEXED_SEARCH, SearchIndex.entriesOf(SqliteDialect.SQLITE), SearchIndex.DELETE)) {
                List<String> plan = new ArrayList<>();
                try (ResultSet rs = c.createStatement().executeQuery("EXPLAIN QUERY PLAN " + sql)) {
                    while (rs.next()) plan.add(rs.getString("detail"));
                }
                assertThat(plan).as(sql).noneMatch(p -> p.contains("TEMP B-TREE"));
                assertThat(plan.stream().filter(p -> p.startsWith("SEARCH") || p.startsWith("SCAN")))
                        .as(sql).isNotEmpty()
                        .allSatisfy(p -> assertThat(p).as(sql).matches("SEARCH \\w+ USING .*\\(org=\\? AND \\w+.*"));
            }
        }
    }
}
