package io.onefold.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Over HTTP, on the guide's own payloads: one phone number or email however it is typed finds, and updates, one
 * profile — the guide's sample {@code +15550199} typed {@code 1 555 0199}, an email with a zero-width space in it.
 */
class IdentifierSpellingTest {
    @TempDir
    static Path dir;
    static TestServer server;
    static Api api;
    static String guideCustomer;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir).configureGuide();
        api = server.admin();
        guideCustomer = api.upsert("{\"source\": \"salesforce_crm\", \"profile_data\": {\"email\": \"customer@example.com\", "
                + "\"phone_number\": \"+15550199\", \"loyalty_tier\": \"Gold\"}}").expect(201).id();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "phone_number={0} finds the guide's customer")
    @ValueSource(strings = {"1 555 0199", "+15550199", "555-0199", "(555) 0199", "1.555.0199", "+1 (555) 0199", "011 1 555 0199"})
    void theGuidesPhoneFindsTheGuidesCustomerHoweverItIsTyped(String typed) {
        Api.Response found = api.get("/profiles?phone_number=" + q(typed)).expect(200);
        assertThat(found.json().get("entities")).as("lookup of %s", typed).hasSize(1);
        assertThat(found.at("/entities/0/profile_id").asText()).isEqualTo(guideCustomer);
    }

    @Test
    void anUpsertWithTheNationalPrefixUpdatesTheGuidesCustomerInsteadOfCreatingAnother() {
        Api.Response r = api.upsert("{\"source\": \"voice_ivr\", \"profile_data\": {\"email\": \"customer@example.com\", \"phone_number\": \"1 555 0199\"}}")
                .expect(200);
        assertThat(r.id()).isEqualTo(guideCustomer);
        assertThat(r.at("/profile/identifiers/phone_number").toString()).isEqualTo("[\"+15550199\"]");
    }

    @Test
    void anEmailWithAZeroWidthSpaceFindsTheGuidesCustomer() {
        Api.Response found = api.get("/profiles?email=" + q("customer\u200B@example.com")).expect(200);
        assertThat(found.at("/entities/0/profile_id").asText()).isEqualTo(guideCustomer);
    }

    @Test
    void theServerBroughtStoredIdentifiersToTheCurrentRulesBeforeServing() {
        Api.Response job = api.get("/jobs/identifier-normalization-v2").expect(200);
        assertThat(job.at("/status").asText()).isEqualTo("SUCCEEDED");
        assertThat(job.at("/result/normalization_version").asInt()).isEqualTo(2);
        assertThat(job.at("/result/merge_candidates_total").asInt()).isZero();
    }
}
