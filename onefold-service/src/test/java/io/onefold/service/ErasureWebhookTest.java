package io.onefold.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.onefold.core.testing.Fixtures;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A webhook retried after an erasure committed sends the event as the store now holds it, never the payload read before. */
class ErasureWebhookTest {
    private static final String EMAIL = "webhook.erasure@example.com";

    @TempDir
    Path dir;

    @Test
    void aDeliveryRetriedAfterTheErasureSendsTheScrubbedEventNotThePayloadReadBefore() throws Exception {
        CompletableFuture<String> firstAttempt = new CompletableFuture<>();
        CompletableFuture<Void> erased = new CompletableFuture<>();
        CompletableFuture<String> delivered = new CompletableFuture<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            firstAttempt.complete(body);
            // down until the erasure committed: every attempt before it fails, the first after it is accepted
            boolean up = erased.isDone();
            if (up) delivered.complete(body);
            exchange.sendResponseHeaders(up ? 204 : 503, -1);
            exchange.close();
        });
        receiver.start();
        try (ServiceFixture f = new ServiceFixture(dir, SqliteProfileStore.open(dir, 4), new ServiceOptions("US", Instant::now, Duration.ofMillis(5), 10_000).withWebhookAddresses(WebhookAddressPolicy.allowingPrivate()), true)) {
            f.service.webhooks().create(ServiceFixture.ORG, "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook", List.of("profile.created"), null);
            String id = f.service.upsert(ServiceFixture.ORG, Fixtures.json("{\"source\":\"webchat_middleware\",\"profile_data\":{\"email\":\"" + EMAIL + "\"}}"), null).profileId();
            assertThat(firstAttempt.get(30, TimeUnit.SECONDS)).as("precondition: the first attempt carried the email").contains(EMAIL);

            f.service.erase(ServiceFixture.ORG, id);
            erased.complete(null);

            String body = delivered.get(30, TimeUnit.SECONDS);
            assertThat(body).doesNotContain(EMAIL).contains("\"scrubbed\":true").contains(id);
        } finally {
            receiver.stop(0);
        }
    }
}
