package io.onefold.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.store.postgres.PostgresProfileStore;
import io.onefold.store.postgres.TestDatabase;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL database (two services, each with its own store, its write lanes and its read pool, as
 * two {@code onefold serve --db} processes have): one customer's writes alternate between them, and after every 2xx
 * from one node the other reads the write — its value and its version — at once. Whatever a node keeps between
 * batches (configuration, caches) must never answer for what the other node changed.
 */
class TwoNodesPostgresIT {
    private static final int WRITES = 40;
    private TestDatabase database;
    private ServiceFixture a;
    private ServiceFixture b;

    @AfterEach
    void close() {
        if (a != null) a.close();
        if (b != null) b.close();
        if (database != null) database.close();
    }

    @Test
    void writesAlternatingBetweenTwoNodesAreEachReadAtOnceOnTheOtherAndNoneIsLost() {
        database = TestDatabase.create();
        a = new ServiceFixture(null, PostgresProfileStore.open(database.url(), database.user(), null, 2), null, true);
        b = new ServiceFixture(null, PostgresProfileStore.open(database.url(), database.user(), null, 2), null, false);
        String profileId = null;
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        for (int i = 0; i < WRITES; i++) {
            ServiceFixture writer = i % 2 == 0 ? a : b;
            ServiceFixture reader = i % 2 == 0 ? b : a;
            // each write its own chat record (a new channel joins the UNION) and the newest intent
            UpsertResponse r = writer.upsert("{\"source\":\"webchat_middleware\",\"source_record_id\":\"chat-" + i + "\",\"observed_at\":\""
                    + start.plusSeconds(60L * i) + "\",\"profile_data\":{\"email\":\"ann@example.com\",\"recent_intent\":\"intent-" + i
                    + "\",\"interaction_channels\":[\"channel-" + (i % 10) + "\"]}}");
            assertThat(r.status()).as("write %d", i).isIn(200, 201);
            if (profileId == null) profileId = r.profileId();
            assertThat(r.profileId()).as("write %d found the customer the other node wrote", i).isEqualTo(profileId);

            JsonNode seen = reader.get(profileId);
            assertThat(seen.get("attributes").get("recent_intent").textValue()).as("read on the other node after write %d", i).isEqualTo("intent-" + i);
            assertThat(seen.get("version").asLong()).as("version read on the other node after write %d", i)
                    .isEqualTo(writer.get(profileId).get("version").asLong());
        }
        JsonNode last = a.get(profileId);
        assertThat(last.get("attributes").get("interaction_channels")).hasSize(10);
        assertThat(a.store.profiles().countActiveProfiles(ServiceFixture.ORG)).isEqualTo(1);
        assertThat(b.service.queries().lookup(ServiceFixture.ORG, "email", "ann@example.com").map(p -> p.get("profile_id").textValue())).contains(profileId);
    }

    /**
     * Node B's readers' cache holds the customer (by id and by email) when node A writes: B can see none of A's commits,
     * so every entry it serves must first be confirmed by the database (the row's stamp). Many rounds, each read at once
     * after A's 2xx, twice (the second read a confirmed hit).
     */
    @Test
    void aReadOnOneNodeRightAfterAWriteOnTheOtherNeverServesACachedProfileTheWriteReplaced() {
        database = TestDatabase.create();
        a = new ServiceFixture(null, PostgresProfileStore.open(database.url(), database.user(), null, 2), null, true);
        b = new ServiceFixture(null, PostgresProfileStore.open(database.url(), database.user(), null, 2), null, false);
        String id = a.upsert("{\"source\":\"salesforce_crm\",\"source_record_id\":\"C-1\",\"profile_data\":{\"email\":\"ann@example.com\",\"lifetime_value\":0}}").profileId();
        for (int i = 1; i <= 100; i++) {
            for (int read = 0; read < 2; read++) {
                assertThat(b.get(id).path("attributes").path("lifetime_value").asInt()).as("round %d, read %d by id", i, read).isEqualTo(i - 1);
                assertThat(b.service.queries().lookup(ServiceFixture.ORG, "email", "ann@example.com").orElseThrow()
                        .path("attributes").path("lifetime_value").asInt()).as("round %d, read %d by email", i, read).isEqualTo(i - 1);
            }
            a.upsert("{\"source\":\"salesforce_crm\",\"source_record_id\":\"C-1\",\"profile_data\":{\"email\":\"ann@example.com\",\"lifetime_value\":" + i + "}}");
        }
        ProfileReadCache cache = b.service.queries().readCache();
        assertThat(cache.confirmed()).isTrue();
        assertThat(cache.hits()).as("the second reads of each round were confirmed hits").isGreaterThanOrEqualTo(200);
        assertThat(cache.misses()).as("the first reads after each write were not").isGreaterThanOrEqualTo(200);
    }
}
