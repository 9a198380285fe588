package io.onefold.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.onefold.core.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upserts that queue together are decided together ({@link SingleWriter#executeTogether}, {@link UpsertBatch}): two
 * threads upserting the same new customer at once end with one profile, the second upsert of the joined batch finding
 * the profile the first created before either is written.
 */
class JoinedUpsertsTest {
    @TempDir
    Path dir;

    @Test
    void twoThreadsUpsertingTheSameNewCustomerInOneBatchEndWithOneProfile() throws Exception {
        try (ServiceFixture f = ServiceFixture.open(dir); ExecutorService callers = Executors.newFixedThreadPool(3)) {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            f.service.meters().add(meters);
            // hold the writer in a transaction of its own, so that both upserts are queued when it takes its next batch
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> hold = callers.submit(() -> f.service.writer().execute(ctx -> {
                holding.countDown();
                awaitQuietly(release);
                return null;
            }));
            holding.await();
            Future<UpsertResponse> chat = callers.submit(() -> f.upsert("{\"source\":\"webchat_middleware\",\"observed_at\":\"2026-11-02T10:00:00Z\","
                    + "\"profile_data\":{\"email\":\"Dana@Example.com\",\"recent_intent\":\"refund\"}}"));
            Future<UpsertResponse> crm = callers.submit(() -> f.upsert("{\"source\":\"salesforce_crm\",\"source_record_id\":\"C-9\","
                    + "\"observed_at\":\"2026-11-01T10:00:00Z\",\"profile_data\":{\"email\":\"dana@example.com\",\"loyalty_tier\":\"Gold\"}}"));
            Await.until("both upserts queued behind the held transaction", Duration.ofSeconds(10), () -> f.service.writer().queueDepth() == 2);
            release.countDown();
            hold.get();
            List<UpsertResponse> answers = List.of(chat.get(), crm.get());

            assertThat(answers).extracting(UpsertResponse::status).containsExactlyInAnyOrder(201, 200);
            assertThat(answers).extracting(UpsertResponse::outcome).containsExactlyInAnyOrder("created", "updated");
            assertThat(answers.get(0).profileId()).isEqualTo(answers.get(1).profileId());
            assertThat(f.store.profiles().countActiveProfiles(ServiceFixture.ORG)).isEqualTo(1);
            JsonNode attributes = f.get(answers.get(0).profileId()).get("attributes");
            assertThat(attributes.get("recent_intent").textValue()).isEqualTo("refund");
            assertThat(attributes.get("loyalty_tier").textValue()).isEqualTo("Gold");
            // they were one transaction: the held one, then one of two upserts
            assertThat(meters.get("onefold_writer_batch_size").summary().max()).isEqualTo(2.0);
            assertThat(meters.get("onefold_writer_batch_size").summary().count()).isEqualTo(2);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
