package io.onefold.service;

import io.onefold.store.postgres.PostgresProfileStore;
import io.onefold.store.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.AfterEach;

/**
 * {@link JoinedUpsertsScenarios} on PostgreSQL, with one write lane: a batch's upserts are one unit there too (keys
 * locked in one statement, owners read as sets), and a write the database refuses — which undoes the whole
 * transaction there — sends the joined upserts back one by one, so that only the refused one fails.
 */
class JoinedUpsertsPostgresIT extends JoinedUpsertsScenarios {
    private TestDatabase database;

    @Override
    protected ServiceFixture open() {
        database = TestDatabase.create();
        return new ServiceFixture(null, PostgresProfileStore.open(database.url(), database.user(), null, 4, 1), null, true);
    }

    @Override
    protected void claimBehindTheServicesBack(String email) throws Exception {
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), null);
             PreparedStatement ps = c.prepareStatement("INSERT INTO identifiers (org, attribute, value, profile_id, kind) VALUES (?, 'email', ?, 'no-such-profile', 'CURRENT')")) {
            ps.setString(1, ServiceFixture.ORG);
            ps.setString(2, email);
            ps.executeUpdate();
        }
    }

    @AfterEach
    void dropDatabase() {
        if (f != null) f.close();
        if (database != null) database.close();
    }
}
