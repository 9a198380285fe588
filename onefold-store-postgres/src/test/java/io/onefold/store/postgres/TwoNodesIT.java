package io.onefold.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.core.json.Json;
import io.onefold.core.testing.Await;
import io.onefold.store.ChangeEvent;
import io.onefold.store.ConfigKind;
import io.onefold.store.Organization;
import io.onefold.store.ProfileStore;
import io.onefold.store.TransactionControl;
import io.onefold.store.WriteSession;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What two nodes' write sessions on one database guarantee each other: event order, locks, the configuration epoch. */
class TwoNodesIT {
    private static final String ORG = "acme";
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private TestDatabase database;
    private PostgresProfileStore one;
    private PostgresProfileStore two;

    @BeforeEach
    void open() {
        database = TestDatabase.create();
        one = PostgresProfileStore.open(database.url(), database.user(), null, 2, 1);
        two = PostgresProfileStore.open(database.url(), database.user(), null, 2, 1);
        try (WriteSession s = one.openWriteSession()) {
            tx(s).begin();
            s.configuration().createOrganization(new Organization(ORG, "Acme", NOW));
            tx(s).commit();
        }
    }

    @AfterEach
    void close() {
        one.close();
        two.close();
        database.close();
    }

    /** Until PostgreSQL shows a session of this test's database waiting for an advisory lock: the signal that a call blocks. */
    private void awaitABackendWaitingForALock() {
        Await.until("a session waiting for an advisory lock", Duration.ofSeconds(10), () -> {
            try (Connection c = DriverManager.getConnection(database.url(), database.user(), null);
                 var rs = c.createStatement().executeQuery("SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database"
                         + " WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = current_database()")) {
                rs.next();
                return rs.getLong(1) > 0;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The statements of a session's transaction: this test interleaves two nodes' transactions step by step. */
    private static TransactionControl tx(WriteSession s) {
        return (TransactionControl) s;
    }

    /** The session's advisory locks, which this test takes key by key (the store takes them in ClusterExclusion). */
    private static Transaction locks(WriteSession s) {
        return (Transaction) s;
    }

    private static ChangeEvent event(String profile) {
        return new ChangeEvent(0, ORG, profile, "profile.updated", NOW, Json.object());
    }

    @Test
    void aTransactionThatCommitsLaterGetsTheLargerPositionSoAResumingReaderSkipsNothing() {
        try (WriteSession early = one.openWriteSession(); WriteSession late = two.openWriteSession()) {
            tx(early).begin();
            early.profiles().appendChange(event("began-first-committed-last"));
            tx(late).begin();
            late.profiles().appendChange(event("began-last-committed-first"));
            tx(late).commit();
            List<ChangeEvent> seen = one.profiles().changesSince(ORG, 0, 10);
            assertThat(seen).extracting(ChangeEvent::profileId).containsExactly("began-last-committed-first");
            tx(early).commit();
            // a consumer resuming after what it saw gets the event committed later: it was not given a smaller position
            assertThat(one.profiles().changesSince(ORG, seen.get(0).position(), 10)).extracting(ChangeEvent::profileId).containsExactly("began-first-committed-last");
        }
    }

    @Test
    void aKeyLockedByOneNodeIsRefusedToAnotherThatAlreadyHoldsLocksAndAwaitedByOneThatHoldsNone() throws Exception {
        try (WriteSession a = one.openWriteSession(); WriteSession b = two.openWriteSession()) {
            tx(a).begin();
            tx(a).savepoint();
            assertThat(locks(a).lock(List.of("identifier\u0000acme\u0000email\u0000x@example.com"), true)).isTrue();
            tx(b).begin();
            tx(b).savepoint();
            assertThat(locks(b).lock(List.of("record\u0000acme\u0000crm\u0000r:1"), true)).isTrue();
            tx(b).releaseSavepoint();
            tx(b).savepoint();
            // b's transaction already holds a lock from an earlier operation: waiting could close a cycle, so it only tries
            assertThat(locks(b).lock(List.of("identifier\u0000acme\u0000email\u0000x@example.com"), true)).isFalse();
            tx(b).rollbackToSavepoint();
            tx(b).commit();
            // a fresh transaction holds nothing: it waits, and gets the lock once a commits
            tx(b).begin();
            tx(b).savepoint();
            CompletableFuture<Boolean> waited = CompletableFuture.supplyAsync(() -> locks(b).lock(List.of("identifier\u0000acme\u0000email\u0000x@example.com"), true));
            awaitABackendWaitingForALock();
            assertThat(waited).isNotDone();
            tx(a).commit();
            assertThat(waited.get(10, TimeUnit.SECONDS)).isTrue();
            tx(b).commit();
        }
    }

    @Test
    void aConfigurationChangeWaitsForOpenBatchesAndMovesTheEpochEveryNodeReads() throws Exception {
        long before;
        try (WriteSession batch = one.openWriteSession(); WriteSession admin = two.openWriteSession()) {
            tx(batch).begin();
            before = tx(batch).configurationEpoch();
            CompletableFuture<Void> change = CompletableFuture.runAsync(() -> {
                tx(admin).begin();
                admin.configuration().putConfig(ORG, ConfigKind.RULES, "r", Json.object().put("v", 1), NOW);
                tx(admin).commit();
            });
            awaitABackendWaitingForALock();
            assertThat(change).as("the change waits for the batch that read the epoch").isNotDone();
            tx(batch).commit();
            change.get(10, TimeUnit.SECONDS);
            tx(batch).begin();
            assertThat(tx(batch).configurationEpoch()).isGreaterThan(before);
            tx(batch).commit();
        }
    }

    @Test
    void aJobIsClaimedByOneNodeUntilItLetsGo() {
        ProfileStore.Claim held = one.claim("webhook/acme/w1").orElseThrow();
        assertThat(two.claim("webhook/acme/w1")).isEmpty();
        held.close();
        two.claim("webhook/acme/w1").orElseThrow().close();
    }
}
