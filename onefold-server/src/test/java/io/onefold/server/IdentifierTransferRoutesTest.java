package io.onefold.server;

import static io.onefold.server.TestServer.READ;
import static io.onefold.server.TestServer.WRITE;
import static io.onefold.server.TestServer.unique;
import static io.onefold.server.TestServer.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Identifier transfers and aliases through a real socket, on the omnichannel example (email single, phone_number
 * multiple, salesforce_crm the identifier authority): {@code from_value} is a precondition, a retried transfer is
 * answered unchanged, and a client bound to sources changes identifiers only as the identifier authority.
 */
class IdentifierTransferRoutesTest extends OmnichannelServerTest {
    static Api admin;

    @BeforeAll
    static void signIn() {
        admin = api;
    }

    private static String email(String prefix) {
        return unique(prefix) + "@example.com";
    }

    private static String crm(String profileData) {
        return "{\"source\": \"salesforce_crm\", \"profile_data\": " + profileData + "}";
    }

    private static String transfer(String attribute, String from, String value) {
        return "{\"attribute\": \"" + attribute + "\"" + (from == null ? "" : ", \"from_value\": \"" + from + "\"") + ", \"value\": \"" + value + "\"}";
    }

    @Test
    void aTransferWhoseFromValueIsNotCurrentIs409WithTheCurrentValuesAndChangesNothing() {
        String current = email("current");
        String id = admin.upsert(crm("{\"email\": \"" + current + "\"}")).expect(201).id();
        JsonNode before = admin.get("/profiles/" + id).expect(200).json();

        Api.Response refused = admin.post("/profiles/" + id + "/identifier-transfers", transfer("email", email("stale"), email("next")))
                .expectError(409, "CONFLICT");
        assertThat(refused.detailFields()).contains("from_value");
        assertThat(refused.errorText()).contains(current);
        assertThat(refused.json().get("attribute").asText()).isEqualTo("email");
        assertThat(refused.json().get("current_values")).extracting(JsonNode::asText).containsExactly(current);

        JsonNode after = admin.get("/profiles/" + id).expect(200).json();
        assertThat(after.get("version")).as("nothing was written").isEqualTo(before.get("version"));
        assertThat(after.at("/identifiers/email/0").asText()).isEqualTo(current);
        assertThat(after.path("aliases").path("email").isEmpty()).isTrue();
    }

    @Test
    void aTransferNamingTheCurrentValueReplacesIt_andItsRetryIs200Unchanged() {
        String old = email("old");
        String now = email("new");
        String id = admin.upsert(crm("{\"email\": \"" + old + "\"}")).expect(201).id();

        Api.Response moved = admin.post("/profiles/" + id + "/identifier-transfers", transfer("email", old, now)).expect(200);
        assertThat(moved.at("/identifiers/email/0").asText()).isEqualTo(now);
        assertThat(moved.at("/aliases/email/0").asText()).isEqualTo(old);
        int version = admin.get("/profiles/" + id).expect(200).json().get("version").asInt();

        Api.Response retried = admin.post("/profiles/" + id + "/identifier-transfers", transfer("email", old, now)).expect(200);
        assertThat(retried.at("/identifiers/email/0").asText()).isEqualTo(now);
        assertThat(retried.at("/aliases/email/0").asText()).isEqualTo(old);
        assertThat(admin.get("/profiles/" + id).expect(200).json().get("version").asInt()).as("the retry changed nothing").isEqualTo(version);
        long transfers = 0;
        for (JsonNode entry : admin.get("/profiles/" + id + "/history").expect(200).json().get("entries")) {
            if (entry.get("type").asText().equals("identifier.transferred")) transfers++;
        }
        assertThat(transfers).as("one identifier.transferred event").isEqualTo(1);
    }

    @Test
    void aMultipleIdentifierNeedsFromValue_andAStaleOneIs409() {
        String mobile = uniquePhone();
        String landline = uniquePhone();
        String id = admin.upsert(crm("{\"email\": \"" + email("multi") + "\", \"phone_number\": [\"" + mobile + "\", \"" + landline + "\"]}")).expect(201).id();
        String replacement = uniquePhone();

        assertThat(admin.post("/profiles/" + id + "/identifier-transfers", transfer("phone_number", null, replacement))
                .expectError(400, "VALIDATION_FAILED").detailFields()).contains("from_value");
        Api.Response stale = admin.post("/profiles/" + id + "/identifier-transfers", transfer("phone_number", uniquePhone(), replacement))
                .expectError(409, "CONFLICT");
        assertThat(stale.json().get("current_values")).extracting(JsonNode::asText).containsExactlyInAnyOrder(mobile, landline);

        Api.Response moved = admin.post("/profiles/" + id + "/identifier-transfers", transfer("phone_number", landline, replacement)).expect(200);
        assertThat(moved.json().at("/identifiers/phone_number")).extracting(JsonNode::asText).containsExactlyInAnyOrder(mobile, replacement);
        assertThat(moved.json().at("/aliases/phone_number")).extracting(JsonNode::asText).containsExactly(landline);
        admin.post("/profiles/" + id + "/identifier-transfers", transfer("phone_number", landline, replacement)).expect(200);
    }

    @Test
    void aClientBoundToSourcesChangesIdentifiersOnlyAsTheIdentifierAuthority() {
        String current = email("bound");
        String id = admin.upsert(crm("{\"email\": \"" + current + "\"}")).expect(201).id();
        Api chat = server.newClient(unique("chat-"), List.of(READ, WRITE), List.of("webchat_middleware", "voice_ivr"));
        Api crm = server.newClient(unique("crm-"), List.of(READ, WRITE), List.of("salesforce_crm"));

        String alias = email("alias");
        for (Api.Response refused : List.of(
                chat.post("/profiles/" + id + "/aliases", "{\"attribute\": \"email\", \"value\": \"" + alias + "\"}"),
                chat.post("/profiles/" + id + "/identifier-transfers", transfer("email", current, email("hijack"))))) {
            refused.expectError(403, "FORBIDDEN");
            assertThat(refused.detailFields()).contains("source");
            assertThat(refused.errorText()).contains("salesforce_crm");
        }
        JsonNode untouched = admin.get("/profiles/" + id).expect(200).json();
        assertThat(untouched.get("version").asInt()).as("nothing was written").isEqualTo(1);

        crm.post("/profiles/" + id + "/aliases", "{\"attribute\": \"email\", \"value\": \"" + alias + "\"}").expect(200);
        chat.delete("/profiles/" + id + "/aliases?attribute=email&value=" + alias).expectError(403, "FORBIDDEN");
        String next = email("next");
        crm.post("/profiles/" + id + "/identifier-transfers", transfer("email", current, next)).expect(200);
        assertThat(admin.get("/profiles/" + id).expect(200).at("/identifiers/email/0").asText()).isEqualTo(next);
    }
}
