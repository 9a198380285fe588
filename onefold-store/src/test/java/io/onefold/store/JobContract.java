package io.onefold.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.core.json.Json;
import org.junit.jupiter.api.Test;

/** The store contract for {@link JobReads} and {@link JobWrites}. */
public interface JobContract extends StoreFixture {
    @Test
    default void aJobsProgressIsReplacedByItsIdWithinItsOrganization() {
        Job started = new Job("j", ORG, "re-resolve", "RUNNING", 10, 3, Json.object().put("x", 1), NOW, NOW);
        write(s -> s.jobs().putJob(started), s -> {
            assertThat(s.jobs().job(ORG, "j")).contains(started);
            assertThat(store().jobs().job(ORG, "j")).as("a reader, before the commit").isEmpty();
        });
        assertThat(store().jobs().job(ORG, "j")).contains(started);
        assertThat(store().jobs().job("other", "j")).isEmpty();
        assertThat(store().jobs().job(ORG, "nope")).isEmpty();
        Job finished = new Job("j", ORG, "re-resolve", "SUCCEEDED", 10, 10, Json.object().put("changed", 4), NOW, NOW.plusSeconds(60));
        write(s -> s.jobs().putJob(finished));
        assertThat(store().jobs().job(ORG, "j")).contains(finished);
        assertThat(store().jobs().jobs("re-resolve", "RUNNING")).isEmpty();
        assertThat(store().jobs().jobs("re-resolve", "SUCCEEDED")).containsExactly(finished);
    }

    @Test
    default void jobsAreFoundByTypeAndStatusInEveryOrganizationOldestFirst() {
        write(s -> {
            s.jobs().putJob(new Job("later", ORG, "re-resolve", "RUNNING", 10, 3, Json.object(), NOW.plusSeconds(1), NOW));
            s.jobs().putJob(new Job("first", "other-org", "re-resolve", "RUNNING", 10, 3, Json.object(), NOW, NOW));
            s.jobs().putJob(new Job("done", ORG, "re-resolve", "SUCCEEDED", 10, 10, Json.object(), NOW, NOW));
            s.jobs().putJob(new Job("ingest", ORG, "ingest", "RUNNING", 10, 3, Json.object(), NOW, NOW));
        });
        assertThat(store().jobs().jobs("re-resolve", "RUNNING")).extracting(Job::id).containsExactly("first", "later");
        assertThat(store().jobs().jobs("re-resolve", "FAILED")).isEmpty();
    }
}
