package io.onefold.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.core.testing.Fixtures;
import io.onefold.service.UpsertSender.Sent;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record observed again with an older {@code observed_at} (a CRM export replayed late) changes no contribution, only
 * the record's first-observed bound: the upsert is answered {@code unchanged}, same version, no event. Found by
 * {@link UpsertBatchProperties}: the answer's {@code updated_at}, what the store then holds, and what a later upsert of
 * the same batch answers must agree.
 */
class StaleObservationUpsertTest {
    private static final Instant CREATED = Instant.parse("2026-12-01T00:00:00Z");
    private static final Instant LATER = Instant.parse("2026-12-01T00:30:00Z");
    private static final String CREATE = "{\"source\":\"salesforce_crm\",\"source_record_id\":\"C-3\","
            + "\"profile_data\":{\"email\":\"p3@example.com\",\"loyalty_tier\":\"Bronze\"}}";
    /** The same record, observed before the creating observation (which was stamped with the time of receipt). */
    private static final String STALE = "{\"source\":\"salesforce_crm\",\"source_record_id\":\"C-3\",\"observed_at\":\"2026-11-25T10:00:00Z\","
            + "\"profile_data\":{\"email\":\"p3@example.com\",\"loyalty_tier\":\"Gold\"}}";

    @TempDir
    Path dir;

    private final AtomicReference<Instant> clock = new AtomicReference<>(CREATED);

    private ServiceFixture open(String name) throws Exception {
        Path d = Files.createDirectory(dir.resolve(name));
        return new ServiceFixture(d, SqliteProfileStore.open(d, 4), new ServiceOptions("US", clock::get), true);
    }

    @Test
    void anUpsertAnsweredUnchangedLeavesTheProfileAsItsAnswerSays() throws Exception {
        try (ServiceFixture f = open("store")) {
            String id = f.upsert(CREATE).profileId();
            clock.set(LATER);
            UpsertResponse stale = f.upsert(STALE);
            assertThat(stale.outcome()).isEqualTo("unchanged");
            assertThat(stale.body().at("/profile/version").asLong()).isEqualTo(1);
            assertThat(stale.body().at("/profile/updated_at").textValue()).isEqualTo(CREATED.toString());
            // what a read then says: the same profile, unchanged
            assertThat(f.get(id).get("version").asLong()).isEqualTo(1);
            assertThat(f.get(id).get("updated_at").textValue()).as("updated_at after an upsert answered unchanged").isEqualTo(CREATED.toString());
        }
    }

    @Test
    void aStaleObservationSentTwiceIsAnsweredAlikeOneByOneAndInOneBatch() throws Exception {
        List<Sent> twice = List.of(new Sent(Fixtures.json(STALE), null), new Sent(Fixtures.json(STALE), null));
        try (ServiceFixture oneByOne = open("one-by-one"); ServiceFixture batched = open("batched")) {
            clock.set(CREATED);
            oneByOne.upsert(CREATE);
            batched.upsert(CREATE);
            clock.set(LATER);
            List<Object> alone = twice.stream().map(s -> UpsertSender.oneByOne(oneByOne.service, ServiceFixture.ORG, s)).toList();
            List<Object> together = UpsertSender.batch(batched.service, ServiceFixture.ORG, twice);
            for (int i = 0; i < 2; i++) {
                assertThat(((UpsertResponse) together.get(i)).body().get("profile").get("updated_at"))
                        .as("updated_at answered to the stale observation's copy %d", i + 1)
                        .isEqualTo(((UpsertResponse) alone.get(i)).body().get("profile").get("updated_at"));
            }
        }
    }
}
