package io.onefold.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.testing.Fixtures;
import io.onefold.store.ConfigKind;
import io.onefold.store.Job;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Instants at the ends of the range never break the service: a stored {@code observed_at} from before the API had a
 * range still resolves under rules with staleness thresholds, and an {@code event_retention} longer than time itself
 * saturates instead of overflowing.
 */
class InstantBoundsTest {
    private static final String ORG = ProfileService.DEFAULT_ORGANIZATION;
    @TempDir
    Path dir;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-28T12:00:00Z"));

    private ProfileService open(SqliteProfileStore store) {
        return new ProfileService(store, new ServiceOptions("US", now::get));
    }

    @Test
    void anObservedAtStoredFromYearMinus999999999ResolvesAndRulesWithStalenessActivate() throws Exception {
        ObjectNode withoutStaleness = (ObjectNode) Fixtures.exampleJson("omnichannel-rules.json");
        withoutStaleness.put("rule_name", "NoStaleness");
        withoutStaleness.withArray("sources").forEach(source -> ((ObjectNode) source).remove("staleness_threshold"));
        withoutStaleness.withArray("attribute_rules").forEach(rule -> ((ObjectNode) rule).remove("staleness_threshold"));
        try (SqliteProfileStore store = SqliteProfileStore.open(dir, 2); ProfileService service = open(store)) {
            service.ensureDefaultOrganization();
            service.configurations().createTemplate(ORG, Fixtures.exampleJson("omnichannel-template.json"));
            service.configurations().createRules(ORG, withoutStaleness);
            service.configurations().createRules(ORG, Fixtures.exampleJson("omnichannel-rules.json"));
            service.upsert(ORG, Fixtures.json("{\"source\":\"salesforce_crm\",\"profile_data\":{\"email\":\"old@example.com\",\"loyalty_tier\":\"Gold\"}}"), null);
            // what a store may hold from before observed_at had a range: the receipt time of a node whose clock said so
            now.set(Instant.parse("-999999999-01-01T00:00:00Z"));
            service.upsert(ORG, Fixtures.json("{\"source\":\"voice_ivr\",\"profile_data\":{\"email\":\"old@example.com\",\"recent_intent\":\"billing\"}}"), null);
            now.set(Instant.parse("2026-11-28T13:00:00Z"));

            // the IVR's 30-day staleness threshold, measured from that instant, once threw — and failed the job
            Job done = TestJobs.awaitEnd(service, ORG, service.configurations().activate(ORG, ConfigKind.RULES, "OmnichannelMergeStrategy_v1"));
            assertThat(done.status()).as(String.valueOf(done.result())).isEqualTo("SUCCEEDED");
            assertThat(service.store().configuration().activeConfig(ORG, ConfigKind.RULES).orElseThrow().name()).isEqualTo("OmnichannelMergeStrategy_v1");
            JsonNode profile = service.queries().lookup(ORG, "email", "old@example.com").orElseThrow();
            assertThat(profile.at("/attributes/recent_intent").asText()).isEqualTo("billing");
            assertThat(service.queries().lineage(ORG, profile.get("profile_id").asText()).at("/lineage/recent_intent/winner/observed_at").asText())
                    .isEqualTo("-999999999-01-01T00:00:00Z");
        }
    }

    @Test
    void aRetentionLongerThanTimeKeepsEverythingAndTheNextOrganizationIsStillPurged() {
        try (SqliteProfileStore store = SqliteProfileStore.open(dir, 2); ProfileService service = open(store)) {
            for (String org : new String[] {"a-keeps-forever", "b-keeps-an-hour"}) {
                service.createOrganization(org, org);
                service.configurations().createTemplate(org, Fixtures.exampleJson("omnichannel-template.json"));
                service.configurations().createRules(org, Fixtures.exampleJson("omnichannel-rules.json"));
                service.upsert(org, Fixtures.json("{\"source\":\"salesforce_crm\",\"profile_data\":{\"email\":\"r@example.com\"}}"), null);
            }
            service.updateSettings("a-keeps-forever", Fixtures.json("{\"event_retention\":\"PT2562047788015215H\"}"));
            service.updateSettings("b-keeps-an-hour", Fixtures.json("{\"event_retention\":\"PT1H\"}"));
            now.set(now.get().plus(Duration.ofHours(2)));

            assertThat(service.purgeExpiredEvents()).isEqualTo(1);
            assertThat(service.queries().changesSince("a-keeps-forever", 0, 10)).hasSize(1);
            assertThat(service.queries().changesSince("b-keeps-an-hour", 0, 10)).isEmpty();
        }
    }
}
