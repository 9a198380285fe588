package io.onefold.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onefold.core.testing.TestClock;
import io.onefold.service.Permission;
import io.onefold.service.ProfileService;
import io.onefold.service.ServiceOptions;
import io.onefold.store.ApiClient;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verified-token cache of {@link TokenIssuer}: a token is parsed and its HMAC checked once, and a cached token is
 * still refused the moment a full verification would refuse it (expiry by the injected clock, a retired key), while a
 * token differing by one byte is never answered from the cache.
 */
class TokenCacheTest {
    private static final Duration TTL = Duration.ofHours(1);

    @TempDir
    Path dir;
    private final TestClock clock = new TestClock();
    private SqliteProfileStore store;
    private ProfileService service;
    private TokenIssuer tokens;
    private ApiClient client;

    @BeforeEach
    void start() {
        store = SqliteProfileStore.open(dir, 2);
        service = new ProfileService(store, new ServiceOptions(ServerConfig.defaults().defaultRegion(), clock));
        service.ensureDefaultOrganization();
        client = service.access().createClient(ProfileService.DEFAULT_ORGANIZATION, "crm-sync", null, Set.of(Permission.READ, Permission.WRITE),
                Set.of("salesforce_crm"), List.of()).client();
        tokens = new TokenIssuer(service.access(), TTL, clock);
    }

    @AfterEach
    void stop() {
        service.close();
        store.close();
    }

    @Test
    void a_token_is_verified_in_full_once_then_answered_from_the_cache() {
        String token = tokens.issue(client);

        Principal first = tokens.verify(token);
        Principal again = tokens.verify(token);
        Principal third = tokens.verify(token);

        assertThat(tokens.fullVerifications()).isEqualTo(1);
        assertThat(again).isEqualTo(first).isEqualTo(third);
        assertThat(first.clientId()).isEqualTo("crm-sync");
        assertThat(first.permissions()).containsExactlyInAnyOrder(Permission.READ, Permission.WRITE);
        assertThat(first.sources()).containsExactly("salesforce_crm");
    }

    @Test
    void a_cached_token_is_refused_once_the_clock_passes_its_expiry() {
        String token = tokens.issue(client);
        tokens.verify(token);
        tokens.verify(token);

        clock.advance(TTL.minusSeconds(2));
        tokens.verify(token);
        clock.advance(Duration.ofSeconds(3));

        assertRefused(token, "expired");
        assertRefused(token, "expired");
    }

    @Test
    void a_cached_token_is_refused_once_its_signing_key_is_retired() {
        String token = tokens.issue(client);
        tokens.verify(token);

        service.access().rotateSigningKey(Duration.ofMinutes(1));
        tokens.reload();
        tokens.verify(token); // within the overlap the old key still verifies
        clock.advance(Duration.ofMinutes(2));

        assertRefused(token, "signature is invalid");
        assertThat(tokens.verify(tokens.issue(client)).clientId()).as("a token of the new key").isEqualTo("crm-sync");
    }

    @Test
    void a_tampered_token_is_never_answered_from_the_cache() {
        String token = tokens.issue(client);
        tokens.verify(token);
        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String elevated = claims.replace("\"permissions\":[", "\"permissions\":[\"CustomerProfile:Admin\",");
        assertThat(elevated).isNotEqualTo(claims);
        char middle = parts[2].charAt(10);
        List<String> tampered = List.of(
                parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(elevated.getBytes(StandardCharsets.UTF_8)) + "." + parts[2],
                parts[0] + "." + parts[1] + "." + parts[2].substring(0, 10) + (middle == 'A' ? 'B' : 'A') + parts[2].substring(11),
                token + "A",
                token.substring(0, token.length() - 4));

        for (String t : tampered) {
            long before = tokens.fullVerifications();
            assertThatThrownBy(() -> tokens.verify(t)).as(t).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status).isEqualTo(401));
            assertThat(tokens.fullVerifications()).as("verified in full: %s", t).isEqualTo(before + 1);
        }
        assertThat(tokens.verify(token).permissions()).doesNotContain(Permission.ADMIN);
        assertThat(tokens.fullVerifications()).as("the genuine token is still cached").isEqualTo(1 + tampered.size());
    }

    private void assertRefused(String token, String reason) {
        assertThatThrownBy(() -> tokens.verify(token)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status).isEqualTo(401);
            assertThat(e.getMessage()).contains(reason);
        });
    }
}
