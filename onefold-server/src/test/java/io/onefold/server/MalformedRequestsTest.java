package io.onefold.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Requests that are wrong in ways a JSON body check does not see — text no store can keep, broken URLs and headers
 * that the HTTP layer refuses before any route runs, query parameters and content types — each answered with a 4xx
 * in the error shape {@code {code, message, details, request_id}} that names what is wrong.
 */
class MalformedRequestsTest extends OmnichannelServerTest {

    private static String email() {
        return TestServer.unique("malformed") + "@example.com";
    }

    // ------------------------------------------------------------------ text no store can keep

    /** A lone surrogate has no UTF-8 form: stored, it came back as '?'. */
    @Test
    void aLoneSurrogateInAnUpsertIs400NamingTheField() {
        String email = email();
        Api.Response r = api.upsert("{\"source\": \"salesforce_crm\", \"profile_data\": {\"email\": \"" + email + "\", \"loyalty_tier\": \"Gold\\ud800\"}}")
                .expectError(400, "VALIDATION_FAILED");
        assertThat(r.detailFields()).containsExactly("profile_data.loyalty_tier");
        assertThat(r.errorText()).contains("surrogate");
        assertThat(api.get("/profiles?email=" + email).json().get("entities")).as("nothing stored").isEmpty();
    }

    @Test
    void aLoneSurrogateInAConfigurationBodyIs400NamingTheField() {
        Api.Response r = api.post("/profile-templates", "{\"template_name\": \"T\\udfff\", \"attributes\": []}").expectError(400, "VALIDATION_FAILED");
        assertThat(r.detailFields()).containsExactly("template_name");
    }

    @Test
    void aLoneSurrogateInABulkLineIsRefusedOnThatLine() {
        String good = email();
        String bad = email();
        Api.Response r = api.request("POST", "/profiles/bulk").ndjson(
                "{\"source\": \"salesforce_crm\", \"profile_data\": {\"email\": \"" + good + "\"}}\n"
                        + "{\"source\": \"salesforce_crm\", \"profile_data\": {\"email\": \"" + bad + "\", \"recent_intent\": \"\\ud83d order\"}}\n").send().expect(200);
        JsonNode second = Api.json(r.text().lines().toList().get(1));
        assertThat(second.get("status").asInt()).as("line 2: %s", second).isEqualTo(400);
        assertThat(second.at("/error/details/0/field").asText()).isEqualTo("profile_data.recent_intent");
        assertThat(api.get("/profiles?email=" + bad).json().get("entities")).isEmpty();
        assertThat(api.get("/profiles?email=" + good).json().get("entities")).hasSize(1);
    }

    // ------------------------------------------------------------------ what the HTTP layer refuses before a route runs

    @Test
    void aMalformedPercentEncodingIsAJsonError() {
        for (String target : new String[] {Api.BASE + "/profiles/%zz", Api.BASE + "/profiles?email=%zz", Api.BASE + "/profiles?email=%E0%A4"}) {
            RawHttp.Answer a = RawHttp.send(server.port(), "GET " + target + " HTTP/1.1", "Authorization: Bearer " + api.token());
            assertThat(a.status()).as("GET %s -> %s", target, a).isEqualTo(400);
            a.asResponse("GET " + target).assertErrorShape();
        }
    }

    @Test
    void aHundredKilobyteUrlIsAJsonError() {
        String target = Api.BASE + "/profiles?email=" + "a".repeat(100_000) + "%40example.com";
        RawHttp.Answer a = RawHttp.send(server.port(), "GET " + target + " HTTP/1.1", "Authorization: Bearer " + api.token());
        assertThat(a.status()).as("a 100 kB URL -> %s", a.status()).isEqualTo(414);
        Api.Response r = a.asResponse("GET (100 kB)").assertErrorShape();
        assertThat(r.json().get("code").asText()).isEqualTo("URI_TOO_LONG");
    }

    @Test
    void anOversizedHeaderIsAJsonError() {
        RawHttp.Answer a = RawHttp.send(server.port(), "GET " + Api.BASE + "/profile-templates HTTP/1.1",
                "Authorization: Bearer " + api.token(), "X-Padding: " + "p".repeat(64_000));
        assertThat(a.status()).as("a 64 kB header -> %s", a.status()).isEqualTo(431);
        Api.Response r = a.asResponse("GET (64 kB header)").assertErrorShape();
        assertThat(r.json().get("code").asText()).isEqualTo("HEADERS_TOO_LARGE");
        server.health();
    }

    // ------------------------------------------------------------------ query parameters

    /**
     * Opens {@code GET /events...}: a refusal is read whole; an accepted stream (which never ends by itself) is closed
     * at once and answered with an empty body, so that a test of a refusal fails instead of waiting forever.
     */
    private static Api.Response openStream(String query, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(api.root().resolve(Api.BASE + "/events" + query))
                .header("Authorization", "Bearer " + api.token()).header("Accept", "text/event-stream").timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        try {
            HttpResponse<InputStream> r = HttpClient.newHttpClient().send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = r.body()) {
                String text = r.statusCode() == 200 ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
                return new Api.Response("GET /events" + query, r.statusCode(), r.headers(), text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void eventsOfAnUnknownTypeAre400NamingTypes() {
        Api.Response r = openStream("?types=profile.created,nope").expectError(400, "VALIDATION_FAILED");
        assertThat(r.detailFields()).containsExactly("types");
        assertThat(r.errorText()).contains("nope", "profile.created", "profile.merged");
        openStream("?types=profile.created,profile.merged").expect(200);
    }

    @Test
    void aStreamPositionThatIsNotANumberNamesWhereItCameFrom() {
        assertThat(openStream("?after=abc").expectError(400, "VALIDATION_FAILED").detailFields()).containsExactly("after");
        assertThat(openStream("", "Last-Event-ID", "abc").expectError(400, "VALIDATION_FAILED").detailFields()).containsExactly("Last-Event-ID");
    }

    /** The cursor is the last profile id of a page: anything else used to start over (or end) the search silently. */
    @Test
    void aGarbageSearchCursorIs400NamingCursor() {
        for (String cursor : new String[] {"abc", "", "00000000-0000-0000-0000-00000000000g"}) {
            Api.Response r = api.get("/profiles?loyalty_tier=Gold&cursor=" + cursor).expectError(400, "VALIDATION_FAILED");
            assertThat(r.detailFields()).as("cursor %s", cursor).containsExactly("cursor");
        }
        String tier = TestServer.unique("tier");
        for (int i = 0; i < 3; i++) {
            api.upsert("{\"source\": \"salesforce_crm\", \"profile_data\": {\"email\": \"" + email() + "\", \"loyalty_tier\": \"" + tier + "\"}}").expect(201);
        }
        Api.Response first = api.get("/profiles?loyalty_tier=" + tier + "&limit=2").expect(200);
        String next = first.json().get("next_cursor").asText();
        Api.Response second = api.get("/profiles?loyalty_tier=" + tier + "&limit=2&cursor=" + next).expect(200);
        assertThat(second.json().get("entities")).as("a cursor the server gave still pages").hasSize(1);
    }

    // ------------------------------------------------------------------ content types

    @Test
    void bulkDeclaredAsApplicationJsonIs415() {
        String line = "{\"source\": \"salesforce_crm\", \"profile_data\": {\"email\": \"" + email() + "\"}}\n";
        for (String type : new String[] {"application/json", "text/plain", "application/jsonl"}) {
            Api.Response r = api.request("POST", "/profiles/bulk").body(line.getBytes(StandardCharsets.UTF_8), type).send()
                    .expectError(415, "UNSUPPORTED_MEDIA_TYPE");
            assertThat(r.detailFields()).as(type).containsExactly("Content-Type");
        }
        api.request("POST", "/profiles/bulk").body(line.getBytes(StandardCharsets.UTF_8), "application/x-ndjson; charset=utf-8").send().expect(200);
    }
}
