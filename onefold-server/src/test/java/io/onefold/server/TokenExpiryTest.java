package io.onefold.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server issuing tokens that live a minute: an expired token is a 401, and a fresh one works again. */
class TokenExpiryTest {

    @Test
    void an_expired_token_is_401(@TempDir Path dir) {
        try (TestServer server = TestServer.start(dir, c -> c.withTokenTtl(Duration.ofSeconds(60)))) {
            Api.Response issued = server.anonymous().tokenByBasic(TestServer.ADMIN_ID, TestServer.ADMIN_SECRET).expect(200);
            assertThat(issued.json().get("expires_in").asLong()).isEqualTo(60);
            Api expired = server.anonymous().withToken(issued.json().get("access_token").asText());

            server.clock().advance(Duration.ofSeconds(61));
            Api.Response refused = expired.get("/profile-templates").expectError(401, "UNAUTHORIZED");
            assertThat(refused.errorText()).contains("expired");
            assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer");
            expired.upsert("{\"source\": \"salesforce_crm\", \"profile_data\": {\"email\": \"late@example.com\"}}").expectError(401, "UNAUTHORIZED");

            Api fresh = server.anonymous().as(TestServer.ADMIN_ID, TestServer.ADMIN_SECRET);
            Api.Response ok = fresh.get("/profile-templates");
            assertThat(ok.status()).as("a fresh token, used at once: %s", ok).isEqualTo(200);
        }
    }
}
