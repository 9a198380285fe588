package io.onefold.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.store.postgres.PostgresProfileStore;
import io.onefold.store.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * Erasure on PostgreSQL: the scenarios, no row of any table holding an erased value, and the tables an erasure
 * touched vacuumed before it answered (what WAL and backups keep is in docs/deployment.md).
 */
class ErasurePostgresIT extends ErasureScenarios {
    private TestDatabase database;

    @Override
    protected ServiceFixture open(ServiceOptions options) {
        database = TestDatabase.create();
        return new ServiceFixture(null, PostgresProfileStore.open(database.url(), database.user(), null, 4), options, true);
    }

    @AfterEach
    void dropDatabase() {
        f.close();
        if (database != null) database.close();
    }

    @Override
    protected void assertNoTraceOf(String... values) throws SQLException {
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), null)) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")) {
                while (rs.next()) tables.add(rs.getString(1));
            }
            List<String> found = new ArrayList<>();
            for (String table : tables) {
                for (String value : values) {
                    try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table + " t WHERE strpos(t::text, ?) > 0")) {
                        ps.setString(1, value);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            if (rs.getLong(1) > 0) found.add(value + " in " + table);
                        }
                    }
                }
            }
            assertThat(found).as("rows holding an erased value").isEmpty();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT relname FROM pg_stat_user_tables WHERE relname IN "
                    + "('records', 'identifiers', 'shared_identifiers', 'links', 'profiles', 'changes', 'idempotency') AND vacuum_count = 0")) {
                List<String> unvacuumed = new ArrayList<>();
                while (rs.next()) unvacuumed.add(rs.getString(1));
                assertThat(unvacuumed).as("tables the erasure touched and did not vacuum").isEmpty();
            }
        }
    }
}
