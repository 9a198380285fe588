package io.onefold.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.onefold.core.json.Json;
import io.onefold.service.ProfileService;
import io.onefold.service.ServiceOptions;
import io.onefold.service.WebhookAddressPolicy;
import io.onefold.service.WebhookService;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Webhooks: a receiver that fails its first attempts still gets every event, signed, in order. */
class WebhooksIT {
    @TempDir
    Path dir;
    SqliteProfileStore store;
    ProfileService service;
    OnefoldServer server;
    HttpServer receiver;
    final HttpClient http = HttpClient.newHttpClient();
    final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
    final List<String> signatures = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger attempts = new AtomicInteger();
    /** Counted down by each delivery the receiver accepts. */
    final CountDownLatch accepted = new CountDownLatch(5);
    String base;
    String token;

    @BeforeEach
    void start() throws Exception {
        store = SqliteProfileStore.open(dir, 4);
        // the receiver is on loopback: allowed here as an operator would allow a receiver on its own network
        service = new ProfileService(store, new ServiceOptions("US", Instant::now, Duration.ofMillis(40), 50).withWebhookAddresses(WebhookAddressPolicy.allowingPrivate()));
        ServerConfig config = ServerConfig.defaults().withPort(0).withDataDirectory(dir).withBootstrap("admin", "admin-secret-0123456789");
        OnefoldServer.bootstrap(service, config, System.out);
        server = OnefoldServer.start(config, service);
        base = "http://localhost:" + server.port();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int n = attempts.incrementAndGet();
            int status = n <= 3 ? 503 : 204;
            if (status == 204) {
                bodies.add(new String(body, StandardCharsets.UTF_8));
                signatures.add(exchange.getRequestHeaders().getFirst("Onefold-Signature"));
                accepted.countDown();
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        HttpResponse<String> t = http.send(HttpRequest.newBuilder(URI.create(base + "/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=admin&client_secret=admin-secret-0123456789")).build(),
                HttpResponse.BodyHandlers.ofString());
        token = Json.parse(t.body()).get("access_token").textValue();
        post("/profile-templates", Files.readString(examples().resolve("omnichannel-template.json")));
        post("/merge-rules", Files.readString(examples().resolve("omnichannel-rules.json")));
    }

    @AfterEach
    void stop() {
        server.close();
        service.close();
        store.close();
        receiver.stop(0);
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + OnefoldServer.API + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aReceiverThatFailsItsFirstThreeAttemptsStillReceivesEveryEventInOrder() throws Exception {
        HttpResponse<String> created = post("/webhooks", "{\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook\",\"secret\":\"whsec-0123456789abcdef\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String id = Json.parse(created.body()).get("id").textValue();
        for (int i = 0; i < 5; i++) {
            post("/profiles", "{\"source\":\"salesforce_crm\",\"profile_data\":{\"email\":\"wh" + (i % 2) + "@example.com\",\"loyalty_tier\":\"T" + i + "\"}}");
        }
        assertThat(accepted.await(20, TimeUnit.SECONDS)).as("5 deliveries accepted").isTrue();
        assertThat(bodies).hasSize(5);
        List<Long> positions = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            JsonNode e = Json.parse(bodies.get(i));
            positions.add(e.get("position").asLong());
            String sig = signatures.get(i);
            String t = sig.substring(2, sig.indexOf(','));
            assertThat(sig).endsWith("v1=" + WebhookService.sign("whsec-0123456789abcdef", t + "." + bodies.get(i)));
        }
        assertThat(positions).isSorted().doesNotHaveDuplicates();
        assertThat(attempts.get()).isEqualTo(8);
        HttpResponse<String> state = http.send(HttpRequest.newBuilder(URI.create(base + OnefoldServer.API + "/webhooks/" + id))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonNode w = Json.parse(state.body());
        assertThat(w.get("status").textValue()).isEqualTo("ACTIVE");
        assertThat(w.get("consecutive_failures").asInt()).isZero();
        assertThat(w.get("recent_failures")).hasSize(3);
        assertThat(w.has("secret")).isFalse();
    }

    private static Path examples() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("examples/retail"))) return p.resolve("examples/retail");
        }
        throw new IllegalStateException("examples/retail not found");
    }
}
