package io.onefold.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Health, Prometheus metrics, the OpenAPI document and request ids. */
class OperationsRoutesTest extends OmnichannelServerTest {
    /** Every API route that OnefoldServer.routes() declares, as OpenAPI paths. */
    static final List<String> API_PATHS = List.of(
            "/profile-templates", "/profile-templates/{name}", "/profile-templates/{name}/activate",
            "/merge-rules", "/merge-rules/{name}", "/merge-rules/{name}/activate", "/merge-rules/{name}/dry-run",
            "/profiles", "/profiles/bulk", "/profiles/merge", "/profiles/{id}", "/profiles/{id}/lineage", "/profiles/{id}/history", "/profiles/{id}/graph",
            "/profiles/{id}/aliases", "/profiles/{id}/identifier-transfers", "/profiles/{id}/links", "/profiles/{id}/unmerge",
            "/profiles/{id}/match/{other_id}", "/match-reviews", "/match-reviews/{link_id}/accept", "/match-reviews/{link_id}/reject",
            "/sources/{source}/records/{record}", "/jobs/{id}", "/clients", "/clients/{id}/rotate-secret", "/clients/{id}",
            "/organizations", "/signing-keys/rotate");


    @Test
    void health_endpoints_answer_without_a_token() {
        Api.Response live = server.anonymous().get("/health/live").expect(200);
        assertThat(live.json().get("status").asText()).isEqualTo("UP");
        Api.Response ready = server.anonymous().get("/health/ready").expect(200);
        assertThat(ready.json().get("status").asText()).isEqualTo("UP");
    }

    @Test
    void metrics_are_prometheus_text_with_requests_by_route_and_status_and_upserts_by_outcome() {
        String email = TestServer.unique("metrics") + "@example.com";
        api.upsert("{\"source\": \"salesforce_crm\", \"profile_data\": {\"email\": \"" + email + "\"}}").expect(201);
        api.upsert("{\"source\": \"salesforce_crm\", \"profile_data\": {\"email\": \"" + email + "\", \"loyalty_tier\": \"Gold\"}}").expect(200);
        api.get("/profiles/01900000-0000-7000-8000-000000000000").expect(404);

        Api.Response metrics = server.anonymous().get("/metrics").expect(200);
        assertThat(metrics.contentType()).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        String text = metrics.text();
        assertThat(text).contains("# TYPE onefold_http_requests");
        assertThat(text).containsPattern("onefold_http_requests_seconds_count\\{[^}]*route=\"POST /profiles\"[^}]*status=\"201\"[^}]*} [1-9]");
        assertThat(text).containsPattern("onefold_http_requests_seconds_count\\{[^}]*route=\"GET /profiles/\\{id}\"[^}]*status=\"404\"[^}]*} [1-9]");
        assertThat(text).containsPattern("onefold_upserts(_total)?\\{[^}]*outcome=\"created\"[^}]*} [1-9]");
        assertThat(text).containsPattern("onefold_upserts(_total)?\\{[^}]*outcome=\"updated\"[^}]*} [1-9]");
        assertThat(text).as("no personal data in metrics").doesNotContain(email);
    }

    @Test
    void the_openapi_document_describes_every_endpoint() {
        Api.Response r = server.anonymous().get("/openapi.json").expect(200);
        assertThat(r.contentType()).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode doc = r.json();
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        JsonNode paths = doc.path("paths");
        java.util.Set<String> documented = new java.util.HashSet<>();
        paths.fieldNames().forEachRemaining(p -> documented.add(template(p.startsWith(Api.BASE) ? p.substring(Api.BASE.length()) : p)));
        List<String> missing = new ArrayList<>();
        for (String p : API_PATHS) if (!documented.contains(template(p))) missing.add(p);
        if (!documented.contains("/oauth/token")) missing.add("/oauth/token");
        assertThat(missing).as("paths missing from /openapi.json (it has %s)", paths.size()).isEmpty();
        assertThat(doc.at("/components/schemas").size()).as("schemas").isGreaterThan(0);
    }

    /** A path with its parameter names erased: {@code /profiles/{id}} and {@code /profiles/{profile_id}} are the same route. */
    private static String template(String path) {
        return path.replaceAll("\\{[^}]*}", "{}");
    }

    @Test
    void the_request_id_is_echoed_or_generated() {
        Api.Response echoed = api.request("GET", "/profile-templates").header("X-Request-Id", "req-42.abc_DEF").send().expect(200);
        assertThat(echoed.header("X-Request-Id")).isEqualTo("req-42.abc_DEF");

        Api.Response generated = api.get("/profile-templates").expect(200);
        assertThat(generated.header("X-Request-Id")).isNotBlank();
        assertThat(api.get("/profile-templates").header("X-Request-Id")).isNotEqualTo(generated.header("X-Request-Id"));

        assertThat(server.anonymous().request("GET", "/health/live").header("X-Request-Id", "live-1").send().header("X-Request-Id")).isEqualTo("live-1");
        Api.Response upsert = api.request("POST", "/profiles").header("X-Request-Id", "upsert-7")
                .json("{\"source\": \"salesforce_crm\", \"profile_data\": {\"email\": \"" + TestServer.unique("rid") + "@example.com\"}}").send().expect(201);
        assertThat(upsert.header("X-Request-Id")).isEqualTo("upsert-7");

        // a header that could break a log line is replaced, not echoed
        Api.Response hostile = api.request("GET", "/profile-templates").header("X-Request-Id", "a b <script>" + "x".repeat(300)).send().expect(200);
        assertThat(hostile.header("X-Request-Id")).isNotBlank().doesNotContain("<script>");
    }
}
