package io.onefold.store.sqlite;

import static io.onefold.core.testing.Fixtures.obs;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which clusters the writer's cache takes: a customer created from nothing is not cached by its creation (a bulk load
 * of new customers would fill the cache with clusters nobody reads again); it enters on its first read, and from then
 * on every write keeps it current.
 */
class ClusterAdmissionTest extends SqliteStoreFixture {
    @BeforeEach
    void open() {
        open(100);
    }

    @Test
    void aNewCustomerEntersOnItsFirstReadNotOnItsCreation() {
        String[] id = new String[1];
        write(s -> id[0] = upsert(s, obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"new@example.com\"}")));
        assertThat(store.cache().size()).as("created, never read").isZero();

        long misses = store.cache().misses();
        write(s -> upsert(s, obs("webchat_middleware", "2026-11-02T00:00:00Z", "{\"email\":\"new@example.com\", \"preferred_contact_method\":\"sms\"}")));
        assertThat(store.cache().misses()).as("its first read went to the database").isGreaterThan(misses);
        assertThat(store.cache().size()).as("read, then written: cached as written").isEqualTo(1);

        long hits = store.cache().hits();
        write(s -> assertThat(s.profiles().fragment(ORG, List.of(id[0])).rows().get(id[0]).attributes().get("preferred_contact_method").asText())
                .isEqualTo("sms"));
        assertThat(store.cache().hits()).as("answered from the cache, as last written").isGreaterThan(hits);
    }
}
