package io.onefold.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.core.json.Json;
import io.onefold.server.OnefoldServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The HTTP half of {@link AotTrainingCommand}: a client of a real server through a real socket, as an integration
 * would be — a token, the configuration, then upserts, each followed now and then by a read of its profile by id and
 * by email, from several clients at once until a deadline.
 */
final class TrainingTraffic {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;
    private final java.util.concurrent.atomic.LongAdder sent = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder refused = new java.util.concurrent.atomic.LongAdder();

    TrainingTraffic(String base, String clientId, String secret) throws IOException, InterruptedException {
        this.base = base;
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/oauth/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException("no token: " + r.statusCode());
        this.token = Json.MAPPER.readTree(r.body()).get("access_token").textValue();
    }

    /** Creates (and so activates) the template and the merge rules. */
    void configure(String template, String rules) throws IOException, InterruptedException {
        expect(send("POST", "/profile-templates", template), "the template");
        expect(send("POST", "/merge-rules", rules), "the merge rules");
    }

    /** Sends the upsert bodies from {@code clients} threads, round robin, until {@code duration} has passed. */
    void run(List<String> bodies, int clients, Duration duration) throws Exception {
        long deadline = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int first = c;
                running.add(pool.submit(() -> {
                    for (int i = first; System.nanoTime() < deadline; i += clients) {
                        HttpResponse<String> r = send("POST", "/profiles", bodies.get(i % bodies.size()));
                        if (r.statusCode() >= 300) {
                            refused.increment(); // a refused record is part of a real workload too
                            continue;
                        }
                        if (i % 4 == 0) read(Json.MAPPER.readTree(r.body()));
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) f.get();
        } finally {
            pool.shutdownNow();
        }
    }

    private void read(JsonNode answer) throws IOException, InterruptedException {
        String id = answer.path("profile_id").textValue();
        if (id != null) send("GET", "/profiles/" + id, null);
        JsonNode email = answer.path("profile").path("attributes").path("email");
        if (email.isTextual()) send("GET", "/profiles?email=" + URLEncoder.encode(email.textValue(), StandardCharsets.UTF_8), null);
    }

    /** What was sent: requests in all, and upserts the server refused. */
    String summary() {
        return sent.sum() + " requests, " + refused.sum() + " upserts refused";
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + OnefoldServer.API + path)).header("Authorization", "Bearer " + token);
        if (body != null) b.header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        sent.increment();
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(HttpResponse<String> r, String what) {
        if (r.statusCode() >= 300) throw new IllegalStateException(what + " was refused: " + r.statusCode() + " " + r.body());
    }
}
