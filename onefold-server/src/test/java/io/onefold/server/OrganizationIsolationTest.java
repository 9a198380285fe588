package io.onefold.server;

import static io.onefold.server.TestServer.ADMIN;
import static io.onefold.server.TestServer.READ;
import static io.onefold.server.TestServer.WRITE;
import static io.onefold.server.TestServer.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tenant isolation: organization A (the default one) and organization B (created through the API, with a client of
 * its own) share one server, and neither can read, write or detect the other's profiles, configuration or jobs.
 */
class OrganizationIsolationTest extends OmnichannelServerTest {
    static Api a;
    static Api b;
    static String orgB;

    @BeforeAll
    static void secondOrganization() {
        a = api;
        orgB = unique("org-b-");
        a.post("/organizations", "{\"id\": \"" + orgB + "\", \"name\": \"Organization B\"}").expect(201);
        b = server.newClient(a, orgB, unique("b-admin-"), List.of(READ, WRITE, ADMIN), List.of());
        server.configure(b, "omnichannel-template.json", "omnichannel-rules.json");
    }

    private static String crm(String record, String email, String tier) {
        return "{\"source\": \"salesforce_crm\", \"source_record_id\": \"" + record + "\", \"profile_data\": {\"email\": \"" + email
                + "\", \"loyalty_tier\": \"" + tier + "\"}}";
    }

    /** What an unknown id gets: the same answer, whether or not the id exists in another organization. */
    private static void assertUndetectable(Api.Response forOthersId, Api.Response forUnknownId) {
        assertThat(forOthersId.status()).isEqualTo(forUnknownId.status());
        assertThat(forOthersId.json().get("code")).isEqualTo(forUnknownId.json().get("code"));
        assertThat(forOthersId.json().get("details")).isEqualTo(forUnknownId.json().get("details"));
    }

    @Test
    void the_token_names_its_organization() {
        assertThat(b.token()).isNotEqualTo(a.token());
        String payload = new String(java.util.Base64.getUrlDecoder().decode(b.token().split("\\.")[1]), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(Api.json(payload).get("org").asText()).isEqualTo(orgB);
    }

    @Test
    void b_cannot_read_or_detect_a_s_profile() {
        String email = unique("shared") + "@example.com";
        String record = unique("contact-");
        String idA = a.upsert(crm(record, email, "Gold")).expect(201).id();
        String unknown = "01900000-0000-7000-8000-0000000000aa";

        assertUndetectable(b.get("/profiles/" + idA).expectError(404, "NOT_FOUND"), b.get("/profiles/" + unknown));
        assertUndetectable(b.get("/profiles/" + idA + "/lineage").expectError(404, "NOT_FOUND"), b.get("/profiles/" + unknown + "/lineage"));
        assertUndetectable(b.get("/profiles/" + idA + "/history").expectError(404, "NOT_FOUND"), b.get("/profiles/" + unknown + "/history"));
        assertThat(b.get("/profiles?email=" + email).expect(200).json().get("entities")).isEmpty();
        assertThat(b.get("/profiles?loyalty_tier=Gold").expect(200).text()).doesNotContain(idA).doesNotContain(email);
        assertUndetectable(b.delete("/sources/salesforce_crm/records/" + record).expectError(404, "NOT_FOUND"),
                b.delete("/sources/salesforce_crm/records/" + unique("no-such-contact-")));
    }

    @Test
    void b_cannot_write_to_a_s_profile() {
        String email = unique("guarded") + "@example.com";
        String record = unique("contact-");
        String idA = a.upsert(crm(record, email, "Gold")).expect(201).id();

        // the same email in B is another customer of another tenant: a new profile of B's, A's untouched
        Api.Response inB = b.upsert(crm(record, email, "Bronze")).expect(201);
        assertThat(inB.id()).isNotEqualTo(idA);
        b.upsert("{\"source\": \"salesforce_crm\", \"profile_id\": \"" + idA + "\", \"profile_data\": {\"loyalty_tier\": \"Tin\"}}").expectError(404, "NOT_FOUND");
        b.post("/profiles/" + idA + "/aliases", "{\"attribute\": \"email\", \"value\": \"" + unique("hijack") + "@example.com\"}").expectError(404, "NOT_FOUND");
        b.post("/profiles/" + idA + "/identifier-transfers", "{\"attribute\": \"email\", \"value\": \"" + unique("hijack") + "@example.com\"}").expectError(404, "NOT_FOUND");
        b.post("/profiles/merge", "{\"profile_ids\": [\"" + idA + "\", \"" + inB.id() + "\"]}").expectError(404, "NOT_FOUND");
        b.post("/profiles/" + inB.id() + "/links", "{\"other_profile_id\": \"" + idA + "\", \"relation\": \"never_same\"}").expectError(404, "NOT_FOUND");
        b.post("/profiles/" + idA + "/unmerge").expectError(404, "NOT_FOUND");
        b.delete("/profiles/" + idA).expectError(404, "NOT_FOUND");
        b.delete("/sources/salesforce_crm/records/" + record).expect(200); // B's own record of that key, not A's
        Api.Response bulk = b.request("POST", "/profiles/bulk")
                .ndjson("{\"source\": \"salesforce_crm\", \"profile_id\": \"" + idA + "\", \"profile_data\": {\"loyalty_tier\": \"Tin\"}}\n").send().expect(200);
        assertThat(Api.json(bulk.text().lines().findFirst().orElseThrow()).get("status").asInt()).isEqualTo(404);

        JsonNode profileA = a.get("/profiles/" + idA).expect(200).json();
        assertThat(profileA.at("/attributes/loyalty_tier").asText()).isEqualTo("Gold");
        assertThat(profileA.get("version").asInt()).isEqualTo(1);
        assertThat(profileA.get("aliases").toString()).doesNotContain("hijack");
        assertThat(a.get("/profiles/" + idA + "/history").json().get("entries")).hasSize(1);
    }

    @Test
    void a_cannot_read_or_write_b_s_profile_either() {
        String email = unique("b-only") + "@example.com";
        String idB = b.upsert(crm(unique("contact-"), email, "Silver")).expect(201).id();

        a.get("/profiles/" + idB).expectError(404, "NOT_FOUND");
        assertThat(a.get("/profiles?email=" + email).expect(200).json().get("entities")).isEmpty();
        a.post("/profiles/" + idB + "/aliases", "{\"attribute\": \"email\", \"value\": \"" + unique("x") + "@example.com\"}").expectError(404, "NOT_FOUND");
        a.delete("/profiles/" + idB).expectError(404, "NOT_FOUND");
        assertThat(b.get("/profiles/" + idB).expect(200).json().get("version").asInt()).isEqualTo(1);
    }

    @Test
    void configuration_jobs_and_clients_are_per_organization() {
        // B's rules are its own: A activating a new rule set changes nothing for B
        String rules = TestServer.example("omnichannel-rules.json").replace("OmnichannelMergeStrategy_v1", "AOnly");
        a.post("/merge-rules", rules).expect(201);
        String jobA = a.post("/merge-rules/AOnly/activate").expect(202).json().get("job_id").asText();
        ConfigurationRoutesTest.awaitJob(a, jobA);
        b.get("/jobs/" + jobA).expectError(404, "NOT_FOUND");
        b.get("/merge-rules/AOnly").expectError(404, "NOT_FOUND");
        assertThat(b.get("/merge-rules").expect(200).text()).doesNotContain("AOnly");
        assertThat(b.get("/merge-rules/OmnichannelMergeStrategy_v1").expect(200).json().get("active").asBoolean()).isTrue();

        assertThat(b.get("/clients").expect(200).text()).doesNotContain("\"admin\"");
        assertThat(a.get("/clients").expect(200).text()).doesNotContain(orgB);
        b.post("/clients/admin/rotate-secret").expectError(404, "NOT_FOUND");
        b.delete("/clients/admin").expectError(404, "NOT_FOUND");
        a.get("/profile-templates").expect(200); // the admin client of A still works
    }
}
