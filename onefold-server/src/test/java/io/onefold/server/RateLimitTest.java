package io.onefold.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A per-client token bucket (5 requests at once, 5 more per second): a burst beyond it gets 429 with Retry-After. */
class RateLimitTest {
    private static final int BURST = 20;

    private static List<Api.Response> burst(Api api, String path) throws Exception {
        List<Future<Api.Response>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(BURST)) {
            for (int i = 0; i < BURST; i++) futures.add(pool.submit(() -> api.get(path)));
        }
        List<Api.Response> out = new ArrayList<>();
        for (Future<Api.Response> f : futures) out.add(f.get());
        return out;
    }

    @Test
    void a_client_over_its_rate_gets_429_with_retry_after_and_other_clients_do_not(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir, c -> c.withRateLimit(5, 5))) {
            Api admin = server.admin();
            Api other = server.newClient(TestServer.unique("other-"), List.of(TestServer.READ), List.of());
            server.clock().advance(Duration.ofSeconds(1)); // the admin's bucket refills after the set-up requests

            List<Api.Response> answers = burst(admin, "/profile-templates");
            long ok = answers.stream().filter(r -> r.status() == 200).count();
            List<Api.Response> limited = answers.stream().filter(r -> r.status() == 429).toList();
            assertThat(ok + limited.size()).as("every answer is a 200 or a 429").isEqualTo(BURST);
            assertThat(ok).as("the bucket's 5 pass (and what refilled meanwhile)").isGreaterThanOrEqualTo(5);
            assertThat(limited).as("the rest is refused").isNotEmpty();
            for (Api.Response r : limited) {
                r.expectError(429, "RATE_LIMITED");
                assertThat(r.header("Retry-After")).as("Retry-After").matches("[1-9][0-9]*");
            }

            // the bucket is the client's: another client is not limited by the admin's burst
            other.get("/profile-templates").expect(200);

            long wait = Long.parseLong(limited.get(0).header("Retry-After"));
            server.clock().advance(Duration.ofSeconds(wait));
            admin.get("/profile-templates").expect(200);

            // health is not behind the bucket
            for (int i = 0; i < 8; i++) server.anonymous().get("/health/live").expect(200);
        }
    }
}
