package io.onefold.server;

import static io.onefold.server.TestServer.example;
import static io.onefold.server.TestServer.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.testing.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Profile templates and merge rule sets: create (201 with warnings), list, get, PUT a new version, delete (204, or 409
 * while active), activate (202 and a job to poll), dry run. Each test works in an organization of its own.
 */
class ConfigurationRoutesTest {
    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ObjectNode renamed(String file, String field, String name) {
        ObjectNode body = Api.json(example(file));
        body.put(field, name);
        return body;
    }

    /** Polls GET /jobs/{id} (a client's only way to follow a job) until the job leaves RUNNING; returns its last state. */
    static JsonNode awaitJob(Api api, String jobId) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        Await.until("job " + jobId + " to leave RUNNING", Duration.ofSeconds(20), () -> {
            JsonNode job = api.get("/jobs/" + jobId).expect(200).json();
            assertThat(job.get("job_id").asText()).isEqualTo(jobId);
            last.set(job);
            return !job.get("status").asText().equals("RUNNING");
        });
        return last.get();
    }

    @Test
    void a_template_is_created_listed_read_versioned_and_deleted_when_inactive() {
        Api api = server.newOrganizationAdmin();
        Api.Response created = api.post("/profile-templates", example("omnichannel-template.json")).expect(201);
        JsonNode body = created.json();
        assertThat(body.get("template_name").asText()).isEqualTo("OmnichannelRetailProfile");
        assertThat(body.get("attributes")).hasSize(13);
        assertThat(body.get("version").asInt()).isEqualTo(1);
        assertThat(body.get("active").asBoolean()).as("the first template becomes active").isTrue();
        assertThat(body.get("warnings").isArray()).isTrue();
        assertThat(body.get("warnings")).isEmpty();

        Api.Response second = api.post("/profile-templates", renamed("omnichannel-template.json", "template_name", "Spare")).expect(201);
        assertThat(second.json().get("active").asBoolean()).as("later templates are activated explicitly").isFalse();

        JsonNode list = api.get("/profile-templates").expect(200).json().get("entities");
        assertThat(list).hasSize(2);
        List<String> names = new ArrayList<>();
        list.forEach(t -> names.add(t.get("template_name").asText()));
        assertThat(names).containsExactlyInAnyOrder("OmnichannelRetailProfile", "Spare");

        JsonNode read = api.get("/profile-templates/OmnichannelRetailProfile").expect(200).json();
        assertThat(read.get("template_name").asText()).isEqualTo("OmnichannelRetailProfile");
        assertThat(read.get("active").asBoolean()).isTrue();

        ObjectNode v2 = Api.json(example("omnichannel-template.json"));
        v2.withArray("attributes").addObject().put("name", "nickname").put("type", "string").put("cardinality", "single");
        Api.Response put = api.put("/profile-templates/OmnichannelRetailProfile", v2).expect(200);
        assertThat(put.json().get("version").asInt()).isEqualTo(2);
        assertThat(api.get("/profile-templates/OmnichannelRetailProfile").expect(200).json().get("attributes")).hasSize(14);

        api.delete("/profile-templates/OmnichannelRetailProfile").expectError(409, "CONFLICT");
        Api.Response deleted = api.delete("/profile-templates/Spare");
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.text()).isEmpty();
        api.get("/profile-templates/Spare").expectError(404, "NOT_FOUND");
        api.delete("/profile-templates/Spare").expectError(404, "NOT_FOUND");
    }

    @Test
    void creating_a_template_or_rule_set_twice_is_a_409_and_a_put_must_keep_the_name() {
        Api api = server.newOrganizationAdmin();
        api.post("/profile-templates", example("omnichannel-template.json")).expect(201);
        api.post("/profile-templates", example("omnichannel-template.json")).expectError(409, "CONFLICT");
        api.put("/profile-templates/SomethingElse", example("omnichannel-template.json")).expectError(400, "VALIDATION_FAILED");
        api.put("/profile-templates/Missing", renamed("omnichannel-template.json", "template_name", "Missing")).expectError(404, "NOT_FOUND");

        api.post("/merge-rules", example("omnichannel-rules.json")).expect(201);
        api.post("/merge-rules", example("omnichannel-rules.json")).expectError(409, "CONFLICT");
        assertThat(api.put("/merge-rules/Other", example("omnichannel-rules.json")).expectError(400, "VALIDATION_FAILED").detailFields())
                .contains("rule_name");
    }

    @Test
    void an_invalid_template_is_a_400_naming_every_problem() {
        Api api = server.newOrganizationAdmin();
        String body = """
                {"template_name": "Broken", "attributes": [
                  {"name": "email", "type": "strng", "is_identifier": true, "cardinality": "single"},
                  {"name": "tier", "type": "string", "cardinality": "many"}
                ]}""";
        Api.Response r = api.post("/profile-templates", body).expectError(400, "VALIDATION_FAILED");
        assertThat(r.detailFields()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(String.join(" ", r.detailFields())).contains("attributes[0]", "attributes[1]");
        assertThat(r.errorText()).contains("strng", "many");
    }

    @Test
    void merge_rules_are_created_with_warnings_listed_read_versioned_and_deleted_when_inactive() {
        Api api = server.newOrganizationAdmin();
        api.post("/profile-templates", example("template.json")).expect(201);
        Api.Response created = api.post("/merge-rules", example("merge-rules.json")).expect(201);
        JsonNode body = created.json();
        assertThat(body.get("rule_name").asText()).isEqualTo("RetailMergeStrategy_v1");
        assertThat(body.get("active").asBoolean()).isTrue();
        assertThat(body.get("version").asInt()).isEqualTo(1);
        assertThat(body.get("warnings").toString()).as("the guide's rule names preferred_contact_method, which its template lacks")
                .contains("preferred_contact_method");

        api.post("/merge-rules", renamed("merge-rules.json", "rule_name", "Spare")).expect(201);
        assertThat(api.get("/merge-rules").expect(200).json().get("entities")).hasSize(2);
        assertThat(api.get("/merge-rules/Spare").expect(200).json().get("active").asBoolean()).isFalse();

        ObjectNode v2 = renamed("merge-rules.json", "rule_name", "Spare");
        v2.put("default_strategy", "MOST_RECENT");
        assertThat(api.put("/merge-rules/Spare", v2).expect(200).json().get("version").asInt()).isEqualTo(2);
        assertThat(api.get("/merge-rules/Spare").expect(200).json().get("default_strategy").asText()).isEqualTo("MOST_RECENT");

        api.delete("/merge-rules/RetailMergeStrategy_v1").expectError(409, "CONFLICT");
        assertThat(api.delete("/merge-rules/Spare").status()).isEqualTo(204);
        api.get("/merge-rules/Spare").expectError(404, "NOT_FOUND");
    }

    @Test
    void a_dry_run_reports_what_activation_would_change_and_activation_applies_it_in_a_job() {
        Api api = server.newOrganizationAdmin();
        api.post("/profile-templates", example("omnichannel-template.json")).expect(201);
        api.post("/merge-rules", example("omnichannel-rules.json")).expect(201);
        String email = unique("dry") + "@example.com";
        String id = api.upsert("{\"source\": \"salesforce_crm\", \"observed_at\": \"2026-01-01T10:00:00Z\", \"profile_data\": {\"email\": \"" + email
                + "\", \"loyalty_tier\": \"Gold\"}}").expect(201).id();
        api.upsert("{\"source\": \"webchat_middleware\", \"observed_at\": \"2026-01-02T10:00:00Z\", \"profile_data\": {\"email\": \"" + email
                + "\", \"loyalty_tier\": \"Silver\"}}").expect(200);
        String untouched = api.upsert("{\"source\": \"salesforce_crm\", \"profile_data\": {\"email\": \"" + unique("dry-other") + "@example.com\"}}").expect(201).id();

        ObjectNode recency = Api.json(example("omnichannel-rules.json"));
        recency.put("rule_name", "Recency");
        for (JsonNode rule : recency.withArray("attribute_rules")) {
            if (rule.get("attribute_name").asText().equals("loyalty_tier")) ((ObjectNode) rule).put("resolution_strategy", "MOST_RECENT");
        }
        Api.Response created = api.post("/merge-rules", recency).expect(201);
        assertThat(created.json().get("active").asBoolean()).isFalse();

        JsonNode report = api.post("/merge-rules/Recency/dry-run").expect(200).json();
        assertThat(report.get("rule_name").asText()).isEqualTo("Recency");
        assertThat(report.get("profiles_examined").asInt()).isEqualTo(2);
        assertThat(report.get("profiles_changed").asInt()).isEqualTo(1);
        assertThat(report.at("/changes/0/profile_id").asText()).isEqualTo(id);
        assertThat(report.at("/changes/0/changes/loyalty_tier/old").asText()).isEqualTo("Gold");
        assertThat(report.at("/changes/0/changes/loyalty_tier/new").asText()).isEqualTo("Silver");
        assertThat(report.get("changes").toString()).doesNotContain(untouched);
        assertThat(api.get("/profiles/" + id).json().at("/attributes/loyalty_tier").asText()).as("a dry run writes nothing").isEqualTo("Gold");

        Api.Response activated = api.post("/merge-rules/Recency/activate").expect(202);
        String jobId = activated.json().get("job_id").asText();
        assertThat(jobId).isNotBlank();
        assertThat(activated.json().get("status").asText()).isIn("RUNNING", "SUCCEEDED");
        JsonNode job = awaitJob(api, jobId);
        assertThat(job.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(job.get("done").asLong()).isEqualTo(2);
        assertThat(job.at("/result/profiles_changed").asLong()).isEqualTo(1);

        assertThat(api.get("/profiles/" + id).json().at("/attributes/loyalty_tier").asText()).as("rules apply retroactively").isEqualTo("Silver");
        assertThat(api.get("/merge-rules/Recency").json().get("active").asBoolean()).isTrue();
        assertThat(api.get("/merge-rules/OmnichannelMergeStrategy_v1").json().get("active").asBoolean()).isFalse();
        assertThat(api.delete("/merge-rules/OmnichannelMergeStrategy_v1").status()).isEqualTo(204);
        api.delete("/merge-rules/Recency").expectError(409, "CONFLICT");
    }

    @Test
    void activating_a_template_answers_202_with_a_job_that_succeeds() {
        Api api = server.newOrganizationAdmin();
        api.post("/profile-templates", example("omnichannel-template.json")).expect(201);
        api.post("/merge-rules", example("omnichannel-rules.json")).expect(201);
        api.upsert("{\"source\": \"salesforce_crm\", \"profile_data\": {\"email\": \"" + unique("tpl") + "@example.com\", \"loyalty_tier\": \"Gold\"}}").expect(201);
        api.post("/profile-templates", renamed("omnichannel-template.json", "template_name", "Next")).expect(201);

        Api.Response activated = api.post("/profile-templates/Next/activate").expect(202);
        JsonNode job = awaitJob(api, activated.json().get("job_id").asText());
        assertThat(job.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(job.get("progress").asDouble()).isEqualTo(1.0);
        assertThat(api.get("/profile-templates/Next").json().get("active").asBoolean()).isTrue();
        assertThat(api.delete("/profile-templates/OmnichannelRetailProfile").status()).isEqualTo(204);
    }

    @Test
    void unknown_configurations_and_jobs_are_404() {
        Api api = server.newOrganizationAdmin();
        api.get("/profile-templates/Nope").expectError(404, "NOT_FOUND");
        api.get("/merge-rules/Nope").expectError(404, "NOT_FOUND");
        api.post("/merge-rules/Nope/activate").expectError(404, "NOT_FOUND");
        api.post("/profile-templates/Nope/activate").expectError(404, "NOT_FOUND");
        api.post("/merge-rules/Nope/dry-run").expectError(404, "NOT_FOUND");
        api.get("/jobs/00000000-0000-0000-0000-000000000000").expectError(404, "NOT_FOUND");
    }
}
