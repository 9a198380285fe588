package io.onefold.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The readers' cache on the embedded store: every read after a write's answer sees that write, whether the read is by
 * id or by identifier, hit or miss, and its size never changes an answer. (The whole suite also runs with
 * {@code -Donefold.cache.verify=true}: every hit is compared with the store's answer.)
 */
class ReadCacheTest {
    @TempDir
    Path dir;

    private ServiceFixture open(String name, int readCacheProfiles) throws Exception {
        Path d = Files.createDirectory(dir.resolve(name));
        return new ServiceFixture(d, SqliteProfileStore.open(d, 4), ServiceOptions.defaults().withReadCacheProfiles(readCacheProfiles), true);
    }

    private static String crm(String id, String email, int value) {
        return "{\"source\":\"salesforce_crm\",\"source_record_id\":\"" + id + "\",\"profile_data\":{\"email\":\"" + email
                + "\",\"loyalty_tier\":\"T" + value + "\",\"lifetime_value\":" + value + "}}";
    }

    @Test
    void aReadAfterEachWriteSeesItByIdAndByIdentifier() throws Exception {
        try (ServiceFixture f = open("one", 1000)) {
            String id = f.upsert(crm("C-1", "ada@example.com", 0)).profileId();
            for (int i = 1; i <= 50; i++) {
                // twice each: the second read is answered by the cache
                for (int read = 0; read < 2; read++) {
                    assertThat(f.get(id).path("attributes").path("lifetime_value").asInt()).isEqualTo(i - 1);
                    assertThat(f.service.queries().lookup(ServiceFixture.ORG, "email", "ADA@example.com").orElseThrow()
                            .path("attributes").path("lifetime_value").asInt()).isEqualTo(i - 1);
                }
                f.upsert(crm("C-1", "ada@example.com", i));
            }
            assertThat(f.service.queries().readCache().hits()).as("the second reads were hits").isGreaterThanOrEqualTo(100);
        }
    }

    @Test
    void aMergeMovesTheLookupOfTheAbsorbedProfilesIdentifier() throws Exception {
        try (ServiceFixture f = open("merge", 1000)) {
            String ada = f.upsert(crm("C-1", "ada@example.com", 1)).profileId();
            String caller = f.upsert("{\"source\":\"voice_ivr\",\"profile_data\":{\"phone_number\":\"+14155550101\",\"recent_intent\":\"billing\"}}").profileId();
            for (int read = 0; read < 2; read++) {
                assertThat(f.service.queries().lookup(ServiceFixture.ORG, "phone_number", "+14155550101").orElseThrow().path("profile_id").textValue()).isEqualTo(caller);
                assertThat(f.get(caller).path("profile_id").textValue()).isEqualTo(caller);
            }
            // names both: one absorbs the other
            f.upsert("{\"source\":\"webchat_middleware\",\"profile_data\":{\"email\":\"ada@example.com\",\"phone_number\":\"+14155550101\"}}");

            JsonNode byPhone = f.service.queries().lookup(ServiceFixture.ORG, "phone_number", "+14155550101").orElseThrow();
            JsonNode byEmail = f.service.queries().lookup(ServiceFixture.ORG, "email", "ada@example.com").orElseThrow();
            assertThat(byPhone.path("profile_id")).isEqualTo(byEmail.path("profile_id"));
            String survivor = byEmail.path("profile_id").textValue();
            String absorbed = survivor.equals(ada) ? caller : ada;
            assertThat(f.get(absorbed).path("redirected_from").textValue()).isEqualTo(absorbed);
            assertThat(f.get(survivor).path("attributes").path("recent_intent").textValue()).isEqualTo("billing");
        }
    }

    /**
     * Readers race one writer: after the writer's upsert is answered with a value, no read started afterwards may see
     * an earlier one — the promise a stale cache entry would break.
     */
    @Test
    void readersRacingTheWriterNeverSeeAValueOlderThanTheLastAnswer() throws Exception {
        try (ServiceFixture f = open("race", 1000)) {
            String id = f.upsert(crm("C-1", "ada@example.com", 0)).profileId();
            AtomicLong acknowledged = new AtomicLong();
            AtomicBoolean done = new AtomicBoolean();
            ExecutorService readers = Executors.newFixedThreadPool(4);
            try {
                List<Future<Long>> reads = new ArrayList<>();
                for (int r = 0; r < 4; r++) {
                    boolean byEmail = r % 2 == 0;
                    reads.add(readers.submit(() -> {
                        long n = 0;
                        while (!done.get()) {
                            long floor = acknowledged.get();
                            JsonNode doc = byEmail ? f.service.queries().lookup(ServiceFixture.ORG, "email", "ada@example.com").orElseThrow() : f.get(id);
                            long seen = doc.path("attributes").path("lifetime_value").asLong();
                            if (seen < floor) throw new AssertionError("read " + seen + " after the answer for " + floor);
                            n++;
                        }
                        return n;
                    }));
                }
                for (int i = 1; i <= 300; i++) {
                    f.upsert(crm("C-1", "ada@example.com", i));
                    acknowledged.set(i);
                }
                done.set(true);
                long total = 0;
                for (Future<Long> r : reads) total += r.get();
                assertThat(total).isPositive();
            } finally {
                done.set(true);
                readers.shutdownNow();
            }
        }
    }

    @Test
    void theCacheSizeNeverChangesAnAnswer() throws Exception {
        List<String> answers = new ArrayList<>();
        for (int size : new int[] {0, 1, 1000}) {
            try (ServiceFixture f = open("size-" + size, size)) {
                StringBuilder out = new StringBuilder();
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 5; i++) ids.add(f.upsert(crm("C-" + i, "c" + i + "@example.com", i)).profileId());
                for (int round = 0; round < 3; round++) {
                    for (int i = 0; i < 5; i++) {
                        out.append(f.get(ids.get(i)).path("attributes")).append(f.service.queries().lookup(ServiceFixture.ORG, "email", "c" + i + "@example.com")
                                .map(d -> d.path("profile_id").textValue().equals(ids.get(0)) ? "first" : d.path("attributes").toString()).orElse("none"));
                    }
                    f.upsert("{\"source\":\"webchat_middleware\",\"profile_data\":{\"email\":\"c" + round + "@example.com\",\"recent_intent\":\"r" + round + "\"}}");
                }
                answers.add(out.toString());
                assertThat(f.service.queries().readCache().enabled()).isEqualTo(size > 0);
            }
        }
        assertThat(answers.get(1)).isEqualTo(answers.get(0));
        assertThat(answers.get(2)).isEqualTo(answers.get(0));
    }
}
