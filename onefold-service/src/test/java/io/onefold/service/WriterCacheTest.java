package io.onefold.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.core.identity.ProfileStatus;
import io.onefold.core.json.CanonicalJson;
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

    /**
     * A household phone (non-linking: it finds a profile only when exactly one holds it) whose holders change every way
     * the writer can change them, each change followed by calls that name only the phone: a cached set of holders that
     * went stale would attach a call elsewhere than the cache-less run does.
     */
    private static String household(ServiceFixture f) {
        List<String> answers = new ArrayList<>();
        String phone = "\"household_phone\":\"+14155550999\"";
        String call = "{\"source\":\"voice_ivr\",\"profile_data\":{" + phone + ",\"recent_intent\":\"%s\"}}";
        String a = household(f, answers, "{\"source\":\"salesforce_crm\",\"source_record_id\":\"C-1\",\"profile_data\":{\"email\":\"ada@example.com\"," + phone + "}}");
        household(f, answers, call.formatted("billing"));
        String b = household(f, answers, "{\"source\":\"salesforce_crm\",\"source_record_id\":\"C-2\",\"profile_data\":{\"email\":\"bob@example.com\"," + phone + "}}");
        household(f, answers, call.formatted("returns"));
        answers.add(CanonicalJson.of(f.service.merge(ServiceFixture.ORG, List.of(a, b), "one person")));
        household(f, answers, call.formatted("billing"));
        boolean bAbsorbed = f.store.profiles().profile(ServiceFixture.ORG, b).orElseThrow().status() == ProfileStatus.ABSORBED;
        answers.add(CanonicalJson.of(bAbsorbed ? f.service.unmerge(ServiceFixture.ORG, a, b) : f.service.unmerge(ServiceFixture.ORG, b, a)));
        household(f, answers, call.formatted("returns"));
        // a batch whose conflict undoes its atomic section and runs it upsert by upsert
        List<UpsertSender.Sent> batch = List.of(
                new UpsertSender.Sent(Fixtures.json("{\"source\":\"salesforce_crm\",\"source_record_id\":\"C-3\",\"profile_data\":{\"email\":\"cy@example.com\"," + phone + "}}"), null),
                new UpsertSender.Sent(Fixtures.json("{\"source\":\"salesforce_crm\",\"source_record_id\":\"C-1\",\"profile_data\":{\"email\":\"bob@example.com\"}}"), null),
                new UpsertSender.Sent(Fixtures.json(call.formatted("billing")), null));
        for (Object o : UpsertSender.batch(f.service, ServiceFixture.ORG, batch)) answers.add(UpsertSnapshot.answer(o));
        answers.add(String.valueOf(f.service.erase(ServiceFixture.ORG, b)));
        household(f, answers, call.formatted("returns"));
        answers.add(CanonicalJson.of(f.service.deleteRecord(ServiceFixture.ORG, "salesforce_crm", "C-3")));
        household(f, answers, call.formatted("billing"));
        answers.add(CanonicalJson.of(f.service.transferIdentifier(ServiceFixture.ORG, a, "household_phone", "+14155550999", "+14155550888")));
        household(f, answers, call.formatted("returns"));
        return UpsertSnapshot.of(f, ServiceFixture.ORG, answers);
    }

    private static String household(ServiceFixture f, List<String> answers, String json) {
        UpsertResponse r = f.upsert(json);
        answers.add(UpsertSnapshot.answer(r));
        return r.profileId();
    }

    @Test
    void aHouseholdsAnswersNeverDependOnTheCacheSize() throws Exception {
        String none;
        String one;
        String large;
        try (ServiceFixture f = open("household-none", 0)) {
            none = household(f);
        }
        try (ServiceFixture f = open("household-one", 1)) {
            one = household(f);
        }
        try (ServiceFixture f = open("household-large", 100_000)) {
            large = household(f);
        }
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
