package io.onefold.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.onefold.service.ProfileService;
import io.onefold.service.ServiceOptions;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After some traffic — upserts of every outcome, a bulk request, an event stream, two webhook subscriptions (one whose
 * receiver fails), a rule activation — {@code /metrics} shows each figure docs/configuration.md lists under "Metrics".
 */
class OperatorMetricsTest {
    @TempDir
    Path dir;
    SqliteProfileStore store;
    ProfileService service;
    OnefoldServer server;
    HttpServer receiver;
    Api api;

    @BeforeEach
    void start() throws Exception {
        store = SqliteProfileStore.open(dir, 4);
        // retries 40 ms apart, so that the failing receiver's second attempt comes at once
        service = new ProfileService(store, new ServiceOptions("US", Instant::now, Duration.ofMillis(40), 1000).withWebhookAddresses(io.onefold.service.WebhookAddressPolicy.allowingPrivate()));
        ServerConfig config = ServerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDirectory(dir)
                .withBootstrap(TestServer.ADMIN_ID, TestServer.ADMIN_SECRET);
        OnefoldServer.bootstrap(service, config, System.out);
        server = OnefoldServer.start(config, service);
        api = new Api(URI.create("http://127.0.0.1:" + server.port()), null).as(TestServer.ADMIN_ID, TestServer.ADMIN_SECRET);
        api.post("/profile-templates", TestServer.example("omnichannel-template.json")).expect(201);
        api.post("/merge-rules", TestServer.example("omnichannel-rules.json")).expect(201);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/ok", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.createContext("/down", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        server.close();
        service.close();
        store.close();
        receiver.stop(0);
    }

    private static String crm(String email, String tier) {
        return "{\"source\": \"salesforce_crm\", \"source_record_id\": \"" + email + "\", \"profile_data\": {\"email\": \"" + email + "\", \"loyalty_tier\": \"" + tier + "\"}}";
    }

    @Test
    void metricsShowWhatAnOperatorPagesOnAfterSomeTraffic() throws Exception {
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort();
        String ok = api.post("/webhooks", "{\"url\": \"" + hook + "/ok\"}").expect(201).json().get("id").asText();
        String down = api.post("/webhooks", "{\"url\": \"" + hook + "/down\"}").expect(201).json().get("id").asText();

        // upserts of every outcome
        api.upsert(crm("m1@example.com", "Gold").replace("{\"source\"", "{\"observed_at\": \"2026-01-01T00:00:00Z\", \"source\"")).expect(201);
        String silver = crm("m1@example.com", "Silver").replace("{\"source\"", "{\"observed_at\": \"2026-01-02T00:00:00Z\", \"source\"");
        api.upsert(silver).expect(200);
        api.upsert(silver).expect(200); // the same observation again: unchanged
        api.upsert("{\"source\": \"voice_ivr\", \"profile_data\": {\"phone_number\": \"+14155550101\"}}").expect(201);
        api.upsert("{\"source\": \"webchat_middleware\", \"profile_data\": {\"email\": \"m1@example.com\", \"phone_number\": \"+14155550101\"}}").expect(200);
        api.upsert("{\"source\": \"webchat_middleware\", \"profile_data\": {\"email\": \"m1-other@example.com\", \"phone_number\": \"+14155550101\"}}")
                .expect(409);
        api.request("POST", "/profiles").json(crm("m2@example.com", "Gold")).idempotencyKey("k-1").send().expect(201);
        api.request("POST", "/profiles").json(crm("m2@example.com", "Gold")).idempotencyKey("k-1").send().expect(201);
        api.upsert("{\"source\": \"salesforce_crm\", \"profile_data\": {\"email\": \"not-an-email\"}}").expect(400);
        api.upsert("{\"source\": \"webchat_middleware\", \"profile_data\": {\"email\": \"m3@example.com\"}}").expect(201);
        api.upsert("{\"source\": \"webchat_middleware\", \"profile_data\": {\"email\": \"m4@example.com\"}}").expect(201);
        api.request("POST", "/profiles/bulk").ndjson(crm("m5@example.com", "Gold") + "\n{\"source\": 7}\n").send().expect(200);

        // an event stream that receives an event
        HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(api.root().resolve(Api.BASE + "/events?after=0"))
                .header("Authorization", "Bearer " + api.token()).header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null && !line.startsWith("data: ")) {
                // up to the first event
            }
        }

        // a rule activation: a background job, followed to its end
        ObjectNode rules = Api.json(TestServer.example("omnichannel-rules.json"));
        rules.put("rule_name", "MetricsRules");
        api.post("/merge-rules", rules).expect(201);
        String job = api.post("/merge-rules/MetricsRules/activate").expect(202).json().get("job_id").asText();
        while (!api.get("/jobs/" + job).json().get("status").asText().equals("SUCCEEDED")) {
            assertThat(api.get("/jobs/" + job).json().get("status").asText()).isIn("RUNNING", "SUCCEEDED");
        }

        String tags = "organization=\"default\",webhook=\"";
        String text = awaitMetrics(
                "onefold_webhook_delivery_lag_seconds_count\\{" + tags + ok + "\"} [1-9]",
                "onefold_webhook_delivery_failures_total\\{" + tags + down + "\"} [1-9]");

        // JVM and GC (Micrometer binders)
        assertThat(text).contains("jvm_memory_used_bytes{", "jvm_gc_memory_allocated_bytes_total", "jvm_gc_max_data_size_bytes", "jvm_gc_overhead",
                "jvm_threads_live_threads", "jvm_classes_loaded_classes", "process_cpu_usage", "process_uptime_seconds");
        // the writer
        assertThat(text).containsPattern("onefold_writer_queue_depth \\d");
        assertThat(text).containsPattern("onefold_writer_batch_size_bucket\\{le=\"1\\.0\"} [1-9]");
        assertThat(text).containsPattern("onefold_writer_batch_size_count [1-9]");
        assertThat(text).containsPattern("onefold_writer_commit_seconds_bucket\\{le=\"[0-9.]+\"} [1-9]");
        assertThat(text).containsPattern("onefold_writer_commit_seconds_count [1-9]");
        assertThat(text).containsPattern("onefold_store_errors_total\\{kind=\"failure\",phase=\"commit\"} 0");
        // the writer's cluster cache: m1's second and third upserts found its cluster decoded
        assertThat(text).containsPattern("onefold_writer_cluster_cache_clusters [1-9]");
        assertThat(text).containsPattern("onefold_writer_cluster_cache_hits_total [1-9]");
        assertThat(text).containsPattern("onefold_writer_cluster_cache_misses_total [1-9]");
        // upserts by outcome
        for (String outcome : new String[] {"created", "updated", "merged", "unchanged", "replayed", "refused", "conflict"}) {
            assertThat(text).as(outcome).containsPattern("onefold_upserts_total\\{outcome=\"" + outcome + "\"} [1-9]");
        }
        // the event stream
        assertThat(text).containsPattern("onefold_event_streams_open \\d");
        assertThat(text).containsPattern("onefold_event_stream_lag_seconds_count [1-9]");
        // webhook delivery, per subscription
        assertThat(text).containsPattern("onefold_webhook_pending_age_seconds\\{" + tags + ok + "\"} ");
        assertThat(text).containsPattern("onefold_webhook_pending_age_seconds\\{" + tags + down + "\"} [0-9.]+");
        // jobs
        assertThat(text).containsPattern("onefold_jobs_running \\d");
        assertThat(text).containsPattern("onefold_jobs_finished_total\\{status=\"SUCCEEDED\",type=\"re-resolve\"} 1");
        assertThat(text).as("no personal data in metrics").doesNotContain("m1@example.com", "+14155550101", "127.0.0.1");
    }

    /** Scrapes until every pattern is found (deliveries happen beside the requests); fails after 60 s. */
    private String awaitMetrics(String... patterns) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            String text = api.anonymous().get("/metrics").expect(200).text();
            boolean all = true;
            for (String p : patterns) all &= Pattern.compile(p).matcher(text).find();
            if (all) return text;
            if (System.nanoTime() > deadline) throw new AssertionError("metrics never showed " + String.join(" and ", patterns) + ":\n" + text);
        }
    }
}
