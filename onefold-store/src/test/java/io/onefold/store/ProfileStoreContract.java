package io.onefold.store;

import static io.onefold.core.testing.Fixtures.obs;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store contract, written once against {@link ProfileStore}; every store's test extends it
 * ({@code SqliteProfileStoreTest}, {@code PostgresProfileStoreIT}) and so runs every concern's contract, which this
 * class implements: {@link TransactionContract}, {@link ProfileContract}, {@link ChangeStreamContract},
 * {@link ConfigurationContract}, {@link AccessContract}, {@link WebhookContract}, {@link JobContract},
 * {@link IdempotencyContract}, {@link MatchingContract}, {@link SearchContract}. Here: the fresh store each test gets, and what holds across concerns (organizations,
 * the purge). Named
 * without "Test" so that it runs only through its subclasses.
 */
public abstract class ProfileStoreContract implements StoreFixture, TransactionContract, ProfileContract, ChangeStreamContract,
        ConfigurationContract, AccessContract, WebhookContract, JobContract, IdempotencyContract, MatchingContract, SearchContract {
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
