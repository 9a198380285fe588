package io.onefold.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.core.json.Json;
import io.onefold.store.postgres.TestDatabase;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several stateless nodes on one PostgreSQL database: three {@code onefold serve --db} processes, sixteen clients
 * sending overlapping upserts for 1,000 customers to random nodes — some naming the customer by email, some by phone,
 * some by both, so that profiles are created concurrently on different nodes and merged. Afterwards there are exactly
 * 1,000 profiles and each holds every acknowledged contribution (each upsert adds one tag, from a record of its own,
 * and tags are a UNION); a write acknowledged by one node is read on another immediately after; and an SSE consumer
 * on one node receives every event written by all three, each once, in increasing position order.
 */
class MultiNodeIT {
    private static final int NODES = 3;
    private static final int CLIENTS = 16;
    private static final int CUSTOMERS = 1000;
    private static final int UPSERTS_PER_CLIENT = 150;
    private static final String CLIENT_ID = "multi-node-admin";
    private static final String SECRET = "multi-node-secret-0123456789";
    private static final Pattern SERVING = Pattern.compile("serving http://[^:]+:(\\d+)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> nodes = new ArrayList<>();
    private final List<String> bases = new ArrayList<>();
    private TestDatabase database;
    private String token;

    @BeforeEach
    void startNodes() throws Exception {
        database = TestDatabase.create();
        // the first node bootstraps the empty database (organization, admin client, signing key); the others join it
        start();
        List<Thread> joining = new ArrayList<>();
        for (int i = 1; i < NODES; i++) joining.add(Thread.ofPlatform().start(() -> {
            try {
                start();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
        for (Thread t : joining) t.join(120_000);
        assertThat(bases).as("every node is serving").hasSize(NODES);
    }

    @AfterEach
    void stopNodes() throws Exception {
        for (Process p : nodes) p.destroy();
        for (Process p : nodes) {
            if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (database != null) database.close();
    }

    private void start() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), OnefoldCommand.class.getName(),
                "serve", "--port", "0", "--host", "127.0.0.1", "--db", database.url(), "--db-user", database.user(), "--db-pool", "4")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("ONEFOLD_BOOTSTRAP_CLIENT_ID", CLIENT_ID);
        pb.environment().put("ONEFOLD_BOOTSTRAP_CLIENT_SECRET", SECRET);
        pb.directory(new File(System.getProperty("user.dir")));
        Process p = pb.start();
        synchronized (nodes) {
            nodes.add(p);
        }
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            Matcher m = SERVING.matcher(line);
            if (m.find()) {
                synchronized (bases) {
                    bases.add("http://127.0.0.1:" + m.group(1));
                }
                // keep draining, so that the child never blocks on a full pipe
                Thread.ofVirtual().start(() -> out.lines().forEach(l -> {}));
                return;
            }
        }
        throw new IllegalStateException("a node exited before serving (exit " + p.waitFor() + ")");
    }

    @Test
    void threeNodesOnOneDatabaseLoseNothingAndDuplicateNothing() throws Exception {
        token = token(bases.get(0));
        post(bases.get(0), "/profile-templates", """
                {"template_name": "MultiNode", "attributes": [
                  {"name": "email", "type": "string", "is_identifier": true, "cardinality": "single", "normalization": "email"},
                  {"name": "phone_number", "type": "string", "is_identifier": true, "cardinality": "multiple", "normalization": "phone"},
                  {"name": "tags", "type": "string", "cardinality": "multiple"},
                  {"name": "loyalty_tier", "type": "string", "cardinality": "single"}]}""", 201);
        post(bases.get(0), "/merge-rules", """
                {"rule_name": "MultiNodeRules",
                 "sources": [{"source_id": "salesforce_crm", "priority": 1}, {"source_id": "webchat_middleware", "priority": 2},
                             {"source_id": "voice_ivr", "priority": 3}],
                 "attribute_rules": [{"attribute_name": "tags", "resolution_strategy": "UNION"}]}""", 201);

        BlockingQueue<Long> streamed = new LinkedBlockingQueue<>();
        Thread consumer = Thread.ofVirtual().start(() -> consume(bases.get(NODES - 1), streamed));
        Map<Integer, Set<String>> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger crossNodeReads = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            done.add(clients.submit(() -> {
                Random random = new Random(client);
                for (int n = 0; n < UPSERTS_PER_CLIENT; n++) {
                    int customer = random.nextInt(CUSTOMERS);
                    String tag = "t-" + client + "-" + n;
                    int node = random.nextInt(NODES);
                    String identifiers = switch (random.nextInt(3)) {
                        case 0 -> "\"email\": \"" + email(customer) + "\"";
                        case 1 -> "\"phone_number\": \"" + phone(customer) + "\"";
                        default -> "\"email\": \"" + email(customer) + "\", \"phone_number\": \"" + phone(customer) + "\"";
                    };
                    String source = List.of("salesforce_crm", "webchat_middleware", "voice_ivr").get(random.nextInt(3));
                    JsonNode answer = post(bases.get(node), "/profiles", "{\"source\": \"" + source + "\", \"source_record_id\": \"" + tag
                            + "\", \"profile_data\": {" + identifiers + ", \"tags\": [\"" + tag + "\"], \"loyalty_tier\": \"T" + n % 4 + "\"}}", -1);
                    acknowledged.computeIfAbsent(customer, k -> ConcurrentHashMap.newKeySet()).add(tag);
                    if (n % 4 == 0) {
                        // read-after-write on another node, at once: the acknowledged profile holds the tag
                        String other = bases.get((node + 1 + random.nextInt(NODES - 1)) % NODES);
                        JsonNode read = get(other, "/profiles/" + answer.get("profile_id").textValue());
                        assertThat(strings(read.path("attributes").path("tags"))).as("node %s reads what another node acknowledged", other).contains(tag);
                        crossNodeReads.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) f.get(10, TimeUnit.MINUTES);
        // every customer once more with both identifiers: whatever was created apart is now merged
        List<Future<?>> closing = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            closing.add(clients.submit(() -> {
                for (int customer = client; customer < CUSTOMERS; customer += CLIENTS) {
                    String tag = "final-" + customer;
                    post(bases.get(customer % NODES), "/profiles", "{\"source\": \"salesforce_crm\", \"source_record_id\": \"" + tag
                            + "\", \"profile_data\": {\"email\": \"" + email(customer) + "\", \"phone_number\": \"" + phone(customer)
                            + "\", \"tags\": [\"" + tag + "\"]}}", -1);
                    acknowledged.computeIfAbsent(customer, k -> ConcurrentHashMap.newKeySet()).add(tag);
                }
                return null;
            }));
        }
        for (Future<?> f : closing) f.get(10, TimeUnit.MINUTES);
        clients.shutdown();

        List<Long> positions = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(database.url(), database.user(), null); var st = c.createStatement()) {
            try (var rs = st.executeQuery("SELECT count(*) FROM profiles WHERE status = 'ACTIVE'")) {
                rs.next();
                assertThat(rs.getLong(1)).as("one profile per customer, however the nodes interleaved").isEqualTo(CUSTOMERS);
            }
            try (var rs = st.executeQuery("SELECT position FROM changes ORDER BY position")) {
                while (rs.next()) positions.add(rs.getLong(1));
            }
        }
        // each event as the consumer hands it over, until as many as were committed (or a minute without them)
        List<Long> received = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Long next;
        while (received.size() < positions.size() && (next = streamed.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null) {
            received.add(next);
        }
        consumer.interrupt();
        streamed.drainTo(received); // one too many (a duplicate) fails the comparison too
        assertThat(received).as("the SSE stream of one node: every event of every node, once, in position order").isEqualTo(positions);
        for (int customer = 0; customer < CUSTOMERS; customer++) {
            JsonNode found = get(bases.get(customer % NODES), "/profiles?email=" + URLEncoder.encode(email(customer), StandardCharsets.UTF_8));
            assertThat(found.get("entities")).as("customer %d", customer).hasSize(1);
            JsonNode profile = found.get("entities").get(0);
            assertThat(strings(profile.path("attributes").path("tags"))).as("customer %d holds every acknowledged contribution", customer)
                    .containsAll(acknowledged.get(customer));
            assertThat(strings(profile.path("identifiers").path("phone_number"))).containsExactly(phone(customer));
        }
        assertThat(crossNodeReads.get()).isGreaterThan(CLIENTS * UPSERTS_PER_CLIENT / 5);
    }

    /** Reads the event stream from the start, collecting positions (the SSE ids). */
    private void consume(String base, BlockingQueue<Long> into) {
        try {
            HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/api/v2/customer-profile/events"))
                    .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").header("Last-Event-ID", "0").GET().build();
            HttpResponse<java.util.stream.Stream<String>> response = http.send(r, HttpResponse.BodyHandlers.ofLines());
            response.body().forEach(line -> {
                if (line.startsWith("id:")) into.add(Long.parseLong(line.substring(3).trim()));
            });
        } catch (java.io.IOException | java.io.UncheckedIOException | InterruptedException e) {
            // the test is over: it interrupted this reader
        }
    }

    private static String email(int customer) {
        return "customer" + customer + "@example.com";
    }

    private static String phone(int customer) {
        return String.format("+1415555%04d", customer);
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new TreeSet<>();
        array.forEach(v -> out.add(v.textValue()));
        return out;
    }

    private String token(String base) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + CLIENT_ID + "&client_secret=" + SECRET)).build();
        HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.parse(response.body()).get("access_token").textValue();
    }

    /** POSTs JSON; {@code expected} -1 accepts 200 or 201. */
    private JsonNode post(String base, String path, String body, int expected) {
        try {
            HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/api/v2/customer-profile" + path)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString());
            if (expected == -1) assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
            else assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
            return Json.parse(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode get(String base, String path) {
        try {
            HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/api/v2/customer-profile" + path)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token).GET().build();
            HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return Json.parse(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
