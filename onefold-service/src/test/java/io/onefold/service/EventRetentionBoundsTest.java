package io.onefold.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.core.testing.Fixtures;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code event_retention} is any positive ISO-8601 duration, the largest included: the purge horizon saturates at the
 * start of time instead of overflowing — which used to throw in the purge and skip every organization after that one.
 */
class EventRetentionBoundsTest {
    @TempDir
    Path dir;

    @Test
    void aRetentionLongerThanTimeKeepsEverythingAndTheNextOrganizationIsStillPurged() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-28T12:00:00Z"));
        try (SqliteProfileStore store = SqliteProfileStore.open(dir, 2);
             ProfileService service = new ProfileService(store, new ServiceOptions("US", now::get))) {
            for (String org : new String[] {"a-keeps-forever", "b-keeps-an-hour"}) {
                service.createOrganization(org, org);
                service.createTemplate(org, Fixtures.exampleJson("omnichannel-template.json"));
                service.createRules(org, Fixtures.exampleJson("omnichannel-rules.json"));
                service.upsert(org, Fixtures.json("{\"source\":\"salesforce_crm\",\"profile_data\":{\"email\":\"r@example.com\"}}"), null);
            }
            service.updateSettings("a-keeps-forever", Fixtures.json("{\"event_retention\":\"PT2562047788015215H\"}"));
            service.updateSettings("b-keeps-an-hour", Fixtures.json("{\"event_retention\":\"PT1H\"}"));
            now.set(now.get().plus(Duration.ofHours(2)));

            assertThat(service.purgeExpiredEvents()).isEqualTo(1);
            assertThat(service.changesSince("a-keeps-forever", 0, 10)).hasSize(1);
            assertThat(service.changesSince("b-keeps-an-hour", 0, 10)).isEmpty();
        }
    }
}
