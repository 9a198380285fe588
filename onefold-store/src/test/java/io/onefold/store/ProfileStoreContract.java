package io.onefold.store;

import static io.onefold.core.testing.Fixtures.obs;
import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.core.json.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store contract, written once against {@link ProfileStore}; every store's test extends it
 * ({@code SqliteProfileStoreTest}, {@code PostgresProfileStoreIT}) and so runs every concern's contract, which this
 * class implements: {@link ProfileContract}, {@link ChangeStreamContract}, {@link ConfigurationContract},
 * {@link AccessContract}, {@link WebhookContract}, {@link JobContract}, {@link IdempotencyContract}. Here: the fresh
 * store each test gets, and what holds across concerns (transactions, savepoints, organizations, the purge). Named
 * without "Test" so that it runs only through its subclasses.
 */
public abstract class ProfileStoreContract implements StoreFixture, ProfileContract, ChangeStreamContract, ConfigurationContract,
        AccessContract, WebhookContract, JobContract, IdempotencyContract {
    @TempDir
    protected Path dir;
    protected ProfileStore store;

    /** A fresh, empty store (migrated) for one test. */
    protected abstract ProfileStore open(Path dir);

    @Override
    public ProfileStore store() {
        return store;
    }

    @BeforeEach
    void openStore() {
        store = open(dir);
        write(s -> s.configuration().createOrganization(new Organization(ORG, "Acme", NOW)));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void aSavepointRollsBackOneOperationAndKeepsTheOthers() {
        write(s -> {
            s.savepoint();
            upsert(s, obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"kept@example.com\"}"));
            s.releaseSavepoint();
            s.savepoint();
            upsert(s, obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"dropped@example.com\"}"));
            try {
                s.rollbackToSavepoint();
            } catch (TransactionLostException lost) {
                // the store undid the whole transaction instead: the writer re-runs the operations that had succeeded
                s.begin();
                s.savepoint();
                upsert(s, obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"kept@example.com\"}"));
                s.releaseSavepoint();
            }
        });
        assertThat(store.profiles().ownerOf(ORG, "email", "kept@example.com")).isPresent();
        assertThat(store.profiles().ownerOf(ORG, "email", "dropped@example.com")).isEmpty();
    }

    @Test
    void anOperationRefusedBeforeItWroteIsUndoneAloneAndTakesItsEventsWithIt() {
        write(s -> {
            s.savepoint();
            s.profiles().appendChange(new ChangeEvent(0, ORG, "p1", "profile.updated", NOW, Json.object().put("n", 1)));
            s.releaseSavepoint();
            s.savepoint();
            s.profiles().ownerOf(ORG, "email", "nobody@example.com");
            s.profiles().appendChange(new ChangeEvent(0, ORG, "p2", "profile.updated", NOW, Json.object().put("n", 2)));
            s.rollbackToSavepoint();
        });
        assertThat(store.profiles().changesSince(ORG, 0, 10)).extracting(ChangeEvent::profileId).containsExactly("p1");
    }

    @Test
    void aRolledBackTransactionLeavesNothingOfAnyConcern() {
        try (WriteSession s = store.openWriteSession()) {
            s.begin();
            upsert(s, obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"undone@example.com\"}"));
            s.configuration().putConfig(ORG, ConfigKind.RULES, "r", Json.object(), NOW);
            s.jobs().putJob(new Job("j", ORG, "re-resolve", "RUNNING", 1, 0, Json.object(), NOW, NOW));
            s.idempotency().putIdempotency(new IdempotencyRecord(ORG, "k", "h", 201, "{}", "p", NOW));
            s.profiles().appendChange(new ChangeEvent(0, ORG, "p", "profile.created", NOW, Json.object()));
            s.rollback();
        }
        assertThat(store.profiles().ownerOf(ORG, "email", "undone@example.com")).isEmpty();
        assertThat(store.profiles().countActiveProfiles(ORG)).isZero();
        assertThat(store.configuration().configs(ORG, ConfigKind.RULES)).isEmpty();
        assertThat(store.jobs().job(ORG, "j")).isEmpty();
        assertThat(store.idempotency().idempotency(ORG, "k")).isEmpty();
        assertThat(store.profiles().latestPosition(ORG)).isZero();
    }

    @Test
    void readersNeverSeeUncommittedWritesAndSeeCommittedOnesAtOnce() {
        try (WriteSession s = store.openWriteSession()) {
            s.begin();
            upsert(s, obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"pending@example.com\"}"));
            assertThat(s.profiles().ownerOf(ORG, "email", "pending@example.com")).as("the writer sees its own write").isPresent();
            assertThat(store.profiles().ownerOf(ORG, "email", "pending@example.com")).as("a reader does not, yet").isEmpty();
            s.commit();
        }
        assertThat(store.profiles().ownerOf(ORG, "email", "pending@example.com")).isPresent();
    }

    @Test
    void purgingAfterAnErasureCompletes() {
        write(s -> upsert(s, obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"purged@example.com\"}")));
        assertThat(store.purge(java.util.List.of("purged@example.com"))).succeedsWithin(java.time.Duration.ofMinutes(1));
    }

    @Test
    void nothingIsVisibleAcrossOrganizations() {
        write(s -> {
            s.configuration().createOrganization(new Organization("other", "Other", NOW));
            upsert(s, obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"tenant@example.com\"}"));
        });
        assertThat(store.profiles().ownerOf("other", "email", "tenant@example.com")).isEmpty();
        assertThat(store.profiles().countActiveProfiles("other")).isZero();
    }
}
