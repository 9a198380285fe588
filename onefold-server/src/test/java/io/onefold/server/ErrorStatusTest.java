package io.onefold.server;

import static io.onefold.server.TestServer.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.core.error.ErrorCode;
import io.onefold.core.error.OnefoldException;
import io.onefold.store.CommitOutcomeUnknownException;
import io.onefold.store.StoreUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The one error table ({@link ErrorStatus}): every refusal is a client error, the store out of reach a 503, and a {@code /profiles/bulk} line refused
 * for a reason gets the status and code a single {@code POST /profiles} refused for the same reason gets.
 */
class ErrorStatusTest extends OmnichannelServerTest {

    @ParameterizedTest
    @EnumSource(value = ErrorCode.class, names = {"UNAVAILABLE", "COMMIT_OUTCOME_UNKNOWN"}, mode = EnumSource.Mode.EXCLUDE)
    void every_refusal_code_is_a_4xx_never_a_500(ErrorCode code) {
        ErrorStatus s = ErrorStatus.of(code);
        assertThat(s.status()).as("status of %s", code).isBetween(400, 499);
        assertThat(s.code()).as("wire code of %s", code).isNotBlank();
        OnefoldException refused = new OnefoldException(code, "refused", List.of()) {};
        assertThat(ApiErrors.status(refused)).as("what a single request that throws %s is answered", code).isEqualTo(s.status());
    }

    @Test
    void the_store_out_of_reach_is_a_503_and_an_unknown_commit_outcome_has_a_code_of_its_own() {
        StoreUnavailableException unavailable = new StoreUnavailableException("the database cannot be reached", null);
        CommitOutcomeUnknownException unknown = new CommitOutcomeUnknownException("lost after COMMIT", null);
        assertThat(List.of(ErrorStatus.of(unavailable.code()), ErrorStatus.of(unknown.code())))
                .containsExactly(new ErrorStatus(503, "UNAVAILABLE"), new ErrorStatus(503, "COMMIT_OUTCOME_UNKNOWN"));
        assertThat(List.of(ApiErrors.status(unavailable), ApiErrors.status(unknown))).containsExactly(503, 503);
    }

    @Test
    void a_line_that_breaks_the_template_or_the_envelope_is_refused_like_a_single_request() {
        sameOnBothPaths(ErrorCode.VALIDATION_FAILED, null, "{\"source\": \"salesforce\", \"profile_data\": {\"email\": \"" + email() + "\"}}");
        sameOnBothPaths(ErrorCode.MALFORMED_JSON, null, "{\"source\": \"salesforce_crm\", ");
    }

    @Test
    void a_line_naming_an_unknown_profile_is_refused_like_a_single_request() {
        sameOnBothPaths(ErrorCode.NOT_FOUND, null,
                "{\"source\": \"salesforce_crm\", \"profile_id\": \"01900000-0000-7000-8000-00000000beef\", \"profile_data\": {\"loyalty_tier\": \"Gold\"}}");
    }

    @Test
    void a_line_merge_protection_refuses_is_refused_like_a_single_request() {
        String a = email();
        String phone = TestServer.uniquePhone();
        api.upsert(crm("{\"email\": \"" + a + "\"}")).expect(201);
        api.upsert(crm("{\"email\": \"" + email() + "\", \"phone_number\": \"" + phone + "\"}")).expect(201);
        sameOnBothPaths(ErrorCode.IDENTIFIER_CONFLICT, null,
                "{\"source\": \"webchat_middleware\", \"profile_data\": {\"email\": \"" + a + "\", \"phone_number\": \"" + phone + "\"}}");
    }

    @Test
    void a_line_reusing_an_idempotency_key_with_another_body_is_refused_like_a_single_request() {
        String email = email();
        String key = unique("reused-");
        String first = crm("{\"email\": \"" + email + "\", \"loyalty_tier\": \"Gold\"}");
        api.request("POST", "/profiles").idempotencyKey(key).json(first).send().expect(201);
        api.request("POST", "/profiles/bulk").idempotencyKey(key).ndjson(first + "\n").send().expect(200);
        sameOnBothPaths(ErrorCode.IDEMPOTENCY_KEY_REUSED, key, crm("{\"email\": \"" + email + "\", \"loyalty_tier\": \"Silver\"}"));
    }

    @Test
    void a_line_replaying_a_key_whose_profile_was_erased_is_refused_like_a_single_request() {
        String key = unique("erased-");
        String single = crm("{\"email\": \"" + email() + "\"}");
        String line = crm("{\"email\": \"" + email() + "\"}");
        String singleId = api.request("POST", "/profiles").idempotencyKey(key).json(single).send().expect(201).id();
        JsonNode created = bulkLine(key, line);
        assertThat(created.get("status").asInt()).as(created.toString()).isEqualTo(201);
        api.delete("/profiles/" + singleId).expect(200);
        api.delete("/profiles/" + created.get("profile_id").asText()).expect(200);

        ErrorStatus expected = ErrorStatus.of(ErrorCode.ERASED);
        Api.Response one = api.request("POST", "/profiles").idempotencyKey(key).json(single).send().expectError(expected.status(), expected.code());
        JsonNode bulk = bulkLine(key, line);
        assertThat(List.of(bulk.get("status").asInt(), bulk.at("/error/code").asText())).as(bulk.toString())
                .isEqualTo(List.of(one.status(), one.json().get("code").asText()));
    }

    /** Sends {@code body} as a single request and as the only line of a bulk request (under the same key, if any). */
    private static void sameOnBothPaths(ErrorCode reason, String key, String body) {
        ErrorStatus expected = ErrorStatus.of(reason);
        Api.Request request = api.request("POST", "/profiles").body(body.getBytes(StandardCharsets.UTF_8), "application/json");
        if (key != null) request.idempotencyKey(key);
        Api.Response one = request.send().expectError(expected.status(), expected.code());
        JsonNode line = bulkLine(key, body);
        assertThat(List.of(line.get("status").asInt(), line.at("/error/code").asText())).as("the bulk line %s", line)
                .isEqualTo(List.of(one.status(), one.json().get("code").asText()));
    }

    /** The answer to the only line of a bulk request; with a key, that line is upserted under {@code key#1}. */
    private static JsonNode bulkLine(String key, String line) {
        Api.Request request = api.request("POST", "/profiles/bulk").ndjson(line + "\n");
        if (key != null) request.idempotencyKey(key);
        List<String> lines = request.send().expect(200).text().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSize(1);
        return Api.json(lines.get(0));
    }

    private static String crm(String profileData) {
        return "{\"source\": \"salesforce_crm\", \"profile_data\": " + profileData + "}";
    }

    private static String email() {
        return unique("status") + "@example.com";
    }
}
