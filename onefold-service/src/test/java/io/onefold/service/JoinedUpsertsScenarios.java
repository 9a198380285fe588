package io.onefold.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.onefold.core.error.IdentifierConflictException;
import io.onefold.core.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Upserts that queue together are decided together ({@link SingleWriter#executeTogether}, {@link UpsertBatch}), on
 * every store: two threads upserting the same new customer at once end with one profile, the second upsert of the
 * joined batch finding the profile the first created before either is written; and when the store refuses the joined
 * batch's writes, only the upsert it refused fails. Each store's variant ({@code JoinedUpsertsTest},
 * {@code JoinedUpsertsPostgresIT}) opens the service with one write lane, so that the upserts meet in one queue.
 */
abstract class JoinedUpsertsScenarios {
    protected ServiceFixture f;

    /** The service on a fresh store with one write lane. */
    protected abstract ServiceFixture open();

    /**
     * Writes, behind the service's back, an identifier row saying that {@code email} belongs to a profile that does not
     * exist: the engine sees the value as free, the store's unique key does not.
     */
    protected abstract void claimBehindTheServicesBack(String email) throws Exception;

    @AfterEach
    void closeService() {
        if (f != null) f.close();
    }

    @Test
    void twoThreadsUpsertingTheSameNewCustomerInOneBatchEndWithOneProfile() throws Exception {
        f = open();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        f.service.meters().add(meters);
        List<Future<UpsertResponse>> answered = queuedTogether(
                "{\"source\":\"webchat_middleware\",\"observed_at\":\"2026-11-02T10:00:00Z\","
                        + "\"profile_data\":{\"email\":\"Dana@Example.com\",\"recent_intent\":\"refund\"}}",
                "{\"source\":\"salesforce_crm\",\"source_record_id\":\"C-9\","
                        + "\"observed_at\":\"2026-11-01T10:00:00Z\",\"profile_data\":{\"email\":\"dana@example.com\",\"loyalty_tier\":\"Gold\"}}");
        List<UpsertResponse> answers = List.of(answered.get(0).get(), answered.get(1).get());

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

    @Test
    void anUpsertTheStoreRefusesInAJoinedBatchFailsAloneAndTheOthersCommit() throws Exception {
        f = open();
        claimBehindTheServicesBack("taken@example.com");
        List<Future<UpsertResponse>> answered = queuedTogether(
                "{\"source\":\"webchat_middleware\",\"observed_at\":\"2026-11-02T10:00:00Z\",\"profile_data\":{\"email\":\"ann@example.com\"}}",
                "{\"source\":\"webchat_middleware\",\"observed_at\":\"2026-11-02T10:00:00Z\",\"profile_data\":{\"email\":\"taken@example.com\"}}",
                "{\"source\":\"webchat_middleware\",\"observed_at\":\"2026-11-02T10:00:00Z\",\"profile_data\":{\"email\":\"bob@example.com\"}}");

        assertThat(answered.get(0).get().status()).isEqualTo(201);
        assertThat(answered.get(2).get().status()).isEqualTo(201);
        try {
            answered.get(1).get();
            throw new AssertionError("the upsert of a value the store holds for another profile was answered");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(IdentifierConflictException.class);
        }
        assertThat(f.store.profiles().countActiveProfiles(ServiceFixture.ORG)).isEqualTo(2);
        assertThat(f.store.profiles().ownerOf(ServiceFixture.ORG, "email", "ann@example.com")).contains(answered.get(0).get().profileId());
        assertThat(f.store.profiles().ownerOf(ServiceFixture.ORG, "email", "bob@example.com")).contains(answered.get(2).get().profileId());
    }

    /**
     * Sends the upserts from threads of their own while the writer is held in a transaction, so that all of them are
     * queued when it takes its next batch (waiting on the queue's depth, not on time).
     */
    private List<Future<UpsertResponse>> queuedTogether(String... bodies) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(bodies.length + 1);
        try {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> hold = callers.submit(() -> f.service.writer().execute(ctx -> {
                holding.countDown();
                awaitQuietly(release);
                return null;
            }));
            holding.await();
            List<Future<UpsertResponse>> answers = new ArrayList<>();
            for (String body : bodies) answers.add(callers.submit(() -> f.upsert(body)));
            Await.until("the upserts queued behind the held transaction", Duration.ofSeconds(10),
                    () -> f.service.writer().queueDepth() == bodies.length);
            release.countDown();
            hold.get();
            for (Future<UpsertResponse> a : answers) {
                try {
                    a.get();
                } catch (ExecutionException refused) {
                    // the caller's test looks at it
                }
            }
            return answers;
        } finally {
            callers.shutdown();
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
