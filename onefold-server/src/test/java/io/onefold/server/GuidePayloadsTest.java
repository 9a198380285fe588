package io.onefold.server;

import static io.onefold.server.TestServer.example;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide's two payloads (examples/retail/template.json and merge-rules.json, verbatim), posted in the guide's order
 * to a freshly started server, both succeed; then the guide's upsert payload works against them.
 */
class GuidePayloadsTest {

    @Test
    void the_guide_s_template_then_merge_rules_are_accepted_verbatim(@TempDir Path dir) {
        try (TestServer server = TestServer.start(dir)) {
            Api api = server.admin();

            Api.Response template = api.post("/profile-templates", example("template.json")).expect(201);
            assertThat(template.json().get("template_name").asText()).isEqualTo("UnifiedRetailProfile");
            assertThat(template.json().get("active").asBoolean()).isTrue();

            Api.Response rules = api.post("/merge-rules", example("merge-rules.json")).expect(201);
            assertThat(rules.json().get("rule_name").asText()).isEqualTo("RetailMergeStrategy_v1");
            assertThat(rules.json().get("active").asBoolean()).isTrue();
            JsonNode warnings = rules.json().get("warnings");
            assertThat(warnings).as("one warning: preferred_contact_method is not in the guide's template").hasSize(1);
            assertThat(warnings.get(0).get("field").asText() + " " + warnings.get(0).get("reason").asText()).contains("preferred_contact_method");

            // the guide's Node.js payload, as JSON
            String upsert = """
                    {"source": "salesforce_crm", "profile_data": {"email": "customer@example.com", "phone_number": "+15550199",
                     "loyalty_tier": "Gold", "last_interaction_timestamp": "2026-11-28T10:00:00.000Z"}}""";
            Api.Response created = api.upsert(upsert).expect(201);
            assertThat(created.at("/profile/attributes/loyalty_tier").asText()).isEqualTo("Gold");
            assertThat(created.at("/profile/attributes/last_interaction_timestamp").asText()).isEqualTo("2026-11-28T10:00:00Z");
            assertThat(created.at("/profile/identifiers/phone_number/0").asText()).isEqualTo("+15550199");

            // the guide's template requires email: an upsert that would create a profile without it is a 400 naming it
            Api.Response missing = api.upsert("{\"source\": \"voice_ivr\", \"profile_data\": {\"phone_number\": \"+15550100\"}}")
                    .expectError(400, "VALIDATION_FAILED");
            assertThat(missing.detailFields()).contains("profile_data.email");
            // ...while an update that reaches an existing profile through another identifier may omit it
            api.upsert("{\"source\": \"voice_ivr\", \"profile_data\": {\"phone_number\": \"+15550199\", \"last_interaction_timestamp\": \"2026-11-28T11:00:00Z\"}}")
                    .expect(200);
        }
    }
}
