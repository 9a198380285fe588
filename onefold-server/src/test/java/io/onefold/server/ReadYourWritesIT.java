package io.onefold.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read-your-writes over HTTP, the guide's "1–5 s propagation delay" made impossible: 10,000 upserts from 8 client
 * threads, each followed at once by a GET of that profile (and, every tenth time, a lookup by email) that must return
 * that write's value and version. No cache, no retry, no sleep.
 */
class ReadYourWritesIT {
    private static final int THREADS = 8;
    private static final int UPSERTS = 10_000;
    private static final int PROFILES_PER_THREAD = 40;

    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir).configureOmnichannel();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void every_read_right_after_an_upsert_s_2xx_returns_that_write() throws Exception {
        Api api = server.admin();
        AtomicInteger done = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        long started = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                workers.add(pool.submit(() -> {
                    String[] ids = new String[PROFILES_PER_THREAD];
                    long[] versions = new long[PROFILES_PER_THREAD];
                    for (int n = 0; n < UPSERTS / THREADS && failures.size() < 20; n++) {
                        int p = n % PROFILES_PER_THREAD;
                        String email = "ryw-" + thread + "-" + p + "@example.com";
                        String tier = "tier-" + thread + "-" + n;
                        Api.Response w = api.upsert("{\"source\": \"salesforce_crm\", \"profile_data\": {\"email\": \"" + email
                                + "\", \"loyalty_tier\": \"" + tier + "\", \"lifetime_value\": " + n + "}}");
                        if (w.status() != (ids[p] == null ? 201 : 200)) {
                            failures.add("upsert " + email + " #" + n + ": " + w);
                            continue;
                        }
                        String id = w.id();
                        long version = w.at("/profile/version").asLong();
                        if (ids[p] != null && (!ids[p].equals(id) || version != versions[p] + 1)) {
                            failures.add("upsert " + email + " #" + n + " answered " + id + " v" + version + ", expected " + ids[p] + " v" + (versions[p] + 1));
                        }
                        ids[p] = id;
                        versions[p] = version;

                        Api.Response r = api.get("/profiles/" + id);
                        JsonNode read = r.status() == 200 ? r.json() : null;
                        if (read == null || !read.at("/attributes/loyalty_tier").asText().equals(tier) || read.get("version").asLong() != version) {
                            failures.add("GET after upsert #" + n + " of " + email + " (wrote " + tier + " v" + version + "): " + r);
                        }
                        if (n % 10 == 0) {
                            Api.Response l = api.get("/profiles?email=" + email);
                            if (l.status() != 200 || !l.at("/entities/0/attributes/loyalty_tier").asText().equals(tier)) {
                                failures.add("lookup after upsert #" + n + " of " + email + " (wrote " + tier + "): " + l);
                            }
                        }
                        done.incrementAndGet();
                    }
                }));
            }
            for (Future<?> f : workers) f.get(5, TimeUnit.MINUTES);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("ReadYourWritesIT: %d upserts, each read back, in %.1f s (%.0f upserts/s with reads)%n", done.get(), seconds, done.get() / seconds);
        assertThat(failures).as("stale or failed reads").isEmpty();
        assertThat(done.get()).isEqualTo(UPSERTS);
    }
}
