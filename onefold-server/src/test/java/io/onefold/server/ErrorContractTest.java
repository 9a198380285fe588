package io.onefold.server;

import static io.onefold.server.TestServer.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Errors in the wire contract's shape {@code {code, message, details: [{field, reason}], request_id}}: 400 naming each
 * offending field, malformed JSON, 404, 409 IDENTIFIER_CONFLICT, 413, 415, 422, and the Idempotency-Key replay.
 */
class ErrorContractTest extends OmnichannelServerTest {
    private static final int MIB = 1 << 20;

    private static String crm(String profileData) {
        return "{\"source\": \"salesforce_crm\", \"profile_data\": " + profileData + "}";
    }

    private static String email() {
        return unique("err") + "@example.com";
    }

    // ------------------------------------------------------------------ 400 VALIDATION_FAILED

    @Test
    void a_malformed_envelope_is_a_400_naming_each_offending_field() {
        String body = """
                {"source": 42, "observed_at": "yesterday", "source_record_id": {"id": 1}, "explicit": "loyalty_tier",
                 "profile_id": 7, "colour": "blue", "profile_data": {"email": "a@example.com"}}""";
        Api.Response r = api.upsert(body).expectError(400, "VALIDATION_FAILED");
        assertThat(r.detailFields()).contains("source", "observed_at", "source_record_id", "explicit", "profile_id", "colour");
        r.json().get("details").forEach(d -> assertThat(d.get("reason").asText()).isNotBlank());

        assertThat(api.upsert("{\"profile_data\": {\"email\": \"a@example.com\"}}").expectError(400, "VALIDATION_FAILED").detailFields()).contains("source");
        assertThat(api.upsert("{\"source\": \"salesforce_crm\"}").expectError(400, "VALIDATION_FAILED").detailFields()).contains("profile_data");
        assertThat(api.upsert("{\"source\": \"salesforce_crm\", \"profile_data\": [1, 2]}").expectError(400, "VALIDATION_FAILED").detailFields())
                .contains("profile_data");
        assertThat(api.upsert("[{\"source\": \"salesforce_crm\"}]").expectError(400, "VALIDATION_FAILED").status()).isEqualTo(400);
    }

    @Test
    void profile_data_that_breaks_the_template_is_a_400_naming_each_attribute_and_why() {
        String body = """
                {"source": "salesforce_crm", "profile_data": {
                  "email": "no-at-sign", "phone_number": "no digits", "loyalty_tier": 5, "lifetime_value": "lots",
                  "customer_since": "last spring", "postal_address": "12 High St", "purchase_history": {"order_id": 1},
                  "shoe_size": 44}}""";
        Api.Response r = api.upsert(body).expectError(400, "VALIDATION_FAILED");
        assertThat(r.detailFields()).contains("profile_data.email", "profile_data.loyalty_tier", "profile_data.lifetime_value",
                "profile_data.customer_since", "profile_data.postal_address", "profile_data.purchase_history", "profile_data.shoe_size");
        assertThat(String.join(" ", r.detailFields())).contains("profile_data.phone_number");
        assertThat(r.errorText()).contains("must be a string", "must be a number");
    }

    @Test
    void an_unknown_source_a_future_observation_and_too_many_values_are_400() {
        Api.Response source = api.upsert("{\"source\": \"salesforce\", \"profile_data\": {\"email\": \"" + email() + "\"}}").expectError(400, "VALIDATION_FAILED");
        assertThat(source.detailFields()).contains("source");
        assertThat(source.errorText()).contains("salesforce");

        Api.Response future = api.upsert("{\"source\": \"salesforce_crm\", \"observed_at\": \"2999-01-01T00:00:00Z\", \"profile_data\": {\"email\": \"" + email() + "\"}}")
                .expectError(400, "VALIDATION_FAILED");
        assertThat(future.detailFields()).contains("observed_at");

        Api.Response many = api.upsert(crm("{\"email\": \"" + email() + "\", \"phone_number\": [\"+14155550101\", \"+14155550102\", \"+14155550103\", "
                + "\"+14155550104\", \"+14155550105\", \"+14155550106\"]}")).expectError(400, "VALIDATION_FAILED");
        assertThat(String.join(" ", many.detailFields())).contains("profile_data.phone_number");
    }

    @Test
    void bad_query_parameters_are_400_naming_them() {
        assertThat(api.get("/profiles").expectError(400, "VALIDATION_FAILED").detailFields()).isNotEmpty();
        assertThat(api.get("/profiles?loyalty_tier=Gold&limit=abc").expectError(400, "VALIDATION_FAILED").detailFields()).contains("limit");
        assertThat(api.get("/profiles?loyalty_tier=Gold&limit=0").expectError(400, "VALIDATION_FAILED").detailFields()).contains("limit");
        assertThat(api.get("/profiles?loyalty_tier=Gold&limit=100000").expectError(400, "VALIDATION_FAILED").detailFields()).contains("limit");
        assertThat(api.get("/profiles?shoe_size=44").expectError(400, "VALIDATION_FAILED").detailFields()).contains("shoe_size");
        assertThat(api.get("/profiles?email=no-at-sign").expectError(400, "VALIDATION_FAILED").detailFields()).contains("email");
        assertThat(api.get("/profiles?lifetime_value=lots").expectError(400, "VALIDATION_FAILED").detailFields()).contains("lifetime_value");
        api.get("/profiles?email=a%40example.com&loyalty_tier=Gold").expectError(400, "VALIDATION_FAILED");
    }

    /** PRODUCT.md does not say what a forged cursor gets; whatever it is, it is not a 500 and the answer keeps its shape. */
    @Test
    void a_search_cursor_that_the_server_did_not_issue_is_never_a_500() {
        for (String cursor : new String[] {"garbage", "%00%01", "eyJub3QiOiJhIGN1cnNvciJ9", "-1", "%27%20OR%201%3D1--", "A".repeat(5000)}) {
            Api.Response r = api.get("/profiles?loyalty_tier=Gold&limit=2&cursor=" + cursor);
            String shown = cursor.length() > 20 ? cursor.substring(0, 20) + "…" : cursor;
            assertThat(r.status()).as("cursor %s: %s", shown, r).isIn(200, 400);
            if (r.status() == 400) r.assertErrorShape();
            else assertThat(r.json().get("entities").isArray()).as("cursor %s: %s", shown, r).isTrue();
        }
    }

    @Test
    void identity_operations_validate_their_bodies() {
        String id = api.upsert(crm("{\"email\": \"" + email() + "\"}")).expect(201).id();
        assertThat(api.post("/profiles/" + id + "/aliases", "{\"value\": \"x@example.com\"}").expectError(400, "VALIDATION_FAILED").detailFields()).contains("attribute");
        assertThat(api.post("/profiles/" + id + "/aliases", "{\"attribute\": \"email\"}").expectError(400, "VALIDATION_FAILED").detailFields()).contains("value");
        assertThat(api.post("/profiles/" + id + "/aliases", "{\"attribute\": \"loyalty_tier\", \"value\": \"Gold\"}").expectError(400, "VALIDATION_FAILED")
                .detailFields()).contains("attribute");
        assertThat(api.post("/profiles/" + id + "/aliases", "{\"attribute\": \"email\", \"value\": 5}").expectError(400, "VALIDATION_FAILED").detailFields()).contains("value");
        assertThat(api.post("/profiles/" + id + "/identifier-transfers", "{\"attribute\": \"email\", \"value\": \"not-an-email\"}")
                .expectError(400, "VALIDATION_FAILED").detailFields()).contains("value");
        assertThat(api.post("/profiles/merge", "{\"profile_ids\": \"" + id + "\"}").expectError(400, "VALIDATION_FAILED").detailFields()).contains("profile_ids");
        assertThat(api.post("/profiles/merge", "{\"profile_ids\": [\"" + id + "\"]}").expectError(400, "VALIDATION_FAILED").detailFields()).contains("profile_ids");
        assertThat(api.post("/profiles/merge", "{\"profile_ids\": [1, 2]}").expectError(400, "VALIDATION_FAILED").detailFields()).contains("profile_ids");
        assertThat(api.post("/profiles/" + id + "/links", "{\"relation\": \"never_same\"}").expectError(400, "VALIDATION_FAILED").detailFields())
                .contains("other_profile_id");
        assertThat(api.post("/profiles/" + id + "/links", "{\"other_profile_id\": \"" + id + "\", \"relation\": \"cousins\"}")
                .expectError(400, "VALIDATION_FAILED").detailFields()).contains("relation");
    }

    // ------------------------------------------------------------------ 400 MALFORMED_JSON

    @Test
    void truncated_json_is_a_400_malformed_json() {
        api.upsert("{\"source\": \"salesforce_crm\", \"profile_data\": {\"email\": \"a@exa").expectError(400, "MALFORMED_JSON");
        api.upsert("{\"source\": \"salesforce_crm\",").expectError(400, "MALFORMED_JSON");
        api.upsert("").expectError(400, "MALFORMED_JSON");
        api.upsert("{\"source\": \"salesforce_crm\"} trailing").expectError(400, "MALFORMED_JSON");
        api.upsert("{'source': 'salesforce_crm'}").expectError(400, "MALFORMED_JSON");
        api.upsert("{\"source\": \"salesforce_crm\", \"source\": \"voice_ivr\", \"profile_data\": {}}").expectError(400, "MALFORMED_JSON");
        api.post("/profile-templates", "{\"template_name\": ").expectError(400, "MALFORMED_JSON");
        api.post("/profiles/merge", "{\"profile_ids\": [").expectError(400, "MALFORMED_JSON");
    }

    @Test
    void json_nested_100_000_levels_deep_is_a_400_malformed_json() {
        int depth = 100_000;
        String arrays = "[".repeat(depth) + "]".repeat(depth);
        api.upsert(arrays).expectError(400, "MALFORMED_JSON");
        String objects = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
        api.upsert(objects).expectError(400, "MALFORMED_JSON");
        String inProfileData = "{\"source\": \"salesforce_crm\", \"profile_data\": {\"postal_address\": " + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}}";
        api.upsert(inProfileData).expectError(400, "MALFORMED_JSON");
        api.post("/profile-templates", arrays).expectError(400, "MALFORMED_JSON");
        server.health();
    }

    @Test
    void huge_numbers_are_a_400_never_a_500() {
        String[] bodies = {
            crm("{\"email\": \"" + email() + "\", \"lifetime_value\": 1e999999999}"),
            crm("{\"email\": \"" + email() + "\", \"lifetime_value\": -1e999999999}"),
            crm("{\"email\": \"" + email() + "\", \"lifetime_value\": 1e-999999999}"),
            crm("{\"email\": \"" + email() + "\", \"lifetime_value\": 1E+2147483647}"),
            crm("{\"email\": \"" + email() + "\", \"lifetime_value\": " + "9".repeat(5000) + "}"),
            crm("{\"email\": \"" + email() + "\", \"loyalty_tier\": 1e999999999}"),
            "{\"source\": \"salesforce_crm\", \"source_record_id\": 1e999999999, \"profile_data\": {\"email\": \"" + email() + "\"}}",
            "{\"source\": \"salesforce_crm\", \"observed_at\": 1e999999999, \"profile_data\": {\"email\": \"" + email() + "\"}}",
            "{\"source\": 1e999999999, \"profile_data\": {}}",
            // inside object and array attributes, where the template cannot say "number"
            crm("{\"email\": \"" + email() + "\", \"postal_address\": {\"zip\": 1e999999999}}"),
            crm("{\"email\": \"" + email() + "\", \"purchase_history\": [{\"order_id\": 1e999999999}]}"),
        };
        SoftAssertions soft = new SoftAssertions();
        for (String body : bodies) {
            Api.Response r = api.upsert(body);
            String shown = body.length() > 160 ? body.substring(0, 160) + "…" : body;
            soft.assertThat(r.status()).as("%s -> %s", shown, r).isEqualTo(400);
            if (r.status() == 400) {
                r.assertErrorShape();
                soft.assertThat(r.json().get("code").asText()).as(shown).isIn("MALFORMED_JSON", "VALIDATION_FAILED");
                if (r.json().get("code").asText().equals("VALIDATION_FAILED")) soft.assertThat(r.detailFields()).as(shown).isNotEmpty();
            }
        }
        server.health();
        soft.assertAll();
    }

    /** An exponent at the edge of int: the validator's canonical form of an object or array value must not throw. */
    @Test
    void a_number_with_an_exponent_of_2147483647_inside_an_object_or_array_is_a_400_not_a_500() {
        SoftAssertions soft = new SoftAssertions();
        for (String body : new String[] {
            crm("{\"email\": \"" + email() + "\", \"postal_address\": {\"zip\": 1E+2147483647}}"),
            crm("{\"email\": \"" + email() + "\", \"purchase_history\": [{\"order_id\": \"o-1\", \"amount\": 1E+2147483647}]}"),
        }) {
            Api.Response r = api.upsert(body);
            soft.assertThat(r.status()).as("%s -> %s", body, r).isEqualTo(400);
            if (r.status() == 400) r.assertErrorShape();
        }
        server.health();
        soft.assertAll();
    }

    // ------------------------------------------------------------------ 404

    @Test
    void unknown_things_are_404_in_the_error_shape() {
        String missing = "01900000-0000-7000-8000-00000000beef";
        api.get("/profiles/" + missing).expectError(404, "NOT_FOUND");
        api.get("/profiles/" + missing + "/lineage").expectError(404, "NOT_FOUND");
        api.get("/profiles/" + missing + "/history").expectError(404, "NOT_FOUND");
        api.delete("/profiles/" + missing).expectError(404, "NOT_FOUND");
        api.post("/profiles/" + missing + "/aliases", "{\"attribute\": \"email\", \"value\": \"" + email() + "\"}").expectError(404, "NOT_FOUND");
        api.post("/profiles/" + missing + "/identifier-transfers", "{\"attribute\": \"email\", \"value\": \"" + email() + "\"}").expectError(404, "NOT_FOUND");
        api.post("/profiles/" + missing + "/unmerge").expectError(404, "NOT_FOUND");
        api.delete("/sources/salesforce_crm/records/no-such-record").expectError(404, "NOT_FOUND");
        api.upsert("{\"source\": \"salesforce_crm\", \"profile_id\": \"" + missing + "\", \"profile_data\": {\"loyalty_tier\": \"Gold\"}}").expectError(404, "NOT_FOUND");
        api.get("/no-such-route").expectError(404, "NOT_FOUND");
        api.get("/profiles/%2e%2e%2fclients").assertErrorShape();
    }

    // ------------------------------------------------------------------ 409

    @Test
    void an_upsert_that_would_merge_two_profiles_with_different_emails_is_a_409_naming_them_and_writing_nothing() {
        String a = email();
        String b = email();
        String phone = TestServer.uniquePhone();
        String first = api.upsert(crm("{\"email\": \"" + a + "\"}")).expect(201).id();
        String second = api.upsert(crm("{\"email\": \"" + b + "\", \"phone_number\": \"" + phone + "\"}")).expect(201).id();

        Api.Response r = api.upsert("{\"source\": \"webchat_middleware\", \"profile_data\": {\"email\": \"" + a + "\", \"phone_number\": \"" + phone
                + "\", \"recent_intent\": \"complain\"}}").expectError(409, "IDENTIFIER_CONFLICT");
        JsonNode body = r.json();
        assertThat(body.get("attribute").asText()).isEqualTo("email");
        assertThat(body.get("profile_ids").toString()).contains(first, second);
        assertThat(r.detailFields()).contains("profile_data.email");

        JsonNode p1 = api.get("/profiles/" + first).expect(200).json();
        JsonNode p2 = api.get("/profiles/" + second).expect(200).json();
        assertThat(p1.get("version").asInt()).isEqualTo(1);
        assertThat(p2.get("version").asInt()).isEqualTo(1);
        assertThat(p1.get("attributes").has("recent_intent") || p2.get("attributes").has("recent_intent")).isFalse();
    }

    @Test
    void a_different_email_for_a_known_profile_from_a_non_authority_source_is_a_409_pointing_to_the_transfer_api() {
        String record = unique("contact-");
        String a = email();
        String id = api.upsert("{\"source\": \"webchat_middleware\", \"source_record_id\": \"" + record + "\", \"profile_data\": {\"email\": \"" + a + "\"}}")
                .expect(201).id();
        Api.Response r = api.upsert("{\"source\": \"webchat_middleware\", \"source_record_id\": \"" + record + "\", \"profile_data\": {\"email\": \""
                + email() + "\"}}").expectError(409, "IDENTIFIER_CONFLICT");
        assertThat(r.json().get("attribute").asText()).isEqualTo("email");
        assertThat(r.json().get("profile_ids").toString()).contains(id);
        assertThat(r.errorText()).contains("identifier-transfers");
    }

    // ------------------------------------------------------------------ 413, 415

    @Test
    void a_body_over_1_mib_is_a_413() {
        String padding = " ".repeat(MIB + 10);
        String body = "{\"source\": \"salesforce_crm\", \"profile_data\": {\"email\": \"" + email() + "\"}}" + padding;
        api.upsert(body).expectError(413, "PAYLOAD_TOO_LARGE");
        String longValue = crm("{\"email\": \"" + email() + "\", \"loyalty_tier\": \"" + "x".repeat(MIB + 10) + "\"}");
        api.upsert(longValue).expectError(413, "PAYLOAD_TOO_LARGE");
        api.post("/profile-templates", "{\"template_name\": \"" + "T".repeat(MIB + 10) + "\"}").expectError(413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void a_bulk_line_over_1_mib_is_a_413_line_and_the_other_lines_go_through() {
        String email = email();
        String ndjson = crm("{\"email\": \"" + email() + "\", \"loyalty_tier\": \"" + "x".repeat(MIB + 10) + "\"}") + "\n"
                + crm("{\"email\": \"" + email + "\"}") + "\n";
        Api.Response r = api.request("POST", "/profiles/bulk").ndjson(ndjson).send().expect(200);
        java.util.List<String> lines = r.text().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSize(2);
        assertThat(Api.json(lines.get(0)).get("status").asInt()).isEqualTo(413);
        assertThat(Api.json(lines.get(0)).at("/error/code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(Api.json(lines.get(1)).get("status").asInt()).isEqualTo(201);
    }

    @Test
    void a_body_over_1_mib_sent_chunked_without_a_content_length_is_a_413_too() {
        String email = email();
        String body = "{\"source\": \"salesforce_crm\", \"profile_data\": {\"email\": \"" + email + "\"}}" + " ".repeat(2 * MIB);
        Api.Response r = api.request("POST", "/profiles").body(body.getBytes(StandardCharsets.UTF_8), "application/json").chunked().send();
        r.expectError(413, "PAYLOAD_TOO_LARGE");
        assertThat(api.get("/profiles?email=" + email).json().get("entities")).as("nothing was written").isEmpty();
    }

    @Test
    void a_body_that_is_not_declared_json_is_a_415() {
        String body = crm("{\"email\": \"" + email() + "\"}");
        Api.Response text = api.request("POST", "/profiles").body(body.getBytes(StandardCharsets.UTF_8), "text/plain").send().expectError(415, "UNSUPPORTED_MEDIA_TYPE");
        assertThat(text.errorText()).contains("application/json");
        api.request("POST", "/profiles").body(body.getBytes(StandardCharsets.UTF_8), null).send().expectError(415, "UNSUPPORTED_MEDIA_TYPE");
        api.request("POST", "/profiles").body(body.getBytes(StandardCharsets.UTF_8), "application/xml").send().expectError(415, "UNSUPPORTED_MEDIA_TYPE");
        api.request("POST", "/profile-templates").body(TestServer.example("template.json").getBytes(StandardCharsets.UTF_8), "text/plain").send()
                .expectError(415, "UNSUPPORTED_MEDIA_TYPE");
        api.request("POST", "/profiles/bulk").body((body + "\n").getBytes(StandardCharsets.UTF_8), "text/plain").send().expectError(415, "UNSUPPORTED_MEDIA_TYPE");
        api.request("POST", "/profiles").body(body.getBytes(StandardCharsets.UTF_8), "application/json; charset=utf-8").send().expect(201);
    }

    // ------------------------------------------------------------------ Idempotency-Key

    @Test
    void a_retried_request_with_the_same_idempotency_key_returns_the_first_response_and_is_applied_once() {
        String key = unique("idem-");
        String body = crm("{\"email\": \"" + email() + "\", \"loyalty_tier\": \"Gold\"}");
        Api.Response first = api.request("POST", "/profiles").idempotencyKey(key).json(body).send().expect(201);
        assertThat(first.header("Idempotent-Replayed")).isNull();

        Api.Response retry = api.request("POST", "/profiles").idempotencyKey(key).json(body).send().expect(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.json()).isEqualTo(first.json());

        String id = first.id();
        JsonNode profile = api.get("/profiles/" + id).expect(200).json();
        assertThat(profile.get("version").asInt()).isEqualTo(1);
        assertThat(api.get("/profiles/" + id + "/history").json().get("entries")).hasSize(1);

        // the same body re-serialized differently is still the same request
        String reordered = "{\"profile_data\": {\"loyalty_tier\": \"Gold\", \"email\": \"" + first.at("/profile/identifiers/email/0").asText() + "\"}, \"source\": \"salesforce_crm\"}";
        api.request("POST", "/profiles").idempotencyKey(key).json(reordered).send().expect(201);
    }

    @Test
    void concurrent_retries_with_one_idempotency_key_are_applied_once() throws Exception {
        String key = unique("idem-race-");
        String body = crm("{\"email\": \"" + email() + "\", \"loyalty_tier\": \"Gold\"}");
        java.util.List<java.util.concurrent.Future<Api.Response>> answers = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) answers.add(pool.submit(() -> api.request("POST", "/profiles").idempotencyKey(key).json(body).send()));
        }
        int fresh = 0;
        JsonNode first = null;
        for (var f : answers) {
            Api.Response r = f.get().expect(201);
            if (r.header("Idempotent-Replayed") == null) fresh++;
            if (first == null) first = r.json();
            assertThat(r.json()).isEqualTo(first);
        }
        assertThat(fresh).as("answers not marked as replays").isEqualTo(1);
        assertThat(api.get("/profiles/" + first.get("profile_id").asText()).json().get("version").asInt()).isEqualTo(1);
    }

    @Test
    void an_idempotency_key_reused_with_a_different_body_is_a_422() {
        String key = unique("idem-");
        String email = email();
        api.request("POST", "/profiles").idempotencyKey(key).json(crm("{\"email\": \"" + email + "\", \"loyalty_tier\": \"Gold\"}")).send().expect(201);
        Api.Response reused = api.request("POST", "/profiles").idempotencyKey(key).json(crm("{\"email\": \"" + email + "\", \"loyalty_tier\": \"Silver\"}")).send()
                .expectError(422, "IDEMPOTENCY_KEY_REUSED");
        assertThat(reused.detailFields()).contains("Idempotency-Key");
        assertThat(api.get("/profiles?email=" + email).json().at("/entities/0/attributes/loyalty_tier").asText()).isEqualTo("Gold");

        assertThat(api.request("POST", "/profiles").idempotencyKey("k".repeat(300)).json(crm("{\"email\": \"" + email() + "\"}")).send()
                .expectError(400, "VALIDATION_FAILED").detailFields()).contains("Idempotency-Key");
    }

    // ------------------------------------------------------------------ request ids

    @Test
    void every_error_carries_the_request_id_that_the_response_header_echoes() {
        Api.Response r = api.request("GET", "/profiles/nope").header("X-Request-Id", "trace-abc-123").send().expectError(404, "NOT_FOUND");
        assertThat(r.json().get("request_id").asText()).isEqualTo("trace-abc-123");
        Api.Response anonymous = server.anonymous().request("GET", "/profiles/nope").header("X-Request-Id", "trace-def-456").send().expectError(401, "UNAUTHORIZED");
        assertThat(anonymous.json().get("request_id").asText()).isEqualTo("trace-def-456");
    }
}
