package io.onefold.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onefold.core.testing.Await;
import io.onefold.store.Organization;
import io.onefold.store.ProfileStore;
import io.onefold.store.StoreUnavailableException;
import io.onefold.store.TransactionControl;
import io.onefold.store.WriteSession;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One store while its database restarts (a private PostgreSQL of this test's own, never the shared server): while the
 * database is down, reads and writes fail as unavailable (a 503, not a 500); once it is back the same store reads, writes
 * and hears other nodes' commits again — its pool, its write session and its LISTEN connection reconnect by themselves;
 * a job's claim, which lived in a session the restart ended, says it no longer holds.
 */
class StoreReconnectionIT {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    private PrivatePostgres database;
    private PostgresProfileStore store;

    @BeforeEach
    void open() {
        database = PrivatePostgres.start(TestServer.user());
        store = PostgresProfileStore.open(url(), TestServer.user(), null, 2, 1);
    }

    @AfterEach
    void close() {
        if (store != null) store.close();
        if (database != null) database.close();
    }

    @Test
    void whileTheDatabaseIsDownReadsAndWritesAreUnavailableAndAfterItRestartsTheSameStoreServesAtOnce() {
        try (WriteSession session = store.openWriteSession()) {
            createOrganization(session, "before");
            database.stop();
            assertThatThrownBy(() -> store.configuration().organizations()).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> createOrganization(session, "lost")).as("the connection the database closed").isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> createOrganization(session, "refused")).as("a new connection while it is down").isInstanceOf(StoreUnavailableException.class);
            database.restart();
            createOrganization(session, "after");
            assertThat(store.configuration().organizations()).extracting(Organization::id).containsExactlyInAnyOrder("before", "after");
        }
    }

    @Test
    void aWriteSessionIdleThroughTheRestartWritesAtItsFirstAttempt() {
        try (WriteSession session = store.openWriteSession()) {
            createOrganization(session, "before");
            database.stop();
            database.restart();
            createOrganization(session, "after");
            assertThat(store.configuration().organizations()).extracting(Organization::id).containsExactlyInAnyOrder("before", "after");
        }
    }

    @Test
    void theChangeListenerSubscribesAgainAfterTheRestartAndHearsAnotherNodesCommit() throws SQLException {
        AtomicInteger changes = new AtomicInteger();
        AtomicInteger subscriptions = new AtomicInteger();
        // after each (re)subscription the store runs both callbacks, changes first: configuration marks it done
        store.subscribe(changes::incrementAndGet, subscriptions::incrementAndGet);
        Await.until("the first subscription", Duration.ofSeconds(30), () -> subscriptions.get() >= 1);
        database.stop();
        database.restart();
        Await.until("a subscription after the restart", Duration.ofSeconds(30), () -> subscriptions.get() >= 2);
        int heard = changes.get();
        try (Connection other = DriverManager.getConnection(url(), TestServer.user(), null); var st = other.createStatement()) {
            st.execute("NOTIFY onefold_changes, 'another-node'");
        }
        Await.until("the other node's commit heard", Duration.ofSeconds(30), () -> changes.get() > heard);
    }

    @Test
    void aClaimTheRestartReleasedSaysSoAndTheJobCanBeClaimedAgain() {
        try (ProfileStore.Claim before = store.claim("webhook/acme/1").orElseThrow()) {
            assertThat(before.held()).isTrue();
            assertThat(store.claim("webhook/acme/1")).as("held by this claim").isEmpty();
            database.stop();
            database.restart();
            assertThat(before.held()).as("its session ended with the database").isFalse();
            try (ProfileStore.Claim after = store.claim("webhook/acme/1").orElseThrow()) {
                assertThat(after.held()).isTrue();
            }
        }
    }

    private String url() {
        return database.url() + "postgres";
    }

    private static void createOrganization(WriteSession session, String id) {
        TransactionControl tx = (TransactionControl) session;
        try {
            tx.begin();
            session.configuration().createOrganization(new Organization(id, id, NOW));
            tx.commit();
        } catch (RuntimeException e) {
            tx.rollback();
            throw e;
        }
    }
}
