package io.onefold.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.core.testing.Fixtures;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer's cluster cache (ClusterCache in onefold-store) is exact: its size never changes a result, and a commit by
 * another connection to the same database file is never hidden by it. (Every test of the suite also runs with
 * {@code -Donefold.cache.verify=true}, which checks each cached answer against the database.)
 */
class WriterCacheTest {
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path dir;

    private static final List<String> SEQUENCE = List.of(
            "{\"source\":\"salesforce_crm\",\"source_record_id\":\"C-1\",\"profile_data\":{\"email\":\"ada@example.com\",\"loyalty_tier\":\"Bronze\"}}",
            "{\"source\":\"webchat_middleware\",\"profile_data\":{\"email\":\"ADA@example.com\",\"recent_intent\":\"returns\"}}",
            "{\"source\":\"voice_ivr\",\"profile_data\":{\"phone_number\":\"+14155550101\",\"recent_intent\":\"billing\"}}",
            // names both: the IVR caller's profile merges into the customer's
            "{\"source\":\"webchat_middleware\",\"profile_data\":{\"email\":\"ada@example.com\",\"phone_number\":\"+14155550101\"}}",
            "{\"source\":\"salesforce_crm\",\"source_record_id\":\"C-1\",\"profile_data\":{\"email\":\"ada@example.com\",\"loyalty_tier\":\"Gold\"}}",
            "{\"source\":\"salesforce_crm\",\"source_record_id\":\"C-2\",\"profile_data\":{\"email\":\"bob@example.com\",\"loyalty_tier\":\"Silver\"}}",
            // another customer's email on C-1: a conflict, refused alone
            "{\"source\":\"salesforce_crm\",\"source_record_id\":\"C-1\",\"profile_data\":{\"email\":\"bob@example.com\"}}",
            "{\"source\":\"webchat_middleware\",\"profile_data\":{\"email\":\"bob@example.com\",\"preferred_contact_method\":null},\"explicit\":[\"preferred_contact_method\"]}");

    private ServiceFixture open(String name, int cacheClusters) throws Exception {
        Path d = Files.createDirectory(dir.resolve(name));
        return new ServiceFixture(d, SqliteProfileStore.open(d, 4, cacheClusters), new ServiceOptions("US", () -> NOW), true);
    }

    private static String run(ServiceFixture f) {
        List<String> answers = new ArrayList<>();
        // one by one, then the same requests again as one batch (updates and replays of what the first pass made)
        for (String json : SEQUENCE) {
            answers.add(UpsertSnapshot.answer(UpsertSender.oneByOne(f.service, ServiceFixture.ORG, new UpsertSender.Sent(Fixtures.json(json), null))));
        }
        List<UpsertSender.Sent> again = SEQUENCE.stream().map(j -> new UpsertSender.Sent(Fixtures.json(j), null)).toList();
        for (Object o : UpsertSender.batch(f.service, ServiceFixture.ORG, again)) answers.add(UpsertSnapshot.answer(o));
        return UpsertSnapshot.of(f, ServiceFixture.ORG, answers);
    }

    @Test
    void theCacheSizeNeverChangesAResult() throws Exception {
        String none;
        String one;
        String large;
        try (ServiceFixture f = open("none", 0)) {
            none = run(f);
        }
        try (ServiceFixture f = open("one", 1)) {
            one = run(f);
        }
        try (ServiceFixture f = open("large", 100_000)) {
            large = run(f);
        }
        assertThat(none).contains("IDENTIFIER_CONFLICT").contains("merged");
        assertThat(one).isEqualTo(none);
        assertThat(large).isEqualTo(none);
    }

    @Test
    void aCommitByAnotherConnectionIsNeverHiddenByTheCache() throws Exception {
        try (ServiceFixture a = open("shared", 100_000)) {
            String id = a.upsert(SEQUENCE.get(0)).profileId(); // a's writer now holds the cluster decoded
            // a second store on the same file (an operator's second process): its writer changes the customer
            try (SqliteProfileStore other = SqliteProfileStore.open(a.dir, 1);
                 ProfileService b = new ProfileService(other, new ServiceOptions("US", () -> NOW))) {
                b.upsert(ServiceFixture.ORG, Fixtures.json("{\"source\":\"salesforce_crm\",\"source_record_id\":\"C-1\","
                        + "\"profile_data\":{\"email\":\"ada@example.com\",\"phone_number\":\"+14155550101\",\"loyalty_tier\":\"Gold\"}}"), null);
            }
            UpsertResponse r = a.upsert("{\"source\":\"webchat_middleware\",\"profile_data\":{\"email\":\"ada@example.com\",\"recent_intent\":\"returns\"}}");
            assertThat(r.profileId()).isEqualTo(id);
            assertThat(r.body().at("/profile/attributes/loyalty_tier").textValue()).as("the other writer's tier").isEqualTo("Gold");
            assertThat(r.body().at("/profile/identifiers/phone_number/0").textValue()).as("the other writer's phone").isEqualTo("+14155550101");
            assertThat(a.get(id).at("/attributes/loyalty_tier").textValue()).isEqualTo("Gold");
        }
    }
}
