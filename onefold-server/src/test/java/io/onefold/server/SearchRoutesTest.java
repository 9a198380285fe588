package io.onefold.server;

import static io.onefold.server.TestServer.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.json.Json;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /profiles?attribute=value} through a real socket on the omnichannel example whose template marks
 * {@code loyalty_tier} and {@code lifetime_value} searchable: a search on them reads the index and says
 * {@code "scanned": false}; a search on another attribute still works, as a bounded scan that says {@code "scanned": true}.
 */
class SearchRoutesTest {
    @TempDir
    static Path dir;
    static TestServer server;
    static Api api;

    @BeforeAll
    static void startServer() throws Exception {
        server = TestServer.start(dir);
        api = server.admin();
        ObjectNode template = (ObjectNode) Json.MAPPER.readTree(TestServer.example("omnichannel-template.json"));
        for (JsonNode a : template.get("attributes")) {
            if (List.of("loyalty_tier", "lifetime_value").contains(a.get("name").textValue())) ((ObjectNode) a).put("searchable", true);
        }
        api.post("/profile-templates", template.toString()).expect(201);
        api.post("/merge-rules", TestServer.example("omnichannel-rules.json")).expect(201);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static String crm(String email, String profileData) {
        return "{\"source\": \"salesforce_crm\", \"profile_data\": {\"email\": \"" + email + "\", " + profileData + "}}";
    }

    @Test
    void a_search_on_a_searchable_attribute_reads_the_index_and_says_it_did_not_scan() {
        String tier = unique("Tier");
        String first = api.upsert(crm(unique("idx") + "@example.com", "\"loyalty_tier\": \"" + tier + "\", \"lifetime_value\": 1250")).expect(201).id();
        String second = api.upsert(crm(unique("idx") + "@example.com", "\"loyalty_tier\": \"" + tier + "\"")).expect(201).id();

        Api.Response page = api.get("/profiles?loyalty_tier=" + tier + "&limit=1").expect(200);
        assertThat(page.json().get("scanned").isBoolean()).isTrue();
        assertThat(page.json().get("scanned").booleanValue()).isFalse();
        String cursor = page.json().get("next_cursor").asText();
        Api.Response rest = api.get("/profiles?loyalty_tier=" + tier + "&limit=1&cursor=" + cursor).expect(200);
        assertThat(List.of(page.at("/entities/0/profile_id").asText(), rest.at("/entities/0/profile_id").asText()))
                .containsExactlyInAnyOrder(first, second);
        assertThat(rest.json().get("next_cursor").isNull()).isTrue();

        Api.Response byValue = api.get("/profiles?lifetime_value=1250.0").expect(200);
        assertThat(byValue.json().get("scanned").booleanValue()).isFalse();
        assertThat(byValue.at("/entities/0/profile_id").asText()).as("a number found however written").isEqualTo(first);
    }

    @Test
    void a_search_on_an_attribute_that_is_not_searchable_still_works_and_says_it_scanned() {
        String intent = unique("intent");
        String id = api.upsert(crm(unique("scan") + "@example.com", "\"recent_intent\": \"" + intent + "\"")).expect(201).id();
        Api.Response page = api.get("/profiles?recent_intent=" + intent).expect(200);
        assertThat(page.json().get("scanned").booleanValue()).isTrue();
        assertThat(page.at("/entities/0/profile_id").asText()).isEqualTo(id);
        assertThat(page.json().get("next_cursor").isNull()).isTrue();
    }

    @Test
    void a_value_of_the_wrong_type_for_a_searchable_attribute_is_400_naming_the_attribute() {
        assertThat(api.get("/profiles?lifetime_value=lots").expectError(400, "VALIDATION_FAILED").detailFields()).containsExactly("lifetime_value");
    }

    @Test
    void an_identifier_lookup_answers_scanned_false() {
        String email = unique("lookup") + "@example.com";
        api.upsert(crm(email, "\"loyalty_tier\": \"Gold\"")).expect(201);
        assertThat(api.get("/profiles?email=" + email).expect(200).json().get("scanned").booleanValue()).isFalse();
    }
}
