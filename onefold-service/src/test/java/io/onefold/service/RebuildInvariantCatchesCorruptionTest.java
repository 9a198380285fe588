package io.onefold.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.onefold.core.testing.StoredProfilesEqualRebuild;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The rebuild invariant can fail: a service test whose store rows were corrupted behind the service's back — a golden
 * value rewritten, an identifier entry deleted — passes its own assertions and is failed by
 * {@link StoredProfilesEqualRebuild} after it, naming the profile and the attribute. The corrupting tests
 * ({@link Corrupting}) run through the JUnit Platform here, as surefire runs every test.
 */
class RebuildInvariantCatchesCorruptionTest {
    @TempDir
    Path dir;

    @Test
    void theCheckRunsAfterEveryServiceTest() {
        assertThat(StoredProfilesEqualRebuild.active()).as("auto-detected extension (junit.jupiter.extensions.autodetection.enabled)").isTrue();
    }

    @Test
    void aGoldenValueRewrittenInTheDatabaseFailsTheTestNamingTheProfileAndTheAttribute() {
        Throwable failure = runAlone("goldenValueRewritten");
        assertThat(failure).isInstanceOf(AssertionError.class).hasMessageContaining("SQLite store in " + dir)
                .hasMessageContaining("profile " + Corrupting.profileId + " (organization default): golden.loyalty_tier: held \"Platinum\", rebuilt \"Gold\"");
    }

    @Test
    void anIdentifierEntryDeletedFromTheDatabaseFailsTheTestNamingTheProfileAndTheIdentifier() {
        Throwable failure = runAlone("identifierEntryDeleted");
        assertThat(failure).isInstanceOf(AssertionError.class)
                .hasMessageContaining("profile " + Corrupting.profileId + " (organization default): identifiers.current.phone_number: held [+14155550101], rebuilt (absent)");
    }

    /** Runs one test of {@link Corrupting} in {@link #dir}; returns why it failed (it must have). */
    private Throwable runAlone(String method) {
        Corrupting.dir = dir;
        try {
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectMethod(Corrupting.class, method))
                    .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                    .build();
            SummaryGeneratingListener listener = new SummaryGeneratingListener();
            LauncherFactory.create().execute(request, listener);
            TestExecutionSummary summary = listener.getSummary();
            assertThat(summary.getTestsSucceededCount()).as("tests that passed").isZero();
            List<TestExecutionSummary.Failure> failures = summary.getFailures();
            assertThat(failures).as("failed tests").hasSize(1);
            return failures.get(0).getException();
        } finally {
            Corrupting.dir = null;
        }
    }

    /** Service tests that corrupt their store after the service wrote it. Run only by the tests above (skipped alone). */
    static final class Corrupting {
        static Path dir;
        static String profileId;

        @Test
        void goldenValueRewritten() throws SQLException {
            write("{\"source\":\"salesforce_crm\",\"profile_data\":{\"email\":\"ava@example.com\",\"loyalty_tier\":\"Gold\"}}");
            sql("UPDATE profiles SET golden = json_set(golden, '$.loyalty_tier', 'Platinum') WHERE id = ?");
        }

        @Test
        void identifierEntryDeleted() throws SQLException {
            write("{\"source\":\"voice_ivr\",\"profile_data\":{\"phone_number\":\"+14155550101\",\"recent_intent\":\"billing\"}}");
            sql("DELETE FROM identifiers WHERE profile_id = ? AND attribute = 'phone_number'");
        }

        private static void write(String upsert) {
            Assumptions.assumeTrue(dir != null, "run by RebuildInvariantCatchesCorruptionTest");
            try (ServiceFixture f = ServiceFixture.open(dir)) {
                profileId = f.upsert(upsert).profileId();
            }
        }

        private static void sql(String statement) throws SQLException {
            Path db = dir.resolve("onefold.db");
            assertThat(Files.exists(db)).isTrue();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); PreparedStatement ps = c.prepareStatement(statement)) {
                ps.setString(1, profileId);
                assertThat(ps.executeUpdate()).as("rows corrupted").isEqualTo(1);
            }
        }
    }
}
