package io.onefold.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.core.testing.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide's Edge Case 1 under load: 8 threads send CRM full records and chat partial records (some with
 * explicit nulls, some knowing the customer only by phone) for the same 1,000 customers at once. Afterwards:
 * exactly 1,000 profiles, every acknowledged contribution present in lineage, no loyalty_tier lost.
 */
class PeakLoadTest {
    private static final int CUSTOMERS = 1000;
    private static final int THREADS = 8;
    private static final String[] TIERS = {"Bronze", "Silver", "Gold", "Platinum"};

    @TempDir
    Path dir;

    record Sent(int customer, String source, String recordId, String attribute, String value, String body) {}

    @Test
    void concurrentCrmAndChatUpdatesForTheSameCustomersLoseNothing() throws Exception {
        List<Sent> work = new ArrayList<>();
        for (int c = 0; c < CUSTOMERS; c++) {
            String email = "c" + c + "@example.com";
            String phone = String.format("+1415555%04d", c);
            work.add(new Sent(c, "salesforce_crm", "C-" + c, "loyalty_tier", TIERS[c % 4],
                    "{\"source\":\"salesforce_crm\",\"source_record_id\":\"C-" + c + "\",\"observed_at\":\"2026-11-01T00:00:00Z\",\"profile_data\":"
                            + "{\"email\":\"" + email + "\",\"phone_number\":\"" + phone + "\",\"loyalty_tier\":\"" + TIERS[c % 4] + "\"}}"));
            for (int k = 0; k < 3; k++) {
                String session = "chat-" + c + "-" + k;
                String ts = String.format("2026-11-%02dT10:00:00Z", 2 + k);
                String who = k == 1 ? "\"phone_number\":\"" + phone + "\"" : "\"email\":\"" + email + "\"";
                String nullTier = k == 2 ? ",\"loyalty_tier\":null" : "";
                work.add(new Sent(c, "webchat_middleware", session, "last_interaction_timestamp", ts,
                        "{\"source\":\"webchat_middleware\",\"source_record_id\":\"" + session + "\",\"observed_at\":\"" + ts + "\",\"profile_data\":{"
                                + who + ",\"last_interaction_timestamp\":\"" + ts + "\"" + nullTier + "}}"));
            }
        }
        Collections.shuffle(work, new Random(7));

        Map<Sent, String> acknowledged = new ConcurrentHashMap<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        try (ServiceFixture f = ServiceFixture.open(dir)) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int slice = t;
                futures.add(pool.submit(() -> {
                    for (int i = slice; i < work.size(); i += THREADS) {
                        Sent s = work.get(i);
                        try {
                            acknowledged.put(s, f.service.upsert(ServiceFixture.ORG, Fixtures.json(s.body()), null).profileId());
                        } catch (RuntimeException e) {
                            failures.add(e);
                        }
                    }
                }));
            }
            for (Future<?> future : futures) future.get();
            pool.shutdown();

            assertThat(failures).isEmpty();
            assertThat(acknowledged).hasSize(work.size());
            assertThat(f.store.profiles().countActiveProfiles(ServiceFixture.ORG)).isEqualTo(CUSTOMERS);
            for (int c = 0; c < CUSTOMERS; c++) {
                JsonNode p = f.service.queries().lookup(ServiceFixture.ORG, "email", "c" + c + "@example.com").orElseThrow();
                assertThat(p.at("/attributes/loyalty_tier").textValue()).as("customer %d", c).isEqualTo(TIERS[c % 4]);
                assertThat(p.at("/attributes/last_interaction_timestamp").textValue()).isEqualTo("2026-11-04T10:00:00Z");
                JsonNode lineage = f.service.queries().lineage(ServiceFixture.ORG, p.get("profile_id").textValue()).get("lineage");
                for (Sent s : work) {
                    if (s.customer() != c) continue;
                    assertThat(contains(lineage.get(s.attribute()), s.source(), s.recordId(), s.value()))
                            .as("acknowledged contribution %s of customer %d", s.recordId(), c).isTrue();
                }
            }
        }
    }

    private static boolean contains(JsonNode attributeLineage, String source, String recordId, String value) {
        List<JsonNode> entries = new ArrayList<>();
        if (attributeLineage.has("winner")) entries.add(attributeLineage.get("winner"));
        attributeLineage.path("winners").forEach(entries::add);
        attributeLineage.path("losers").forEach(entries::add);
        return entries.stream().anyMatch(e -> e.path("source").asText().equals(source) && e.path("source_record_id").asText().equals(recordId)
                && e.path("value").asText().equals(value));
    }
}
