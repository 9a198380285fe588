package io.onefold.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.core.json.Json;
import io.onefold.core.testing.Fixtures;
import io.onefold.store.ChangeEvent;
import io.onefold.store.Job;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which upserts emit which event: one that changed a golden value emits {@code profile.updated}; one that changed only
 * records emits {@code profile.observed}, which a consumer naming no types never receives (for it nothing changed) but
 * which keeps every committed change in the stream (an activation's catch-up reads it).
 */
class UpsertEventsTest {
    private static final String CRM = "{\"source\":\"salesforce_crm\",\"profile_data\":{\"email\":\"same@example.com\",\"loyalty_tier\":\"Gold\"}}";
    @TempDir
    Path dir;

    private static List<String> history(ServiceFixture f, String profileId) {
        return f.service.queries().history(ServiceFixture.ORG, profileId, 100).stream().map(ChangeEvent::type).toList();
    }

    /** The events after {@code position} that a consumer naming no types receives (an SSE stream, a webhook). */
    private static List<ChangeEvent> delivered(ServiceFixture f, long position) {
        return f.store.profiles().changesSince(ServiceFixture.ORG, position, 10).stream().filter(e -> ChangeEvents.deliveredByDefault(e.type())).toList();
    }

    @Test
    void anUpsertWithoutObservedAtThatChangesNoGoldenValueDeliversNoEvent() {
        try (ServiceFixture f = ServiceFixture.open(dir)) {
            String id = f.upsert(CRM).profileId();
            long position = f.service.queries().latestPosition(ServiceFixture.ORG);
            // the same values again, received later: the record's observation time moves, no golden value does
            f.clock.advance(Duration.ofSeconds(1));
            UpsertResponse again = f.upsert(CRM);
            assertThat(again.profileId()).isEqualTo(id);
            assertThat(delivered(f, position)).as("events delivered after the repeat").isEmpty();
            assertThat(f.store.profiles().changesSince(ServiceFixture.ORG, position, 10)).singleElement().satisfies(e -> {
                assertThat(e.type()).isEqualTo("profile.observed");
                assertThat(e.payload().has("changes")).isFalse();
            });
            assertThat(history(f, id)).containsExactly("profile.created", "profile.observed");

            // a value that does change still emits its event
            f.upsert("{\"source\":\"salesforce_crm\",\"profile_data\":{\"email\":\"same@example.com\",\"loyalty_tier\":\"Platinum\"}}");
            assertThat(history(f, id)).containsExactly("profile.created", "profile.observed", "profile.updated");
        }
    }

    @Test
    void aBulkLineThatChangesNoGoldenValueDeliversNoEvent() {
        try (ServiceFixture f = ServiceFixture.open(dir)) {
            String id = f.upsert(CRM).profileId();
            long position = f.service.queries().latestPosition(ServiceFixture.ORG);
            f.clock.advance(Duration.ofSeconds(1));
            BulkLoader loader = f.service.bulkLoader(ServiceFixture.ORG);
            Job checkpoint = new Job("ingest-test", ServiceFixture.ORG, "ingest", "RUNNING", 1, 1, Json.object().put("last_line", 1), Instant.now(), Instant.now());
            List<BulkLoader.LineResult> results = loader.load(loader.prepare(List.of(BulkLoader.Line.of(1, Fixtures.json(CRM)))), r -> checkpoint);
            assertThat(results).singleElement().satisfies(r -> assertThat(r.profileId()).isEqualTo(id));
            assertThat(delivered(f, position)).as("events delivered after the repeat").isEmpty();
            assertThat(history(f, id)).containsExactly("profile.created", "profile.observed");
        }
    }

    @Test
    void aValueThatLosesToAnotherSourcesDeliversNoEvent() {
        try (ServiceFixture f = ServiceFixture.open(dir)) {
            String id = f.upsert("{\"source\":\"salesforce_crm\",\"observed_at\":\"2026-11-02T00:00:00Z\",\"profile_data\":{\"email\":\"same@example.com\",\"loyalty_tier\":\"Gold\"}}").profileId();
            long position = f.service.queries().latestPosition(ServiceFixture.ORG);
            // a lower-priority source's other value: its record is new, the golden record is not
            f.upsert("{\"source\":\"webchat_middleware\",\"observed_at\":\"2026-11-01T00:00:00Z\",\"profile_data\":{\"email\":\"same@example.com\",\"loyalty_tier\":\"Silver\"}}");
            assertThat(f.get(id).at("/attributes/loyalty_tier").textValue()).isEqualTo("Gold");
            assertThat(delivered(f, position)).isEmpty();
            assertThat(f.store.profiles().changesSince(ServiceFixture.ORG, position, 10)).extracting(ChangeEvent::type).containsExactly("profile.observed");
        }
    }
}
