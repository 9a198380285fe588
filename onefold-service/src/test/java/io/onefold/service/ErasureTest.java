package io.onefold.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.core.testing.Fixtures;
import io.onefold.store.DataFiles;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Erasure on the embedded store: the scenarios, and not one byte of an erased value left in any file of the data directory. */
class ErasureTest extends ErasureScenarios {
    private static final String OLD_EMAIL = "erase.me.old@example.com";
    private static final String PHONE_2 = "+14155550777";

    @TempDir
    Path dir;

    @Override
    protected ServiceFixture open(ServiceOptions options) {
        return new ServiceFixture(dir, SqliteProfileStore.open(dir, 4), options, true);
    }

    @Override
    protected void assertNoTraceOf(String... values) throws IOException {
        // while the store is open: the erasure's answer means the bytes are gone, not the next restart
        assertThat(DataFiles.copiesOf(dir, values)).isEmpty();
    }

    @Test
    void afterErasureNotOneByteOfTheEmailRemainsInTheDatabaseFiles() throws IOException {
        String org = ServiceFixture.ORG;
        // the profile's email reaches every table: records, identifiers, aliases, history, idempotency, links
        String id = f.service.upsert(org, Fixtures.json("{\"source\":\"salesforce_crm\",\"source_record_id\":\"C-9\",\"observed_at\":\"2026-10-01T00:00:00Z\","
                + "\"profile_data\":{\"email\":\"" + OLD_EMAIL + "\",\"loyalty_tier\":\"Gold\"}}"), "idem-1").profileId();
        f.upsert("{\"source\":\"salesforce_crm\",\"source_record_id\":\"C-9\",\"observed_at\":\"2026-11-01T00:00:00Z\",\"profile_data\":{\"email\":\"" + EMAIL + "\"}}");
        String ivr = f.upsert("{\"source\":\"voice_ivr\",\"profile_data\":{\"phone_number\":\"" + PHONE_2 + "\",\"recent_intent\":\"cancel\"}}").profileId();
        f.upsert("{\"source\":\"webchat_middleware\",\"profile_data\":{\"email\":\"" + EMAIL + "\",\"phone_number\":\"" + PHONE_2 + "\"}}");
        // a bystander who once shared a merge with the erased profile
        String other = f.upsert("{\"source\":\"webchat_middleware\",\"profile_data\":{\"email\":\"bystander@example.com\"}}").profileId();
        f.service.merge(org, List.of(id, other), "operator");
        f.service.unmerge(org, id, other);
        assertThat(DataFiles.copiesOf(dir, EMAIL)).as("precondition: the email is on disk").isNotEmpty();

        List<String> erased = f.service.erase(org, ivr);
        assertThat(erased).contains(id, ivr);
        assertThat(f.service.queries().lookup(org, "email", EMAIL)).isEmpty();
        assertThat(f.service.queries().history(org, other, 100)).noneSatisfy(e -> assertThat(e.payload().toString()).contains(EMAIL));
        assertThat(f.service.queries().find(org, "email", "bystander@example.com", 10, null).items()).hasSize(1);
        assertNoTraceOf(EMAIL, OLD_EMAIL, PHONE_2);
        f.close();
        assertThat(DataFiles.copiesOf(dir, EMAIL, OLD_EMAIL, PHONE_2)).as("after the store closed").isEmpty();
    }
}
