package io.onefold.service;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.io.TempDir;

/** {@link JoinedUpsertsScenarios} on the embedded store. */
class JoinedUpsertsTest extends JoinedUpsertsScenarios {
    @TempDir
    Path dir;

    @Override
    protected ServiceFixture open() {
        return ServiceFixture.open(dir);
    }

    @Override
    protected void claimBehindTheServicesBack(String email) throws Exception {
        // a second connection to the file (the data directory's lock keeps out processes, not this test)
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("onefold.db"));
             PreparedStatement ps = c.prepareStatement("INSERT INTO identifiers (org, attribute, value, profile_id, kind) VALUES (?, 'email', ?, 'no-such-profile', 'CURRENT')")) {
            ps.setString(1, ServiceFixture.ORG);
            ps.setString(2, email);
            ps.executeUpdate();
        }
    }
}
