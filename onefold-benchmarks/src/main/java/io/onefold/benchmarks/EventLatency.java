package io.onefold.benchmarks;

import io.onefold.core.json.Json;
import io.onefold.server.OnefoldServer;
import io.onefold.server.ServerConfig;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * Question: how long after an upsert's commit does an SSE consumer receive its event (PRODUCT target: p99 under
 * 50 ms)? Starts a server on a fresh data directory, opens {@code GET /events}, sends {@code N} upserts at a fixed
 * rate, and measures for each the time from the 2xx (the commit is durable when it is sent) to the event's arrival.
 * The figure includes the HTTP response path, so it is an upper bound of commit-to-delivery.
 *
 * <pre>
 * mvn -B -q -DskipTests package
 * java -cp onefold-benchmarks/target/benchmarks.jar io.onefold.benchmarks.EventLatency 2000 200
 * </pre>
 * Arguments: number of upserts (default 2000), rate per second (default 200).
 */
public final class EventLatency {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Path dir = Files.createTempDirectory("onefold-event-latency");
        PrintStream quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
        try (OnefoldServer server = OnefoldServer.start(ServerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDirectory(dir)
                .withBootstrap("bench", "bench-secret-0123456789"), quiet)) {
            String base = "http://127.0.0.1:" + server.port();
            HttpClient http = HttpClient.newHttpClient();
            String token = Json.parse(http.send(HttpRequest.newBuilder(URI.create(base + "/oauth/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=bench&client_secret=bench-secret-0123456789")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).get("access_token").textValue();
            String api = base + OnefoldServer.API;
            for (String[] c : new String[][] {{"/profile-templates", "omnichannel-template.json"}, {"/merge-rules", "omnichannel-rules.json"}}) {
                http.send(HttpRequest.newBuilder(URI.create(api + c[0])).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(Files.readString(examples().resolve(c[1])))).build(), HttpResponse.BodyHandlers.ofString());
            }
            ConcurrentHashMap<String, Long> acked = new ConcurrentHashMap<>();
            ConcurrentHashMap<String, Long> received = new ConcurrentHashMap<>();
            CountDownLatch all = new CountDownLatch(n);
            HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(api + "/events"))
                    .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            Thread reader = Thread.ofPlatform().daemon(true).start(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (!line.startsWith("data: ")) continue;
                        long now = System.nanoTime();
                        String email = Json.parse(line.substring(6)).at("/changes/email/new").asText("");
                        if (!email.isEmpty() && received.putIfAbsent(email, now) == null) all.countDown();
                    }
                } catch (Exception ignored) {
                    // the stream ends with the run
                }
            });
            long interval = 1_000_000_000L / rate;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long due = start + i * interval;
                while (System.nanoTime() < due) Thread.onSpinWait();
                String email = "lat" + i + "@example.com";
                http.send(HttpRequest.newBuilder(URI.create(api + "/profiles")).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"source\":\"salesforce_crm\",\"profile_data\":{\"email\":\"" + email + "\"}}")).build(),
                        HttpResponse.BodyHandlers.discarding());
                acked.put(email, System.nanoTime());
            }
            all.await();
            long[] micros = acked.entrySet().stream().mapToLong(e -> Math.max(0, received.get(e.getKey()) - e.getValue()) / 1000).sorted().toArray();
            System.out.printf("events: %d at %d/s; ack-to-delivery latency: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", n, rate,
                    micros[micros.length / 2] / 1000.0, micros[(int) (micros.length * 0.99)] / 1000.0, micros[micros.length - 1] / 1000.0);
            reader.interrupt();
        }
        System.exit(0);
    }

    private static Path examples() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("examples/retail"))) return p.resolve("examples/retail");
        }
        throw new IllegalStateException("run from the repository: examples/retail not found");
    }
}
