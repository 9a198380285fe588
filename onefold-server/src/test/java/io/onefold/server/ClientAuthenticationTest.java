package io.onefold.server;

import static io.onefold.server.TestServer.ADMIN;
import static io.onefold.server.TestServer.READ;
import static io.onefold.server.TestServer.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client ids across organizations and the token endpoint under guessing, through a real socket: a tenant cannot
 * learn another's client ids by creating clients, and failed token requests are slowed down per address and per
 * (client id, address) — with 429 and {@code Retry-After} — without locking a client out everywhere. The server's
 * clock is moved, never slept on.
 */
class ClientAuthenticationTest {
    private static final String CREDENTIALS_OF = "{\"client_id\": \"%s\", \"client_secret\": \"secret-of-%1$s-0123456789\", \"permissions\": [\"%s\"]}";

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now().truncatedTo(ChronoUnit.MICROS));

    private void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }

    @Test
    void aClientNameTakenInAnotherOrganizationIsNotRevealed_eachOrganizationHasItsOwnNames(@TempDir Path dir) {
        try (TestServer server = TestServer.start(dir)) {
            Api acme = server.newOrganizationAdmin();
            Api globex = server.newOrganizationAdmin();
            String name = unique("crm-sync-");

            Api.Response atAcme = acme.post("/clients", CREDENTIALS_OF.formatted(name, ADMIN)).expect(201);
            Api.Response atGlobex = globex.post("/clients", CREDENTIALS_OF.formatted(name, ADMIN)).expect(201);
            String acmeId = atAcme.json().get("client_id").asText();
            String globexId = atGlobex.json().get("client_id").asText();
            assertThat(acmeId).isEqualTo(name + "@" + atAcme.json().get("organization").asText());
            assertThat(globexId).isEqualTo(name + "@" + atGlobex.json().get("organization").asText()).isNotEqualTo(acmeId);

            // the default organization's bootstrap client: its name is free in a tenant, and nothing names it
            Api.Response admin = globex.post("/clients", CREDENTIALS_OF.formatted(TestServer.ADMIN_ID, READ)).expect(201);
            assertThat(admin.json().get("client_id").asText()).isNotEqualTo(TestServer.ADMIN_ID).startsWith(TestServer.ADMIN_ID + "@");
            // a conflict is only ever about the tenant's own client; the id as listed is accepted as the name
            Api.Response again = globex.post("/clients", CREDENTIALS_OF.formatted(globexId, READ)).expectError(409, "CONFLICT");
            assertThat(again.errorText()).contains(globexId).doesNotContain(acmeId);
            assertThat(globex.post("/clients", CREDENTIALS_OF.formatted(name + "@elsewhere", READ)).expectError(400, "VALIDATION_FAILED")
                    .detailFields()).containsExactly("client_id");

            // each id alone finds its client: both log in with the same name's secret, each into its own organization
            String secret = "secret-of-" + name + "-0123456789";
            assertThat(server.anonymous().as(acmeId, secret).get("/clients").expect(200).text()).contains(acmeId).doesNotContain(globexId);
            assertThat(server.anonymous().as(globexId, secret).get("/clients").expect(200).text()).contains(globexId).doesNotContain(acmeId);
            // the default organization keeps bare ids (the bootstrap client, ONEFOLD_BOOTSTRAP_CLIENT_ID)
            assertThat(server.admin().post("/clients", CREDENTIALS_OF.formatted(name, READ)).expect(201).json().get("client_id").asText()).isEqualTo(name);
        }
    }

    @Test
    void failedTokenRequestsForOneClientAreSlowedDownWithGrowingDelays_butTheClientStillWorksFromElsewhere(@TempDir Path dir) {
        try (TestServer server = TestServer.start(dir, now::get)) {
            String id = unique("guessed-");
            server.admin().post("/clients", CREDENTIALS_OF.formatted(id, READ)).expect(201);
            String secret = "secret-of-" + id + "-0123456789";
            Api attacker = server.anonymous();

            for (int i = 0; i < LoginThrottle.FREE_PER_CLIENT_AND_ADDRESS; i++) attacker.tokenByBasic(id, "wrong-guess-" + i).expect(401);
            attacker.tokenByBasic(id, "one-more-guess").expect(401); // admitted: it opens the first delay
            Api.Response slowed = attacker.tokenByBasic(id, "too-soon").expect(429);
            assertThat(slowed.header("Retry-After")).isEqualTo("1");
            assertThat(slowed.json().get("error").asText()).isEqualTo("slow_down");
            assertThat(attacker.tokenByBasic(id, secret).status()).as("even the right secret waits: it is not checked").isEqualTo(429);

            advance(Duration.ofSeconds(1));
            attacker.tokenByBasic(id, "after-the-delay").expect(401);
            assertThat(attacker.tokenByBasic(id, "too-soon-again").expect(429).header("Retry-After")).as("the delay doubles").isEqualTo("2");
            advance(Duration.ofSeconds(2));
            attacker.tokenByBasic(id, "after-the-second-delay").expect(401);
            assertThat(attacker.tokenByBasic(id, "too-soon-again").expect(429).header("Retry-After")).isEqualTo("4");

            // not a lockout by client id: the integration, calling from its own address, gets its token at once
            server.anonymous().from("127.0.0.2").as(id, secret).get("/profile-templates").expect(200);

            // after the delay the right secret works here too, and clears this client's count at this address
            advance(Duration.ofSeconds(4));
            attacker.as(id, secret);
            for (int i = 0; i < LoginThrottle.FREE_PER_CLIENT_AND_ADDRESS; i++) attacker.tokenByBasic(id, "fresh-start-" + i).expect(401);
        }
    }

    @Test
    void oneAddressTryingManyClientIdsIsSlowedDown_andOtherAddressesAreNot(@TempDir Path dir) {
        try (TestServer server = TestServer.start(dir, now::get)) {
            Api prober = server.anonymous().from("127.0.0.3");
            for (int i = 0; i <= LoginThrottle.FREE_PER_ADDRESS; i++) prober.tokenByForm(unique("probe-"), "any-secret-0123456789").expect(401);
            Api.Response slowed = prober.tokenByForm(unique("probe-"), "any-secret-0123456789").expect(429);
            assertThat(slowed.header("Retry-After")).isEqualTo("1");
            assertThat(prober.tokenByBasic(TestServer.ADMIN_ID, TestServer.ADMIN_SECRET).status()).as("the address waits, whatever the id").isEqualTo(429);

            server.anonymous().as(TestServer.ADMIN_ID, TestServer.ADMIN_SECRET).get("/clients").expect(200);
            advance(Duration.ofSeconds(1));
            prober.as(TestServer.ADMIN_ID, TestServer.ADMIN_SECRET);
        }
    }
}
