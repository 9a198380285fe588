package io.onefold.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.testing.StoredProfilesEqualRebuild;
import io.onefold.service.ProfileService;
import io.onefold.service.ServiceOptions;
import io.onefold.store.StoreRebuild;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Today's behaviour, pinned: a fixed list of scenarios — the guide's flow and its traps — driven through the real
 * HTTP server (a real socket), with every request, status, answer and emitted event written into a transcript that
 * must equal {@code src/test/resources/io/onefold/server/api-transcript.txt} byte for byte. It guards the rewrite of
 * the write path (issue 12): whatever is restructured, the API answers and emits what it did.
 *
 * <h2>What makes it deterministic</h2>
 * The service runs on a clock the test moves one minute per request, and every request sends its own
 * {@code X-Request-Id}; bulk requests carry at most one line that writes (their lines run concurrently). Events are
 * read from one {@code GET /events} stream opened before the first request; after each request the transcript takes
 * the events through the store's latest position (after an activation, once its re-resolution job is done). What is
 * random by nature — profile ids, job ids, link ids, the bearer token — is replaced by placeholders in order of
 * appearance ({@link Transcript}). The transcript ends with the whole stream read again from position 0, as a consumer
 * starting late sees it (after an erasure scrubbed part of it).
 *
 * <h2>When it fails</h2>
 * The failure names the first line that differs, and this run's transcript is written next to the recorded one as
 * {@code api-transcript.actual.txt}: {@code diff} the two. A difference is either a regression (fix the code) or a
 * deliberate change of behaviour. Only for a deliberate change, re-record:
 * <pre>
 * mvn -B -o -pl onefold-server -am test -Dtest=ApiTranscriptTest -Dsurefire.failIfNoSpecifiedTests=false -Donefold.transcript.record=true
 * </pre>
 * and commit the new transcript with the change, so that the review sees the behaviour change as a diff of the
 * transcript, and nothing else in it. Never re-record to make an unexplained difference go away.
 */
class ApiTranscriptTest {
    private static final Path RECORDED = Path.of("src/test/resources/io/onefold/server/api-transcript.txt");
    private static final String ORG = ProfileService.DEFAULT_ORGANIZATION;
    private static final Instant START = Instant.parse("2026-11-20T09:00:00Z");

    @TempDir
    Path dir;
    private final AtomicReference<Instant> now = new AtomicReference<>(START);
    private SqliteProfileStore store;
    private ProfileService service;
    private OnefoldServer server;
    private Api api;
    private EventStream events;
    private Transcript transcript;
    private int requests;

    @BeforeEach
    void start() {
        ServerConfig config = ServerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDirectory(dir)
                .withBootstrap(TestServer.ADMIN_ID, TestServer.ADMIN_SECRET);
        store = SqliteProfileStore.open(dir, 2);
        service = new ProfileService(store, new ServiceOptions(config.defaultRegion(), now::get));
        OnefoldServer.bootstrap(service, config, new PrintStream(OutputStream.nullOutputStream()));
        server = OnefoldServer.start(config, service);
        StoredProfilesEqualRebuild.watch(new StoreRebuild("SQLite store of the transcript in " + dir, () -> SqliteProfileStore.open(dir, 1),
                config.defaultRegion()));
        api = new Api(URI.create("http://127.0.0.1:" + server.port()), null);
        transcript = new Transcript("""
                # Onefold API transcript, recorded by io.onefold.server.ApiTranscriptTest: requests (>>>), answers (<<<) and the
                # events the change stream delivered after each (---). Every API request carries the admin client's bearer token.
                # Placeholders stand for random values, numbered in order of appearance. Re-record only for a deliberate change
                # of behaviour (see the test's Javadoc).""");
    }

    @AfterEach
    void stop() {
        if (events != null) events.close();
        server.close();
        service.close();
        store.close();
    }

    @Test
    void theGuidesFlowAndTrapsAnswerAndEmitWhatTheRecordedTranscriptSays() {
        transcript.section("OAuth 2.0 client credentials");
        String form = "grant_type=client_credentials&client_id=" + TestServer.ADMIN_ID + "&client_secret=" + TestServer.ADMIN_SECRET;
        Api.Response token = exchange("POST", "/oauth/token", "application/x-www-form-urlencoded", form, Map.of());
        api = api.withToken(token.json().get("access_token").textValue());
        events = EventStream.open(api, 0);
        emitted();

        transcript.section("The profile template and the merge rules (the guide's, extended for CRM + chat + IVR)");
        send("POST", "/profile-templates", TestServer.example("omnichannel-template.json"));
        send("POST", "/merge-rules", TestServer.example("omnichannel-rules.json"));

        transcript.section("The CRM upserts a full record");
        String ava = send("POST", "/profiles", """
                {"source": "salesforce_crm", "source_record_id": "CRM-1001", "observed_at": "2026-06-01T10:00:00Z",
                 "profile_data": {"email": "Ava.Green@Example.com", "phone_number": "(415) 555-0101", "loyalty_tier": "Gold",
                                  "preferred_contact_method": "email", "postal_address": {"city": "Oakland", "zip": "94607"},
                                  "customer_since": "2019-04-02"}}""").id();
        send("GET", "/profiles?email=" + "AVA.GREEN@example.com", null);

        transcript.section("Web chat sends a partial record with nulls (Edge Case 1: nulls never erase)");
        String chatPartial = """
                {"source": "webchat_middleware", "observed_at": "2026-11-19T15:00:00Z",
                 "profile_data": {"email": "ava.green@example.com", "loyalty_tier": null, "phone_number": null,
                                  "last_interaction_timestamp": "2026-11-19T15:00:00Z", "recent_intent": "order status"}}""";
        send("POST", "/profiles", chatPartial);
        transcript.note("the same partial record again");
        send("POST", "/profiles", chatPartial);

        transcript.section("An IVR caller known only by phone, a chat visitor, then the visitor identifies: one merged profile");
        String ben = send("POST", "/profiles", """
                {"source": "voice_ivr", "observed_at": "2026-11-19T16:00:00Z",
                 "profile_data": {"phone_number": "+1 510 555 0199", "recent_intent": "return"}}""").id();
        String benChat = send("POST", "/profiles", """
                {"source": "webchat_middleware", "observed_at": "2026-11-19T16:05:00Z",
                 "profile_data": {"email": "ben.ortiz@example.com", "interaction_channels": ["chat"]}}""").id();
        send("POST", "/profiles", """
                {"source": "webchat_middleware", "observed_at": "2026-11-19T16:10:00Z",
                 "profile_data": {"email": "ben.ortiz@example.com", "phone_number": "510-555-0199", "recent_intent": "refund"}}""");
        send("GET", "/profiles/" + benChat, null);

        transcript.section("A stale CRM value loses to a fresher one (the staleness trap), an explicit chat choice overrides the CRM");
        send("POST", "/profiles", """
                {"source": "webchat_middleware", "observed_at": "2026-11-19T17:00:00Z",
                 "profile_data": {"email": "ava.green@example.com", "postal_address": {"city": "Berkeley", "zip": "94704"}}}""");
        send("POST", "/profiles", """
                {"source": "webchat_middleware", "observed_at": "2026-11-19T17:05:00Z", "explicit": ["preferred_contact_method"],
                 "profile_data": {"email": "ava.green@example.com", "preferred_contact_method": "sms"}}""");
        send("GET", "/profiles/" + ava + "/lineage", null);

        transcript.section("A different value for a single identifier is refused (409) and points to the transfer");
        send("POST", "/profiles", """
                {"source": "webchat_middleware", "observed_at": "2026-11-19T17:10:00Z",
                 "profile_data": {"email": "ava.g@work.example.com", "phone_number": "+14155550101"}}""");

        transcript.section("Identifier transfer, alias, and a source still sending an old email (the identifier drift trap)");
        send("POST", "/profiles/" + ava + "/identifier-transfers", """
                {"attribute": "email", "value": "ava.green@newmail.example.com"}""");
        send("GET", "/profiles?email=ava.green@example.com", null);
        send("POST", "/profiles/" + ava + "/aliases", """
                {"attribute": "email", "value": "a.green@oldjob.example.com"}""");
        send("POST", "/profiles", """
                {"source": "webchat_middleware", "observed_at": "2026-11-19T17:20:00Z",
                 "profile_data": {"email": "a.green@oldjob.example.com", "loyalty_tier": "Platinum", "recent_intent": "warranty"}}""");

        transcript.section("A manual merge, then its unmerge");
        String cara = send("POST", "/profiles", """
                {"source": "salesforce_crm", "source_record_id": "CRM-2002", "observed_at": "2026-11-01T08:00:00Z",
                 "profile_data": {"email": "cara.diaz@example.com", "loyalty_tier": "Silver"}}""").id();
        String caraCaller = send("POST", "/profiles", """
                {"source": "voice_ivr", "observed_at": "2026-11-19T18:00:00Z",
                 "profile_data": {"phone_number": "+1 212 555 0133", "recent_intent": "billing"}}""").id();
        send("POST", "/profiles/merge", "{\"profile_ids\": [\"" + cara + "\", \"" + caraCaller + "\"], \"reason\": \"same caller, confirmed by an agent\"}");
        send("POST", "/profiles/" + cara + "/unmerge", "{\"profile_id\": \"" + caraCaller + "\"}");

        transcript.section("Never the same person: a bridging observation is then refused");
        String dan = send("POST", "/profiles", """
                {"source": "webchat_middleware", "observed_at": "2026-11-19T18:30:00Z",
                 "profile_data": {"email": "dan.kim@example.com", "interaction_channels": ["chat"]}}""").id();
        send("POST", "/profiles/" + dan + "/links", "{\"other_profile_id\": \"" + ben + "\", \"relation\": \"never_same\", \"reason\": \"different people\"}");
        send("POST", "/profiles", """
                {"source": "webchat_middleware", "observed_at": "2026-11-19T18:40:00Z",
                 "profile_data": {"email": "dan.kim@example.com", "phone_number": "+15105550199"}}""");
        send("GET", "/profiles/" + ben + "/graph", null);

        transcript.section("A source record deleted: its contributions and the identifiers only it asserted leave the profile");
        send("DELETE", "/sources/salesforce_crm/records/CRM-2002", null);

        transcript.section("Erasure of a merged profile");
        send("DELETE", "/profiles/" + ben, null);
        send("GET", "/profiles/" + benChat, null);

        transcript.section("Bulk NDJSON with refused lines, then the same batch again under its Idempotency-Key");
        String bulk = """
                {"source": "salesforce_crm", "source_record_id": "CRM-3003", "observed_at": "2026-11-10T08:00:00Z", "profile_data": {"email": "eve.stone@example.com", "loyalty_tier": "Bronze"}}
                {"source": "salesforce_crm", "profile_data": {"email":
                {"source": "fax_machine", "profile_data": {"email": "someone@example.com"}}
                {"source": "webchat_middleware", "observed_at": "2026-11-19T19:00:00Z", "profile_data": {"email": "a.stranger@example.com", "phone_number": "+14155550101"}}
                """;
        send("POST", "/profiles/bulk", "application/x-ndjson", bulk, Map.of("Idempotency-Key", "bulk-2026-11-20"));
        send("POST", "/profiles/bulk", "application/x-ndjson", bulk, Map.of("Idempotency-Key", "bulk-2026-11-20"));

        transcript.section("An upsert retried under its Idempotency-Key is answered, not applied again; another body under it is refused");
        String finn = """
                {"source": "salesforce_crm", "source_record_id": "CRM-4004", "observed_at": "2026-11-12T08:00:00Z",
                 "profile_data": {"email": "finn.berg@example.com", "loyalty_tier": "Gold"}}""";
        send("POST", "/profiles", "application/json", finn, Map.of("Idempotency-Key", "crm-4004-v1"));
        send("POST", "/profiles", "application/json", finn, Map.of("Idempotency-Key", "crm-4004-v1"));
        send("POST", "/profiles", "application/json", finn.replace("Gold", "Silver"), Map.of("Idempotency-Key", "crm-4004-v1"));

        transcript.section("A new version of the rules (loyalty_tier: MOST_RECENT), its dry run, its activation and re-resolution");
        String rules = "OmnichannelMergeStrategy_v1";
        send("PUT", "/merge-rules/" + rules, loyaltyTierMostRecent(TestServer.example("omnichannel-rules.json")));
        send("POST", "/merge-rules/" + rules + "/dry-run", null);
        Api.Response activated = exchange("POST", "/merge-rules/" + rules + "/activate", null, null, Map.of());
        String job = activated.json().get("job_id").textValue();
        awaitJob(job);
        emitted();
        send("GET", "/jobs/" + job, null);
        send("GET", "/profiles/" + ava, null);

        transcript.section("The whole change stream, read again from position 0 by a consumer starting now");
        try (EventStream late = EventStream.open(api, 0)) {
            transcript.events(late.through(service.queries().latestPosition(ORG)));
        }

        transcript.assertMatches(RECORDED);
    }

    // ------------------------------------------------------------------------------------------ steps

    private Api.Response send(String method, String path, String json) {
        return send(method, path, "application/json", json, Map.of());
    }

    private Api.Response send(String method, String path, String type, String body, Map<String, String> headers) {
        Api.Response r = exchange(method, path, body == null ? null : type, body, headers);
        emitted();
        return r;
    }

    /** One request a minute after the previous one, recorded with its answer. */
    private Api.Response exchange(String method, String path, String type, String body, Map<String, String> headers) {
        now.set(now.get().plus(Duration.ofMinutes(1)));
        Map<String, String> sent = new LinkedHashMap<>();
        sent.put("X-Request-Id", String.format("t-%02d", ++requests));
        sent.putAll(headers);
        transcript.request(method, path.startsWith("/oauth") ? path : Api.BASE + path, sent, type, body);
        Api.Request request = api.request(method, path);
        sent.forEach(request::header);
        if (body != null) request.body(body.getBytes(StandardCharsets.UTF_8), type);
        Api.Response r = request.send();
        transcript.response(r);
        return r;
    }

    /** The events committed by now, as the stream delivers them. */
    private void emitted() {
        transcript.events(events.through(service.queries().latestPosition(ORG)));
    }

    /** Waits for a background job on the writer's commit signal (no sleeping), without recording the polls. */
    private void awaitJob(String id) {
        try {
            while (true) {
                long seen = service.notifier().version();
                JsonNode job = api.get("/jobs/" + id).expect(200).json();
                if (!job.get("status").asText().equals("RUNNING")) return;
                assertThat(service.notifier().await(seen, 30_000)).as("job %s still running: %s", id, job).isTrue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The example rule set with loyalty_tier resolved by MOST_RECENT instead of SOURCE_PRIORITY. */
    private static String loyaltyTierMostRecent(String rules) {
        ObjectNode body = Api.json(rules);
        boolean changed = false;
        for (JsonNode rule : body.withArray("attribute_rules")) {
            if (rule.path("attribute_name").asText().equals("loyalty_tier")) {
                ((ObjectNode) rule).put("resolution_strategy", "MOST_RECENT").put("description", "The newest tier any source reports");
                changed = true;
            }
        }
        assertThat(changed).as("the example rules have a loyalty_tier rule").isTrue();
        return body.toString();
    }
}
