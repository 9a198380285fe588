package io.onefold.server;

import static io.onefold.server.TestServer.READ;
import static io.onefold.server.TestServer.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the server: a token used before (so verified and cached) is refused at once when what it depends on
 * changes — its client deleted, the server's clock past its expiry, a call from outside its client's networks.
 */
class CachedTokenRoutesTest {

    @Test
    void a_cached_token_of_a_deleted_client_is_refused_at_once(@TempDir Path dir) {
        try (TestServer server = TestServer.start(dir)) {
            String clientId = unique("doomed-");
            Api client = server.newClient(clientId, List.of(READ), List.of());
            client.get("/profile-templates").expect(200);
            client.get("/profile-templates").expect(200);

            server.admin().delete("/clients/" + clientId).expect(204);

            Api.Response refused = client.get("/profile-templates").expectError(401, "UNAUTHORIZED");
            assertThat(refused.errorText()).contains("no longer exists");
        }
    }

    @Test
    void a_cached_token_is_refused_once_the_server_clock_passes_its_expiry(@TempDir Path dir) {
        try (TestServer server = TestServer.start(dir, c -> c.withTokenTtl(Duration.ofSeconds(60)))) {
            Api admin = server.anonymous().as(TestServer.ADMIN_ID, TestServer.ADMIN_SECRET);
            admin.get("/profile-templates").expect(200);
            server.clock().advance(Duration.ofSeconds(58));
            admin.get("/profile-templates").expect(200);

            server.clock().advance(Duration.ofSeconds(3));

            assertThat(admin.get("/profile-templates").expectError(401, "UNAUTHORIZED").errorText()).contains("expired");
        }
    }

    @Test
    void a_cached_token_is_refused_from_outside_its_client_s_networks(@TempDir Path dir) {
        try (TestServer server = TestServer.start(dir)) {
            String clientId = unique("fenced-");
            Api.Response created = server.admin().post("/clients", "{\"client_id\": \"" + clientId + "\", \"permissions\": [\"" + READ
                    + "\"], \"cidrs\": [\"127.0.0.2/32\"]}").expect(201);
            Api inside = server.anonymous().from("127.0.0.2").as(clientId, created.json().get("client_secret").asText());
            inside.get("/profile-templates").expect(200);
            inside.get("/profile-templates").expect(200);

            Api outside = server.anonymous().from("127.0.0.3").withToken(inside.token());

            outside.get("/profile-templates").expectError(403, "FORBIDDEN");
            inside.get("/profile-templates").expect(200);
        }
    }
}
