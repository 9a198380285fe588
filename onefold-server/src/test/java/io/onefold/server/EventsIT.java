package io.onefold.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.core.json.Json;
import io.onefold.service.ProfileService;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The change stream over a real socket: resumable from Last-Event-ID with no gap and no duplicate; refused writes emit nothing. */
class EventsIT {
    @TempDir
    Path dir;
    OnefoldServer server;
    HttpClient http = HttpClient.newHttpClient();
    String base;
    String token;

    @BeforeEach
    void start() throws Exception {
        server = OnefoldServer.start(ServerConfig.defaults().withPort(0).withDataDirectory(dir).withBootstrap("admin", "admin-secret-0123456789"), System.out);
        base = "http://localhost:" + server.port();
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
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + OnefoldServer.API + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Reads {@code count} events from the stream, starting after {@code lastEventId} (null: from the start via ?after=0). */
    private List<JsonNode> read(String lastEventId, int count) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + OnefoldServer.API + "/events" + (lastEventId == null ? "?after=0" : "")))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").timeout(Duration.ofSeconds(30));
        if (lastEventId != null) b.header("Last-Event-ID", lastEventId);
        HttpResponse<InputStream> r = http.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        List<JsonNode> events = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String line;
            while (events.size() < count && (line = in.readLine()) != null) {
                if (line.startsWith("data: ")) events.add(Json.parse(line.substring(6)));
            }
        }
        return events;
    }

    @Test
    void aConsumerCutOffMidStreamResumesWithNoGapAndNoDuplicate() throws Exception {
        for (int i = 0; i < 30; i++) {
            assertThat(post("/profiles", "{\"source\":\"salesforce_crm\",\"profile_data\":{\"email\":\"ev" + i + "@example.com\",\"loyalty_tier\":\"Gold\"}}").statusCode()).isEqualTo(201);
        }
        // refused writes emit nothing
        assertThat(post("/profiles", "{\"source\":\"salesforce_crm\",\"profile_data\":{\"email\":\"not-an-email\"}}").statusCode()).isEqualTo(400);
        List<JsonNode> first = read(null, 12);
        String resumeFrom = first.get(first.size() - 1).get("position").asText();
        // more changes while the consumer is away, then it comes back
        for (int i = 30; i < 40; i++) post("/profiles", "{\"source\":\"webchat_middleware\",\"profile_data\":{\"email\":\"ev" + (i - 30) + "@example.com\",\"recent_intent\":\"x\"}}");
        List<JsonNode> rest = read(resumeFrom, 28);
        List<Long> positions = new ArrayList<>();
        first.forEach(e -> positions.add(e.get("position").asLong()));
        rest.forEach(e -> positions.add(e.get("position").asLong()));
        assertThat(positions).hasSize(40).doesNotHaveDuplicates().isSorted();
        for (int i = 1; i < positions.size(); i++) assertThat(positions.get(i)).isEqualTo(positions.get(i - 1) + 1);
        assertThat(first.get(0).get("type").textValue()).isEqualTo("profile.created");
        assertThat(rest.get(rest.size() - 1).get("type").textValue()).isEqualTo("profile.updated");
        assertThat(rest.get(rest.size() - 1).at("/changes/recent_intent/new").textValue()).isEqualTo("x");
    }

    @Test
    void severalConsumersReadTheSameStreamAtOnce() throws Exception {
        for (int i = 0; i < 10; i++) post("/profiles", "{\"source\":\"salesforce_crm\",\"profile_data\":{\"email\":\"multi" + i + "@example.com\"}}");
        List<Thread> consumers = new ArrayList<>();
        List<List<Long>> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int c = 0; c < 3; c++) {
            consumers.add(Thread.ofVirtual().start(() -> {
                try {
                    List<Long> positions = new ArrayList<>();
                    for (JsonNode e : read(null, 10)) positions.add(e.get("position").asLong());
                    seen.add(positions);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        for (Thread t : consumers) t.join(30_000);
        assertThat(seen).hasSize(3);
        assertThat(seen.get(0)).hasSize(10);
        assertThat(seen).allSatisfy(p -> assertThat(p).isEqualTo(seen.get(0)));
    }

    @Test
    void aLiveConsumerSeesACommitOnTheConnectionItHasOpen() throws Exception {
        assertThat(post("/profiles", "{\"source\":\"salesforce_crm\",\"profile_data\":{\"email\":\"before@example.com\"}}").statusCode()).isEqualTo(201);
        long replayEnd = server.service().queries().latestPosition(ProfileService.DEFAULT_ORGANIZATION);
        try (EventStream stream = EventStream.open(new Api(URI.create(base), token), 0)) {
            // the replay, through the last event committed before connecting: once read, the stream is open and caught up
            assertThat(stream.through(replayEnd)).last().satisfies(e -> assertThat(e.data()).contains("before@example.com"));
            // committed only now, so no replay holds it: it reaches this connection live, or never (and through() fails)
            assertThat(post("/profiles", "{\"source\":\"salesforce_crm\",\"profile_data\":{\"email\":\"live@example.com\"}}").statusCode()).isEqualTo(201);
            List<EventStream.Event> live = stream.through(server.service().queries().latestPosition(ProfileService.DEFAULT_ORGANIZATION));
            assertThat(live).singleElement().satisfies(e -> {
                assertThat(e.type()).isEqualTo("profile.created");
                assertThat(Json.parse(e.data()).at("/changes/email/new").textValue()).isEqualTo("live@example.com");
            });
        }
    }

    private static Path examples() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("examples/retail"))) return p.resolve("examples/retail");
        }
        throw new IllegalStateException("examples/retail not found");
    }
}
