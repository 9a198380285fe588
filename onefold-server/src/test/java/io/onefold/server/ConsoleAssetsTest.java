package io.onefold.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /console} over a real socket: its files with a strict Content-Security-Policy and nothing outside them; and
 * {@code GET /profiles/{id}/graph}, the records and identity links the console draws, before and after an unmerge.
 */
class ConsoleAssetsTest {
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

    @Test
    void the_console_is_served_with_a_strict_content_security_policy() {
        Api.Response page = server.anonymous().get("/console/").expect(200);
        assertThat(page.contentType()).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        String policy = page.header("Content-Security-Policy");
        assertThat(policy).contains("default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'", "form-action 'none'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.text()).contains("<script type=\"module\" src=\"app.js\"></script>").doesNotContain("<script>").doesNotContain("style=");

        for (String file : List.of("app.js", "api.js", "profiles.js", "reviews.js", "picture.js", "console.css", "icon.svg")) {
            Api.Response r = server.anonymous().get("/console/" + file).expect(200);
            assertThat(r.header("Content-Security-Policy")).as(file).isEqualTo(policy);
            assertThat(r.text()).as(file).isNotBlank();
        }
        assertThat(server.anonymous().get("/console/app.js").contentType()).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertThat(server.anonymous().get("/console/console.css").contentType()).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
    }

    @Test
    void console_without_a_slash_redirects_and_unknown_files_are_404() {
        Api.Response bare = server.anonymous().get("/console");
        assertThat(bare.status()).isEqualTo(302);
        assertThat(bare.header("Location")).isEqualTo("/console/");
        server.anonymous().get("/console/nope.js").expectError(404, "NOT_FOUND");
        server.anonymous().get("/console/..%2Fopenapi.json").expectError(404, "NOT_FOUND");
        server.anonymous().get("/console/app.js.map").expectError(404, "NOT_FOUND");
        server.anonymous().get("/console/Dom.JS").expectError(404, "NOT_FOUND");
    }

    @Test
    void the_graph_shows_the_records_and_links_of_a_merge_then_of_its_unmerge() {
        Api admin = server.newOrganizationAdmin();
        admin.post("/profile-templates", TestServer.example("omnichannel-template.json")).expect(201);
        admin.post("/merge-rules", TestServer.example("omnichannel-rules.json")).expect(201);
        String phone = TestServer.uniquePhone();
        String email = TestServer.unique("graph") + "@example.com";
        String caller = admin.upsert("{\"source\": \"voice_ivr\", \"profile_data\": {\"phone_number\": \"" + phone + "\"}}").expect(201).id();
        admin.upsert("{\"source\": \"salesforce_crm\", \"source_record_id\": \"C-1\", \"profile_data\": {\"email\": \"" + email + "\", \"loyalty_tier\": \"Gold\"}}").expect(201);
        Api.Response merged = admin.upsert("{\"source\": \"webchat_middleware\", \"profile_data\": {\"email\": \"" + email + "\", \"phone_number\": \"" + phone + "\"}}").expect(200);
        assertThat(merged.json().get("outcome").asText()).isEqualTo("merged");
        String survivor = merged.id();
        assertThat(survivor).isEqualTo(caller); // the oldest survives
        String absorbed = merged.json().at("/merged_profile_ids/0").asText();

        JsonNode graph = admin.get("/profiles/" + absorbed + "/graph").expect(200).json();
        assertThat(graph.get("profile_id").asText()).isEqualTo(absorbed);
        assertThat(graph.get("nodes")).hasSize(2);
        JsonNode absorbedNode = node(graph, absorbed);
        assertThat(absorbedNode.get("status").asText()).isEqualTo("ABSORBED");
        assertThat(absorbedNode.get("survivor_id").asText()).isEqualTo(survivor);
        assertThat(absorbedNode.at("/records/0/source").asText()).isEqualTo("salesforce_crm");
        assertThat(absorbedNode.at("/records/0/source_record_id").asText()).isEqualTo("C-1");
        assertThat(absorbedNode.at("/records/0/attributes").toString()).contains("email", "loyalty_tier").doesNotContain("Gold");
        assertThat(node(graph, survivor).get("records").toString()).contains("voice_ivr", "webchat_middleware");
        assertThat(admin.get("/profiles/" + survivor + "/graph").expect(200).json().get("nodes")).as("the same cluster from the survivor").hasSize(2);
        assertThat(graph.get("links")).hasSize(1);
        JsonNode link = graph.at("/links/0");
        assertThat(List.of(link.get("kind").asText(), link.get("origin").asText(), link.get("state").asText())).containsExactly("SAME", "AUTOMATIC", "ASSERTED");
        assertThat(link.get("from_profile_id").asText()).isEqualTo(absorbed);
        assertThat(link.get("to_profile_id").asText()).isEqualTo(survivor);

        admin.post("/profiles/" + survivor + "/unmerge", "{\"profile_id\": \"" + absorbed + "\"}").expect(200);
        JsonNode after = admin.get("/profiles/" + survivor + "/graph").expect(200).json();
        assertThat(after.at("/links/0/state").asText()).isEqualTo("RETRACTED");
        assertThat(node(after, absorbed).get("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void the_graph_needs_read_and_a_known_profile() {
        Api admin = server.newOrganizationAdmin();
        admin.post("/profile-templates", TestServer.example("omnichannel-template.json")).expect(201);
        admin.post("/merge-rules", TestServer.example("omnichannel-rules.json")).expect(201);
        String id = admin.upsert("{\"source\": \"voice_ivr\", \"profile_data\": {\"phone_number\": \"" + TestServer.uniquePhone() + "\"}}").expect(201).id();
        admin.get("/profiles/no-such-profile/graph").expectError(404, "NOT_FOUND");
        server.anonymous().get("/profiles/" + id + "/graph").expectError(401, "UNAUTHORIZED");
        Api writer = server.newClient(TestServer.unique("writer-"), List.of(TestServer.WRITE), List.of("*"));
        writer.get("/profiles/" + id + "/graph").expectError(403, "FORBIDDEN");
        // another organization's profile is unknown here
        server.admin().get("/profiles/" + id + "/graph").expectError(404, "NOT_FOUND");
    }

    private static JsonNode node(JsonNode graph, String id) {
        for (JsonNode n : graph.get("nodes")) if (n.get("profile_id").asText().equals(id)) return n;
        throw new AssertionError("no node " + id + " in " + graph);
    }
}
