package io.onefold.server;

import static io.onefold.server.TestServer.ADMIN;
import static io.onefold.server.TestServer.READ;
import static io.onefold.server.TestServer.WRITE;
import static io.onefold.server.TestServer.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OAuth 2.0 client credentials, client and organization administration, signing-key rotation, and the 401s and 403s
 * that guard every route.
 */
class AccessRoutesTest extends OmnichannelServerTest {
    static Api admin;

    @BeforeAll
    static void signIn() {
        admin = api;
    }

    private static String upsert(String source, String email) {
        return "{\"source\": \"" + source + "\", \"profile_data\": {\"email\": \"" + email + "\"}}";
    }

    private static JsonNode claims(String token) {
        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        return Api.json(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    private static JsonNode header(String token) {
        return Api.json(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ /oauth/token

    @Test
    void a_token_is_issued_for_basic_auth_and_for_form_fields() {
        Api.Response basic = server.anonymous().tokenByBasic(TestServer.ADMIN_ID, TestServer.ADMIN_SECRET).expect(200);
        JsonNode body = basic.json();
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asLong()).isEqualTo(3600);
        assertThat(body.get("scope").asText()).isEqualTo("customer-profile");
        assertThat(basic.header("Cache-Control")).contains("no-store");

        JsonNode claims = claims(body.get("access_token").asText());
        assertThat(claims.get("scope").asText()).isEqualTo("customer-profile");
        assertThat(claims.get("org").asText()).isEqualTo("default");
        assertThat(claims.get("permissions").toString()).contains(READ, WRITE, ADMIN);
        assertThat(claims.get("sources").toString()).contains("*");
        assertThat(claims.get("exp").asLong()).isGreaterThan(claims.get("iat").asLong());

        Api.Response form = server.anonymous().tokenByForm(TestServer.ADMIN_ID, TestServer.ADMIN_SECRET).expect(200);
        server.anonymous().withToken(form.json().get("access_token").asText()).get("/profile-templates").expect(200);

        // the same endpoint under the API prefix
        server.anonymous().request("POST", "/api/v2/customer-profile/oauth/token")
                .form("grant_type=client_credentials&client_id=admin&client_secret=" + TestServer.ADMIN_SECRET).send().expect(200);
    }

    @Test
    void the_token_endpoint_refuses_wrong_credentials_and_grants_in_the_oauth_error_shape() {
        Api.Response wrong = server.anonymous().tokenByBasic(TestServer.ADMIN_ID, "not-the-secret-at-all").expect(401);
        assertThat(wrong.json().get("error").asText()).isEqualTo("invalid_client");
        assertThat(server.anonymous().tokenByForm("nobody-here", "whatever-secret-123").expect(401).json().get("error").asText()).isEqualTo("invalid_client");

        Api.Response grant = server.anonymous().request("POST", "/oauth/token")
                .form("grant_type=password&client_id=admin&client_secret=" + TestServer.ADMIN_SECRET).send().expect(400);
        assertThat(grant.json().get("error").asText()).isEqualTo("unsupported_grant_type");
        Api.Response noGrant = server.anonymous().request("POST", "/oauth/token")
                .form("client_id=admin&client_secret=" + TestServer.ADMIN_SECRET).send().expect(400);
        assertThat(noGrant.json().get("error").asText()).isEqualTo("invalid_request");
        Api.Response scope = server.anonymous().request("POST", "/oauth/token")
                .form("grant_type=client_credentials&scope=admin:everything&client_id=admin&client_secret=" + TestServer.ADMIN_SECRET).send().expect(400);
        assertThat(scope.json().get("error").asText()).isEqualTo("invalid_scope");
    }

    // ------------------------------------------------------------------ 401

    @Test
    void a_request_without_a_token_is_401() {
        Api.Response r = server.anonymous().get("/profiles?email=someone%40example.com").expectError(401, "UNAUTHORIZED");
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
        server.anonymous().upsert(upsert("salesforce_crm", "x@example.com")).expectError(401, "UNAUTHORIZED");
        server.anonymous().request("GET", "/profile-templates").header("Authorization", "Basic YWRtaW46c2VjcmV0").send().expectError(401, "UNAUTHORIZED");
        server.anonymous().withToken("not-a-jwt").get("/profile-templates").expectError(401, "UNAUTHORIZED");
    }

    @Test
    void a_tampered_token_is_401() {
        Api reader = server.newClient(unique("tamper-"), List.of(READ), List.of());
        String[] parts = reader.token().split("\\.");
        ObjectNode claims = (ObjectNode) claims(reader.token());
        claims.putArray("permissions").add(READ).add(WRITE).add(ADMIN);
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        Api tampered = reader.withToken(parts[0] + "." + payload + "." + parts[2]);
        tampered.get("/profile-templates").expectError(401, "UNAUTHORIZED");
        tampered.post("/clients", "{\"client_id\": \"" + unique("escalated-") + "\", \"permissions\": [\"" + ADMIN + "\"]}").expectError(401, "UNAUTHORIZED");

        // a flipped signature character, the signature removed, another organization written in
        char last = parts[2].charAt(5);
        String flipped = parts[2].substring(0, 5) + (last == 'A' ? 'B' : 'A') + parts[2].substring(6);
        reader.withToken(parts[0] + "." + parts[1] + "." + flipped).get("/profile-templates").expectError(401, "UNAUTHORIZED");
        reader.withToken(parts[0] + "." + parts[1] + ".").get("/profile-templates").expectError(401, "UNAUTHORIZED");
        claims = (ObjectNode) claims(reader.token());
        claims.put("org", "another-org");
        payload = Base64.getUrlEncoder().withoutPadding().encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        reader.withToken(parts[0] + "." + payload + "." + parts[2]).get("/profile-templates").expectError(401, "UNAUTHORIZED");
    }

    @Test
    void a_token_signed_with_another_key_or_with_no_signature_is_401() throws Exception {
        SignedJWT real = SignedJWT.parse(admin.token());
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);

        SignedJWT sameKid = new SignedJWT(real.getHeader(), real.getJWTClaimsSet());
        sameKid.sign(new MACSigner(key));
        admin.withToken(sameKid.serialize()).get("/profile-templates").expectError(401, "UNAUTHORIZED");

        SignedJWT unknownKid = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k-made-up").build(), real.getJWTClaimsSet());
        unknownKid.sign(new MACSigner(key));
        admin.withToken(unknownKid.serialize()).get("/profile-templates").expectError(401, "UNAUTHORIZED");

        SignedJWT noKid = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).build(), real.getJWTClaimsSet());
        noKid.sign(new MACSigner(key));
        admin.withToken(noKid.serialize()).get("/profile-templates").expectError(401, "UNAUTHORIZED");

        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + admin.token().split("\\.")[1] + ".";
        admin.withToken(none).get("/profile-templates").expectError(401, "UNAUTHORIZED");
    }

    @Test
    void a_token_of_another_deployment_is_401_there(@TempDir Path otherDir) {
        try (TestServer other = TestServer.start(otherDir)) {
            other.anonymous().withToken(admin.token()).get("/profile-templates").expectError(401, "UNAUTHORIZED");
            admin.withToken(other.admin().token()).get("/profile-templates").expectError(401, "UNAUTHORIZED");
        }
    }

    // ------------------------------------------------------------------ 403

    @Test
    void a_read_only_client_can_read_but_not_write() {
        String email = unique("ro") + "@example.com";
        String id = admin.upsert(upsert("salesforce_crm", email)).expect(201).id();
        Api reader = server.newClient(unique("reader-"), List.of(READ), List.of());

        reader.get("/profiles/" + id).expect(200);
        reader.get("/profiles?email=" + email).expect(200);
        Api.Response refused = reader.upsert(upsert("salesforce_crm", email)).expectError(403, "FORBIDDEN");
        assertThat(refused.errorText()).contains(WRITE);
        assertThat(refused.detailFields()).contains("permission");
        reader.post("/profiles/" + id + "/aliases", "{\"attribute\": \"email\", \"value\": \"" + unique("ro-alias") + "@example.com\"}").expectError(403, "FORBIDDEN");
        reader.request("POST", "/profiles/bulk").ndjson(upsert("salesforce_crm", email) + "\n").send().expectError(403, "FORBIDDEN");
        assertThat(reader.delete("/sources/salesforce_crm/records/x").expectError(403, "FORBIDDEN").errorText()).contains(WRITE);
        assertThat(admin.get("/profiles/" + id).json().get("version").asInt()).as("nothing was written").isEqualTo(1);
    }

    @Test
    void a_chat_client_bound_to_its_source_cannot_post_as_the_crm() {
        Api chat = server.newClient(unique("chat-"), List.of(READ, WRITE), List.of("webchat_middleware"));
        String email = unique("chat") + "@example.com";

        Api.Response refused = chat.upsert(upsert("salesforce_crm", email)).expectError(403, "FORBIDDEN");
        assertThat(refused.errorText()).contains("salesforce_crm");
        assertThat(refused.detailFields()).contains("source");
        assertThat(admin.get("/profiles?email=" + email).json().get("entities")).as("nothing was written").isEmpty();

        chat.upsert(upsert("webchat_middleware", email)).expect(201);
        chat.delete("/sources/salesforce_crm/records/some-contact").expectError(403, "FORBIDDEN");

        Api.Response bulk = chat.request("POST", "/profiles/bulk")
                .ndjson(upsert("webchat_middleware", email) + "\n" + upsert("salesforce_crm", unique("chat-bulk") + "@example.com") + "\n").send().expect(200);
        List<String> lines = bulk.text().lines().filter(l -> !l.isBlank()).toList();
        assertThat(Api.json(lines.get(0)).get("status").asInt()).isEqualTo(200);
        JsonNode second = Api.json(lines.get(1));
        assertThat(second.get("status").asInt()).isEqualTo(403);
        assertThat(second.toString()).contains("salesforce_crm");
    }

    @Test
    void a_write_token_is_refused_on_admin_routes_naming_the_admin_permission() {
        Api writer = server.newClient(unique("writer-"), List.of(READ, WRITE), List.of());
        String id = writer.upsert(upsert("salesforce_crm", unique("w") + "@example.com")).expect(201).id();
        String other = writer.upsert(upsert("salesforce_crm", unique("w") + "@example.com")).expect(201).id();

        List<Api.Response> refusals = List.of(
                writer.post("/profile-templates", TestServer.example("template.json")),
                writer.put("/profile-templates/OmnichannelRetailProfile", TestServer.example("omnichannel-template.json")),
                writer.delete("/profile-templates/OmnichannelRetailProfile"),
                writer.post("/profile-templates/OmnichannelRetailProfile/activate"),
                writer.post("/merge-rules", TestServer.example("merge-rules.json")),
                writer.post("/merge-rules/OmnichannelMergeStrategy_v1/activate"),
                writer.post("/merge-rules/OmnichannelMergeStrategy_v1/dry-run"),
                writer.post("/clients", "{\"client_id\": \"" + unique("nope-") + "\", \"permissions\": [\"" + ADMIN + "\"]}"),
                writer.get("/clients"),
                writer.post("/signing-keys/rotate"),
                writer.post("/organizations", "{\"id\": \"" + unique("nope-org-") + "\"}"),
                writer.post("/profiles/merge", "{\"profile_ids\": [\"" + id + "\", \"" + other + "\"]}"),
                writer.post("/profiles/" + id + "/links", "{\"other_profile_id\": \"" + other + "\", \"relation\": \"never_same\"}"),
                writer.post("/profiles/" + id + "/unmerge"),
                writer.delete("/profiles/" + id));
        for (Api.Response r : refusals) {
            r.expectError(403, "FORBIDDEN");
            assertThat(r.errorText()).as("%s names the missing permission", r.request()).contains(ADMIN);
        }
        assertThat(admin.get("/profiles/" + id).status()).as("the profile was not erased").isEqualTo(200);
    }

    // ------------------------------------------------------------------ clients

    @Test
    void a_client_is_created_with_its_secret_shown_once_listed_rotated_and_deleted() {
        String clientId = unique("crm-sync-");
        Api.Response created = admin.post("/clients", "{\"client_id\": \"" + clientId + "\", \"permissions\": [\"" + READ + "\", \"" + WRITE
                + "\"], \"sources\": [\"salesforce_crm\"]}").expect(201);
        JsonNode c = created.json();
        assertThat(c.get("client_id").asText()).isEqualTo(clientId);
        assertThat(c.get("organization").asText()).isEqualTo("default");
        assertThat(c.get("permissions").toString()).contains(READ, WRITE).doesNotContain(ADMIN);
        assertThat(c.get("sources").toString()).contains("salesforce_crm");
        String secret = c.get("client_secret").asText();
        assertThat(secret).hasSizeGreaterThanOrEqualTo(16);

        Api.Response list = admin.get("/clients").expect(200);
        JsonNode listed = null;
        for (JsonNode e : list.json().get("entities")) if (e.get("client_id").asText().equals(clientId)) listed = e;
        assertThat(listed).as("listed").isNotNull();
        assertThat(listed.has("client_secret")).as("the secret is shown once only").isFalse();
        assertThat(list.text()).doesNotContain(secret);

        Api client = server.anonymous().as(clientId, secret);
        client.upsert(upsert("salesforce_crm", unique("sync") + "@example.com")).expect(201);

        Api.Response rotated = admin.post("/clients/" + clientId + "/rotate-secret").expect(200);
        String newSecret = rotated.json().get("client_secret").asText();
        assertThat(newSecret).isNotEqualTo(secret);
        server.anonymous().tokenByBasic(clientId, secret).expect(401);
        server.anonymous().tokenByForm(clientId, secret).expect(401);
        Api renewed = server.anonymous().as(clientId, newSecret);
        renewed.get("/profile-templates").expect(200);

        assertThat(admin.delete("/clients/" + clientId).status()).isEqualTo(204);
        renewed.get("/profile-templates").expectError(401, "UNAUTHORIZED");
        client.upsert(upsert("salesforce_crm", unique("sync") + "@example.com")).expectError(401, "UNAUTHORIZED");
        server.anonymous().tokenByBasic(clientId, newSecret).expect(401);
        assertThat(admin.get("/clients").text()).doesNotContain(clientId);
        admin.delete("/clients/" + clientId).expectError(404, "NOT_FOUND");
        admin.post("/clients/" + clientId + "/rotate-secret").expectError(404, "NOT_FOUND");
    }

    @Test
    void a_client_needs_valid_permissions_and_a_free_id() {
        assertThat(admin.post("/clients", "{\"client_id\": \"" + unique("bad-") + "\", \"permissions\": [\"CustomerProfile:Everything\"]}")
                .expectError(400, "VALIDATION_FAILED").detailFields()).contains("permissions");
        assertThat(admin.post("/clients", "{\"client_id\": \"" + unique("bad-") + "\", \"permissions\": []}")
                .expectError(400, "VALIDATION_FAILED").detailFields()).contains("permissions");
        assertThat(admin.post("/clients", "{\"permissions\": [\"" + READ + "\"]}").expectError(400, "VALIDATION_FAILED").detailFields())
                .contains("client_id");
        assertThat(admin.post("/clients", "{\"client_id\": \"" + unique("bad-") + "\", \"permissions\": [\"" + READ + "\"], \"client_secret\": \"short\"}")
                .expectError(400, "VALIDATION_FAILED").detailFields()).contains("client_secret");
        admin.post("/clients", "{\"client_id\": \"admin\", \"permissions\": [\"" + READ + "\"]}").expectError(409, "CONFLICT");
    }

    // ------------------------------------------------------------------ keys and organizations

    @Test
    void rotating_the_signing_key_keeps_tokens_issued_before_it_valid() {
        Api before = server.anonymous().as(TestServer.ADMIN_ID, TestServer.ADMIN_SECRET);
        String oldKid = header(before.token()).get("kid").asText();

        Api.Response rotated = admin.post("/signing-keys/rotate").expect(200);
        String newKid = rotated.json().get("kid").asText();
        assertThat(newKid).isNotBlank().isNotEqualTo(oldKid);
        assertThat(rotated.json().get("created_at").asText()).isNotBlank();

        before.get("/profile-templates").expect(200);
        Api after = server.anonymous().as(TestServer.ADMIN_ID, TestServer.ADMIN_SECRET);
        assertThat(header(after.token()).get("kid").asText()).as("new tokens are signed by the new key").isEqualTo(newKid);
        after.get("/profile-templates").expect(200);
        before.get("/profile-templates").expect(200);
    }

    @Test
    void another_organizations_admin_may_not_rotate_the_deployments_signing_key() {
        Api tenantAdmin = server.newOrganizationAdmin();
        String kid = header(tenantAdmin.token()).get("kid").asText();

        Api.Response refused = tenantAdmin.post("/signing-keys/rotate").expectError(403, "FORBIDDEN");
        assertThat(refused.detailFields()).contains("organization");
        assertThat(refused.errorText()).contains("default organization");
        Api after = server.anonymous().as(TestServer.ADMIN_ID, TestServer.ADMIN_SECRET);
        assertThat(header(after.token()).get("kid").asText()).as("no new key signs tokens").isEqualTo(kid);
    }

    @Test
    void an_organization_is_created_by_the_default_organization_s_admin_only() {
        String id = unique("acme-");
        Api.Response created = admin.post("/organizations", "{\"id\": \"" + id + "\", \"name\": \"Acme Retail\"}").expect(201);
        assertThat(created.json().get("id").asText()).isEqualTo(id);
        assertThat(created.json().get("name").asText()).isEqualTo("Acme Retail");
        assertThat(created.json().get("created_at").asText()).isNotBlank();
        admin.post("/organizations", "{\"id\": \"" + id + "\"}").expectError(409, "CONFLICT");
        assertThat(admin.post("/organizations", "{\"id\": \"Not Valid!\"}").expectError(400, "VALIDATION_FAILED").detailFields()).contains("id");
        assertThat(admin.post("/organizations", "{}").expectError(400, "VALIDATION_FAILED").detailFields()).contains("id");

        Api acmeAdmin = server.newClient(admin, id, unique("acme-admin-"), List.of(READ, WRITE, ADMIN), List.of());
        assertThat(acmeAdmin.post("/organizations", "{\"id\": \"" + unique("sub-") + "\"}").expectError(403, "FORBIDDEN").detailFields())
                .contains("organization");
        acmeAdmin.post("/clients", "{\"client_id\": \"" + unique("x-") + "\", \"organization\": \"default\", \"permissions\": [\"" + ADMIN + "\"]}")
                .expectError(403, "FORBIDDEN");
    }
}
