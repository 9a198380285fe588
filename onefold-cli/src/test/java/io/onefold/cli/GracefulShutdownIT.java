package io.onefold.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.core.json.Json;
import io.onefold.service.ProfileService;
import io.onefold.service.ServiceOptions;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a real {@code onefold serve} in the middle of a 5,000-line {@code POST /profiles/bulk}: the server stops
 * accepting at once, lets the request run to its end — the client gets the whole answer, and every line it reports is
 * committed — ends its event streams cleanly, and exits; nothing in its log is an exception. Synchronized on what the
 * server says (its announcements, its data), never on time.
 */
class GracefulShutdownIT {
    private static final int LINES = 5000;
    private static final String API = ServeProcess.API;
    private static final Pattern STOPPING = Pattern.compile("Onefold: stopping");

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void sigtermDuringABulkRequestAnswersItWholeAndCommitsEveryLineItReports() throws Exception {
        Path data = dir.resolve("data");
        Map<String, String> committed = new LinkedHashMap<>();
        try (ServeProcess serve = ServeProcess.start("--data", data.toString(), "--drain-timeout", "PT5M")) {
            String token = serve.token(http);
            serve.configureOmnichannel(http, token);

            AtomicBoolean streamEnded = new AtomicBoolean();
            HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(serve.base() + API + "/events?after=0"))
                    .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.statusCode()).isEqualTo(200);
            Thread consumer = Thread.ofVirtual().start(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                    while (in.readLine() != null) {
                        // events of the bulk request; the stream must end when the server stops
                    }
                    streamEnded.set(true);
                } catch (IOException e) {
                    // a reset instead of an end: streamEnded stays false
                }
            });

            PipedOutputStream body = new PipedOutputStream();
            PipedInputStream pipe = new PipedInputStream(body, 1 << 16);
            CompletableFuture<HttpResponse<String>> answer = http.sendAsync(HttpRequest.newBuilder(URI.create(serve.base() + API + "/profiles/bulk"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> pipe)).build(), HttpResponse.BodyHandlers.ofString());
            write(body, 1, LINES / 2);
            awaitCommitted(serve, token, email(1));

            serve.terminate();
            serve.awaitLine(STOPPING, Duration.ofSeconds(60));
            assertThatThrownBy(() -> new Socket("127.0.0.1", serve.port()).close()).as("a new connection after SIGTERM")
                    .isInstanceOf(ConnectException.class);

            write(body, LINES / 2 + 1, LINES);
            body.close();
            HttpResponse<String> r = answer.get(5, TimeUnit.MINUTES);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            List<String> results = r.body().lines().toList();
            assertThat(results).as("one result per line").hasSize(LINES);
            for (String line : results) {
                JsonNode j = Json.parse(line);
                assertThat(j.get("status").asInt()).as(line).isEqualTo(201);
                committed.put(email(j.get("line").asInt()), j.get("profile_id").asText());
            }

            serve.awaitExit(Duration.ofMinutes(2));
            consumer.join(Duration.ofMinutes(1));
            assertThat(streamEnded).as("the event stream ended cleanly").isTrue();
            assertThat(serve.output()).anyMatch(l -> l.contains("Onefold: stopped"));
            assertThat(serve.log()).as("the server's log").noneMatch(l -> l.contains("NullPointerException"))
                    .filteredOn(l -> l.contains(" WARN ") || l.contains(" ERROR "))
                    // sqlite-jdbc's clean-up of native libraries that other JVMs left in /tmp: not this server's doing
                    .allMatch(l -> l.contains("SQLiteJDBCLoader"));
        }
        try (SqliteProfileStore store = SqliteProfileStore.open(data, 1); ProfileService service = new ProfileService(store, ServiceOptions.defaults())) {
            for (var e : committed.entrySet()) {
                var found = service.queries().lookup(ProfileService.DEFAULT_ORGANIZATION, "email", e.getKey());
                assertThat(found).as("line reported for %s", e.getKey()).isPresent();
                assertThat(found.get().get("profile_id").asText()).isEqualTo(e.getValue());
            }
        }
    }

    /** The drain is bounded: a request that never ends is cut when the drain timeout passes, and the server exits. */
    @Test
    void aRequestThatOutlivesTheDrainTimeoutIsCutAndTheServerStillExits() throws Exception {
        try (ServeProcess serve = ServeProcess.start("--data", dir.resolve("data").toString(), "--drain-timeout", "PT1S")) {
            String token = serve.token(http);
            serve.configureOmnichannel(http, token);
            PipedOutputStream body = new PipedOutputStream();
            PipedInputStream pipe = new PipedInputStream(body, 1 << 16);
            CompletableFuture<HttpResponse<String>> answer = http.sendAsync(HttpRequest.newBuilder(URI.create(serve.base() + API + "/profiles/bulk"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> pipe)).build(), HttpResponse.BodyHandlers.ofString());
            write(body, 1, LINES / 2); // more than the client buffers before it sends
            awaitCommitted(serve, token, email(1));

            serve.terminate();
            serve.awaitExit(Duration.ofMinutes(2));
            assertThat(serve.output()).anyMatch(l -> l.contains("Onefold: stopped"));
            assertThat(answer).as("the cut request has no answer").failsWithin(Duration.ofMinutes(1));
        }
    }

    private static String email(int line) {
        return "drain-" + line + "@example.com";
    }

    private static void write(OutputStream body, int from, int to) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int n = from; n <= to; n++) {
            lines.append("{\"source\": \"salesforce_crm\", \"source_record_id\": \"C-").append(n).append("\", \"profile_data\": {\"email\": \"")
                    .append(email(n)).append("\", \"loyalty_tier\": \"Gold\"}}\n");
        }
        body.write(lines.toString().getBytes(StandardCharsets.UTF_8));
        body.flush();
    }

    /** Waits until the line for {@code email} is committed, reading it back: the bulk request is in flight. */
    private void awaitCommitted(ServeProcess serve, String token, String email) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(serve.base() + API + "/profiles?email=" + email))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200 && !Json.parse(r.body()).get("entities").isEmpty()) return;
            if (System.nanoTime() > deadline) throw new AssertionError("the bulk request committed nothing: " + r.body());
        }
    }
}
