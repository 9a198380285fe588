package io.onefold.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.core.json.Json;
import io.onefold.core.testing.Await;
import io.onefold.store.postgres.PrivatePostgres;
import io.onefold.store.postgres.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A node whose PostgreSQL restarts under load: a real {@code onefold serve --db} on a private PostgreSQL of this test's
 * own (never the shared server on :5432), three clients sending upserts back to back, each with an Idempotency-Key,
 * and the database stopped ({@code pg_ctl stop -m fast}, as a restart does) and started again in the middle.
 *
 * <p>Every answer is a 2xx or a 503 ({@code UNAVAILABLE}, or {@code COMMIT_OUTCOME_UNKNOWN} when the connection went
 * at a COMMIT) — never a 500, never a dropped connection; every 2xx'd write is there afterwards; once the database
 * accepts connections again each client's first write succeeds, with no restart of the node; and each
 * 503'd request, sent again with its key, leaves exactly one profile. Synchronized on what the clients are answered,
 * never on time.
 */
class DatabaseRestartIT {
    private static final int CLIENTS = 3;
    /** 2xx answers before the stop, and per client after the restart, that show the load running. */
    private static final int ACKNOWLEDGED = 20;
    /** Requests a client sends after the database is back until one succeeds: the first (pool and writers reconnect on use). */
    private static final int RECOVERY_ATTEMPTS = 1;
    /** The clients' backoff after a 503 (what a client honouring Retry-After does, shortened): not a synchronization. */
    private static final long BACKOFF_MILLIS = 50;
    private static final int BEFORE = 0;
    private static final int STOPPING = 1;
    private static final int RESTARTED = 2;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Answer> answers = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger phase = new AtomicInteger(BEFORE);
    private final AtomicBoolean running = new AtomicBoolean(true);

    /** One upsert, as sent: its Idempotency-Key, the customer's email, the body. */
    private record Upsert(String key, String email, String body) {}

    /** What a client was answered, and in which phase of the restart it sent the request. */
    private record Answer(int client, Upsert upsert, int phase, int status, String code) {
        boolean ok() {
            return status == 200 || status == 201;
        }
    }

    @Test
    void requestsFailWith503WhileTheDatabaseRestartsAndTheNodeRecoversByItself() throws Exception {
        String user = TestServer.user();
        try (PrivatePostgres database = PrivatePostgres.start(user);
             ServeProcess node = ServeProcess.start("--db", database.url() + "postgres", "--db-user", user, "--db-pool", "2", "--db-writers", "2")) {
            String token = node.token(http);
            node.configureOmnichannel(http, token);
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(Thread.ofPlatform().name("client-" + c).start(() -> send(node, token, client)));
            }

            Await.until(ACKNOWLEDGED + " writes acknowledged before the restart", Duration.ofSeconds(60),
                    () -> count(a -> a.phase() == BEFORE && a.ok()) >= ACKNOWLEDGED);
            phase.set(STOPPING);
            database.stop();
            Await.until("a 503 to every client while the database is down", Duration.ofSeconds(60),
                    () -> clientsAnswered(STOPPING, a -> a.status() == 503) == CLIENTS);
            database.restart();
            phase.set(RESTARTED);
            Await.until("every client's writes acknowledged again after the restart", Duration.ofSeconds(60),
                    () -> clientsAnswered(RESTARTED, Answer::ok) == CLIENTS && count(a -> a.phase() == RESTARTED && a.ok()) >= ACKNOWLEDGED);
            running.set(false);
            for (Thread t : clients) t.join(Duration.ofSeconds(60));

            List<Answer> all;
            synchronized (answers) {
                all = List.copyOf(answers);
            }
            assertThat(all.stream().filter(a -> !a.ok() && a.status() != 503).map(a -> a.status() + " " + a.code()).toList())
                    .as("answers other than 2xx and 503").isEmpty();
            Set<String> unavailable = all.stream().filter(a -> a.status() == 503).map(Answer::code).collect(Collectors.toCollection(TreeSet::new));
            assertThat(unavailable)
                    .as("the codes of the 503s").isNotEmpty().isSubsetOf(Set.of("UNAVAILABLE", "COMMIT_OUTCOME_UNKNOWN"));
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                List<Answer> after = all.stream().filter(a -> a.client() == client && a.phase() == RESTARTED).toList();
                int firstOk = after.stream().map(Answer::ok).toList().indexOf(true);
                assertThat(firstOk).as("client %d's failed attempts after the database was back", client).isBetween(0, RECOVERY_ATTEMPTS - 1);
            }
            for (Answer a : all) {
                if (a.ok()) assertThat(profilesOf(node, token, a.upsert().email())).as("the acknowledged write of %s", a.upsert().key()).isEqualTo(1);
            }
            for (Answer a : all) {
                if (a.status() != 503) continue;
                HttpResponse<String> retried = post(node, token, a.upsert());
                assertThat(retried.statusCode()).as("%s retried after %s: %s", a.upsert().key(), a.code(), retried.body()).isIn(200, 201);
                assertThat(profilesOf(node, token, a.upsert().email())).as("profiles after the retry of %s (%s)", a.upsert().key(), a.code()).isEqualTo(1);
            }
        }
    }

    /** A client: upserts of new customers back to back until the test is over, each answer recorded with its phase. */
    private void send(ServeProcess node, String token, int client) {
        for (int n = 0; running.get(); n++) {
            String email = "restart-" + client + "-" + n + "@example.com";
            Upsert upsert = new Upsert("restart-" + client + "-" + n, email, "{\"source\": \"salesforce_crm\", \"source_record_id\": \"R-"
                    + client + "-" + n + "\", \"profile_data\": {\"email\": \"" + email + "\", \"loyalty_tier\": \"Gold\"}}");
            int sentIn = phase.get();
            Answer answer;
            try {
                HttpResponse<String> r = post(node, token, upsert);
                String code = r.statusCode() >= 400 ? Json.parse(r.body()).path("code").asText() : null;
                answer = new Answer(client, upsert, sentIn, r.statusCode(), code);
            } catch (IOException e) {
                answer = new Answer(client, upsert, sentIn, -1, "no answer: " + e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                return;
            }
            answers.add(answer);
            if (answer.status() == 503) {
                try {
                    Thread.sleep(BACKOFF_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private long count(java.util.function.Predicate<Answer> which) {
        synchronized (answers) {
            return answers.stream().filter(which).count();
        }
    }

    /** How many clients got an answer {@code which} to a request sent in {@code phase}. */
    private long clientsAnswered(int phase, java.util.function.Predicate<Answer> which) {
        synchronized (answers) {
            return answers.stream().filter(a -> a.phase() == phase && which.test(a)).map(Answer::client).distinct().count();
        }
    }

    private HttpResponse<String> post(ServeProcess node, String token, Upsert upsert) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(node.base() + ServeProcess.API + "/profiles")).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json").header("Idempotency-Key", upsert.key())
                .POST(HttpRequest.BodyPublishers.ofString(upsert.body())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private int profilesOf(ServeProcess node, String token, String email) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(node.base() + ServeProcess.API + "/profiles?email="
                + URLEncoder.encode(email, StandardCharsets.UTF_8))).header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode entities = Json.parse(r.body()).get("entities");
        return entities.size();
    }
}
