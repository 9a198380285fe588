package io.onefold.server;

import static io.onefold.server.TestServer.READ;
import static io.onefold.server.TestServer.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Probabilistic matching through a real socket (issue 16), on examples/matching configured through the API: a record
 * between the thresholds waits in {@code GET /match-reviews}; accepting it merges (Admin, as a manual merge), rejecting
 * it marks the two never the same; {@code GET /profiles/{id}/match/{other_id}} says why or why not; the graph shows a
 * probabilistic merge's evidence as an object. Each test works in an organization of its own.
 */
class MatchReviewRoutesTest {
    /** The CRM's John Smith: name, birth date and city. */
    private static final String JOHN = """
            {"source": "crm", "source_record_id": "c1", "observed_at": "2026-03-01T10:00:00Z",
             "profile_data": {"given_name": "John", "surname": "Smith", "date_of_birth": "1980-04-12", "city": "Boston"}}""";
    /** The same man in a chat, his name shortened: above the auto-merge threshold. */
    private static final String JON = """
            {"source": "webchat", "source_record_id": "w1", "observed_at": "2026-03-02T10:00:00Z",
             "profile_data": {"given_name": "Jon", "surname": "Smith", "date_of_birth": "1980-04-12", "city": "Boston"}}""";
    /** A caller who gave only his name: between the review and the auto-merge thresholds. */
    private static final String JOHN_SMITH_ONLY = """
            {"source": "ivr", "source_record_id": "i1", "observed_at": "2026-03-03T10:00:00Z",
             "profile_data": {"given_name": "John", "surname": "Smith"}}""";

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

    /** An admin of a new organization configured with examples/matching. */
    private static Api matchingOrganization() {
        Api admin = server.newOrganizationAdmin();
        TestServer.configureMatching(admin);
        return admin;
    }

    private static String caller(int n) {
        return JOHN_SMITH_ONLY.replace("\"i1\"", "\"i" + n + "\"");
    }

    @Test
    void a_possible_match_waits_in_the_queue_and_an_accept_merges_it_once() {
        Api admin = matchingOrganization();
        String john = admin.upsert(JOHN).expect(201).id();
        String other = admin.upsert(JOHN_SMITH_ONLY).expect(201).id();

        JsonNode page = admin.get("/match-reviews").expect(200).json();
        assertThat(page.get("items")).hasSize(1);
        assertThat(page.get("next_cursor").isNull()).isTrue();
        JsonNode item = page.at("/items/0");
        assertThat(item.get("profile_id").asText()).isEqualTo(other);
        assertThat(item.get("other_profile_id").asText()).isEqualTo(john);
        assertThat(item.get("match_probability").asDouble()).isBetween(0.9, 0.99);
        assertThat(item.at("/evidence/comparisons")).hasSize(4);
        assertThat(item.at("/evidence/comparisons/0/label").isTextual()).isTrue();
        assertThat(item.toString()).as("the queue shows levels and weights, never values").doesNotContain("Smith", "Boston", "1980");
        String link = item.get("link_id").asText();

        // waiting: the graph shows the possible match between the two, with its score
        JsonNode waiting = admin.get("/profiles/" + other + "/graph").expect(200).json();
        assertThat(waiting.get("nodes")).hasSize(2);
        JsonNode queued = link(waiting, "POSSIBLE_MATCH");
        assertThat(queued.get("state").asText()).isEqualTo("ASSERTED");
        assertThat(queued.at("/evidence/match_probability").asDouble()).isEqualTo(item.get("match_probability").asDouble());

        JsonNode merged = admin.post("/match-reviews/" + link + "/accept", "{\"reason\": \"same caller, checked by an agent\"}").expect(200).json();
        assertThat(merged.get("profile_id").asText()).as("the older profile survives").isEqualTo(john);
        assertThat(admin.get("/match-reviews").expect(200).json().get("items")).isEmpty();
        assertThat(admin.get("/profiles/" + other).expect(200).id()).as("the absorbed id answers its survivor").isEqualTo(john);
        assertThat(admin.get("/profiles/" + john + "/history").expect(200).text()).contains("same caller, checked by an agent");

        assertThat(admin.get("/profiles/" + john + "/match/" + other).expect(200).json().get("blocked_by").asText()).contains("already one profile");
        // decided already: 409, nothing changes; a link that never was: 404
        admin.post("/match-reviews/" + link + "/accept").expectError(409, "CONFLICT");
        admin.post("/match-reviews/" + link + "/reject").expectError(409, "CONFLICT");
        admin.post("/match-reviews/no-such-link/accept").expectError(404, "NOT_FOUND");

        // the graph keeps the decided possible match (retracted) with the score that queued it, as an object
        JsonNode graph = admin.get("/profiles/" + john + "/graph").expect(200).json();
        JsonNode possible = link(graph, "POSSIBLE_MATCH");
        assertThat(possible.get("state").asText()).isEqualTo("RETRACTED");
        assertThat(possible.at("/evidence/matched_by").asText()).isEqualTo("probabilistic");
        assertThat(possible.at("/evidence/comparisons")).hasSize(4);
        JsonNode same = link(graph, "SAME");
        assertThat(same.get("origin").asText()).isEqualTo("MANUAL");
        assertThat(same.get("evidence").asText()).isEqualTo("same caller, checked by an agent");
    }

    @Test
    void a_reject_marks_the_two_never_the_same_and_the_why_says_so() {
        Api admin = matchingOrganization();
        String john = admin.upsert(JOHN).expect(201).id();
        String other = admin.upsert(JOHN_SMITH_ONLY).expect(201).id();
        String link = admin.get("/match-reviews").expect(200).at("/items/0/link_id").asText();

        JsonNode before = admin.get("/profiles/" + john + "/match/" + other).expect(200).json();
        assertThat(before.get("decision").asText()).isEqualTo("review");
        assertThat(before.get("threshold_crossed").asText()).isEqualTo("review_threshold");
        assertThat(before.get("would_merge_automatically").asBoolean()).isFalse();
        assertThat(before.get("blocked_by").isNull()).isTrue();
        assertThat(before.get("comparisons")).hasSize(4);
        for (JsonNode c : before.get("comparisons")) {
            assertThat(c.get("attribute").asText()).isIn("given_name", "surname", "date_of_birth", "city");
            assertThat(c.has("level") && c.has("label") && c.has("weight")).as("%s", c).isTrue();
        }

        // a body without a reason, or no body at all: both allowed
        JsonNode profile = admin.post("/match-reviews/" + link + "/reject", "{}").expect(200).json();
        assertThat(List.of(john, other)).contains(profile.get("profile_id").asText());
        assertThat(admin.get("/match-reviews").expect(200).json().get("items")).isEmpty();
        assertThat(admin.get("/profiles/" + john + "/match/" + other).expect(200).json().get("blocked_by").asText()).contains("never the same");
        assertThat(admin.get("/profiles/" + other).expect(200).id()).as("still two profiles").isEqualTo(other);
        JsonNode different = link(admin.get("/profiles/" + other + "/graph").expect(200).json(), "DIFFERENT");
        assertThat(different.get("origin").asText()).isEqualTo("MANUAL");
    }

    @Test
    void an_automatic_probabilistic_merge_shows_its_score_as_the_links_evidence() {
        Api admin = matchingOrganization();
        String john = admin.upsert(JOHN).expect(201).id();
        Api.Response jon = admin.upsert(JON).expect(200);
        assertThat(jon.json().get("outcome").asText()).isEqualTo("merged");
        assertThat(jon.id()).isEqualTo(john);

        JsonNode same = link(admin.get("/profiles/" + john + "/graph").expect(200).json(), "SAME");
        assertThat(same.get("origin").asText()).isEqualTo("AUTOMATIC");
        JsonNode evidence = same.get("evidence");
        assertThat(evidence.isObject()).as("evidence %s", evidence).isTrue();
        assertThat(evidence.get("matched_by").asText()).isEqualTo("probabilistic");
        assertThat(evidence.get("match_probability").asDouble()).isGreaterThanOrEqualTo(0.99);
        List<String> attributes = new ArrayList<>();
        evidence.get("comparisons").forEach(c -> attributes.add(c.get("attribute").asText()));
        assertThat(attributes).contains("given_name", "surname", "date_of_birth", "city");
        assertThat(evidence.toString()).as("no values in the evidence").doesNotContain("Smith", "Jon", "Boston");
    }

    @Test
    void the_queue_pages_oldest_first_and_filters_by_probability() {
        Api admin = matchingOrganization();
        admin.upsert(JOHN).expect(201);
        for (int i = 2; i <= 4; i++) admin.upsert(caller(i)).expect(201);

        // pages of two, each after the last one's cursor, until next_cursor is null
        List<String> links = new ArrayList<>();
        List<String> created = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = admin.get("/match-reviews?limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).expect(200).json();
            assertThat(page.get("items").size()).isLessThanOrEqualTo(2);
            page.get("items").forEach(i -> {
                links.add(i.get("link_id").asText());
                created.add(i.get("created_at").asText());
            });
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null && ++pages < 10);
        assertThat(cursor).as("the last page has no next_cursor").isNull();
        // each caller pairs with John and with the callers before him
        assertThat(links).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(3);
        assertThat(created).as("oldest first").isSorted();
        List<String> whole = new ArrayList<>();
        admin.get("/match-reviews?min_probability=0.5&limit=500").expect(200).json().get("items").forEach(i -> whole.add(i.get("link_id").asText()));
        assertThat(whole).isEqualTo(links);
        assertThat(admin.get("/match-reviews?min_probability=0.999").expect(200).json().get("items")).isEmpty();
    }

    @Test
    void bad_query_values_and_bodies_are_400_naming_the_parameter() {
        Api admin = matchingOrganization();
        assertThat(admin.get("/match-reviews?limit=ten").expectError(400, "VALIDATION_FAILED").detailFields()).containsExactly("limit");
        assertThat(admin.get("/match-reviews?limit=0").expectError(400, "VALIDATION_FAILED").detailFields()).containsExactly("limit");
        assertThat(admin.get("/match-reviews?limit=501").expectError(400, "VALIDATION_FAILED").detailFields()).containsExactly("limit");
        assertThat(admin.get("/match-reviews?min_probability=high").expectError(400, "VALIDATION_FAILED").detailFields()).containsExactly("min_probability");
        assertThat(admin.get("/match-reviews?min_probability=1.5").expectError(400, "VALIDATION_FAILED").detailFields()).containsExactly("min_probability");
        assertThat(admin.get("/match-reviews?min_probability=NaN").expectError(400, "VALIDATION_FAILED").detailFields()).containsExactly("min_probability");
        assertThat(admin.get("/match-reviews?cursor=not-a-cursor").expectError(400, "VALIDATION_FAILED").detailFields()).containsExactly("cursor");

        admin.upsert(JOHN).expect(201);
        admin.upsert(JOHN_SMITH_ONLY).expect(201);
        String link = admin.get("/match-reviews").expect(200).at("/items/0/link_id").asText();
        assertThat(admin.post("/match-reviews/" + link + "/accept", "{\"reason\": 7}").expectError(400, "VALIDATION_FAILED").detailFields()).containsExactly("reason");
        admin.post("/match-reviews/" + link + "/reject", "[\"no\"]").expectError(400, "VALIDATION_FAILED");
        admin.request("POST", "/match-reviews/" + link + "/accept").body("reason".getBytes(), "text/plain").send().expectError(415, "UNSUPPORTED_MEDIA_TYPE");
        assertThat(admin.get("/match-reviews").expect(200).json().get("items")).as("nothing was decided").hasSize(1);
    }

    @Test
    void the_why_needs_known_profiles_and_a_rule_set_with_matching() {
        Api admin = matchingOrganization();
        String john = admin.upsert(JOHN).expect(201).id();
        admin.get("/profiles/" + john + "/match/no-such-profile").expectError(404, "NOT_FOUND");
        admin.get("/profiles/no-such-profile/match/" + john).expectError(404, "NOT_FOUND");

        // the omnichannel rules have no matching section: nothing to explain
        Api omnichannel = server.newOrganizationAdmin();
        omnichannel.post("/profile-templates", TestServer.example("omnichannel-template.json")).expect(201);
        omnichannel.post("/merge-rules", TestServer.example("omnichannel-rules.json")).expect(201);
        String a = omnichannel.upsert("{\"source\": \"voice_ivr\", \"profile_data\": {\"phone_number\": \"" + TestServer.uniquePhone() + "\"}}").expect(201).id();
        String b = omnichannel.upsert("{\"source\": \"voice_ivr\", \"profile_data\": {\"phone_number\": \"" + TestServer.uniquePhone() + "\"}}").expect(201).id();
        omnichannel.get("/profiles/" + a + "/match/" + b).expectError(409, "CONFLICT");
        assertThat(omnichannel.get("/match-reviews").expect(200).json().get("items")).as("an empty queue without matching").isEmpty();
    }

    @Test
    void reading_needs_read_and_deciding_needs_admin() {
        Api admin = matchingOrganization();
        String john = admin.upsert(JOHN).expect(201).id();
        String other = admin.upsert(JOHN_SMITH_ONLY).expect(201).id();
        String link = admin.get("/match-reviews").expect(200).at("/items/0/link_id").asText();

        Api reader = newClient(admin, List.of(READ));
        Api writer = newClient(admin, List.of(WRITE));
        reader.get("/match-reviews").expect(200);
        reader.get("/profiles/" + john + "/match/" + other).expect(200);
        reader.post("/match-reviews/" + link + "/accept").expectError(403, "FORBIDDEN");
        writer.post("/match-reviews/" + link + "/reject").expectError(403, "FORBIDDEN");
        writer.get("/match-reviews").expectError(403, "FORBIDDEN");
        server.anonymous().get("/match-reviews").expectError(401, "UNAUTHORIZED");
        // another organization's queue and links are not this one's
        assertThat(server.admin().get("/match-reviews").expect(200).json().get("items")).isEmpty();
        server.admin().post("/match-reviews/" + link + "/accept").expectError(404, "NOT_FOUND");
        assertThat(admin.get("/match-reviews").expect(200).json().get("items")).as("still waiting").hasSize(1);
    }

    private static Api newClient(Api admin, List<String> permissions) {
        return server.newClient(admin, null, TestServer.unique("match-client-"), permissions, List.of("*"));
    }

    private static JsonNode link(JsonNode graph, String kind) {
        for (JsonNode l : graph.get("links")) if (l.get("kind").asText().equals(kind)) return l;
        throw new AssertionError("no " + kind + " link in " + graph);
    }
}
