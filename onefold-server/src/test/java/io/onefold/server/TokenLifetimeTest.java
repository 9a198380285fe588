package io.onefold.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onefold.core.testing.TestClock;
import io.onefold.service.Permission;
import io.onefold.service.ProfileService;
import io.onefold.service.ServiceOptions;
import io.onefold.store.ApiClient;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token lives at least the {@code expires_in} its client was told, although a JWT's expiry holds whole seconds:
 * issued at {@code x.999 s} with a one-second lifetime, it still works at {@code x+1.998 s} (truncating the expiry
 * to {@code x+1 s} refused it there), and is refused from the next whole second on.
 */
class TokenLifetimeTest {
    private static final Instant ISSUED = Instant.parse("2026-12-06T00:00:00.999Z");

    @TempDir
    Path dir;
    private final AtomicReference<Instant> now = new AtomicReference<>(ISSUED);
    private SqliteProfileStore store;
    private ProfileService service;
    private TokenIssuer tokens;
    private ApiClient client;

    @BeforeEach
    void start() {
        store = SqliteProfileStore.open(dir, 2);
        service = new ProfileService(store, new ServiceOptions(ServerConfig.defaults().defaultRegion(), new TestClock()));
        service.ensureDefaultOrganization();
        client = service.access().createClient(ProfileService.DEFAULT_ORGANIZATION, "crm-sync", null, Set.of(Permission.READ),
                Set.of("salesforce_crm"), List.of()).client();
        tokens = new TokenIssuer(service.access(), Duration.ofSeconds(1), now::get);
    }

    @AfterEach
    void stop() {
        service.close();
        store.close();
    }

    @Test
    void a_one_second_token_issued_late_in_a_second_lives_a_full_second() {
        String token = tokens.issue(client);

        now.set(ISSUED.plusMillis(999));
        assertThat(tokens.verify(token).clientId()).isEqualTo("crm-sync");

        now.set(Instant.parse("2026-12-06T00:00:02Z"));
        assertThatThrownBy(() -> tokens.verify(token)).isInstanceOf(ApiException.class).hasMessageContaining("expired");
    }

    @Test
    void a_token_issued_on_a_whole_second_expires_exactly_its_lifetime_later() {
        Instant whole = Instant.parse("2026-12-06T00:00:05Z");
        assertThat(tokens.expiry(whole)).isEqualTo(whole.plusSeconds(1));
        assertThat(tokens.expiry(whole.plusNanos(1))).isEqualTo(whole.plusSeconds(2));
    }
}
