package io.onefold.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.testing.Fixtures;
import io.onefold.core.testing.TestClock;
import io.onefold.service.ProfileService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A real Onefold server on a free port over a fresh data directory, bootstrapped with the admin client
 * {@value #ADMIN_ID}, plus the few steps most tests start with (configure the retail example, create clients).
 */
final class TestServer implements AutoCloseable {
    static final String ADMIN_ID = "admin";
    static final String ADMIN_SECRET = "admin-secret-0123456789";
    static final String READ = "CustomerProfile:Read";
    static final String WRITE = "CustomerProfile:Write";
    static final String ADMIN = "CustomerProfile:Admin";
    private static final AtomicLong UNIQUE = new AtomicLong(System.nanoTime() % 1_000_000);

    private final OnefoldServer server;
    private final Supplier<Instant> clock;
    private final Api anonymous;
    private final Api admin;

    private TestServer(OnefoldServer server, Supplier<Instant> clock) {
        this.server = server;
        this.clock = clock;
        this.anonymous = new Api(URI.create("http://127.0.0.1:" + server.port()), null);
        try {
            this.admin = anonymous.as(ADMIN_ID, ADMIN_SECRET);
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    static TestServer start(Path dataDirectory) {
        return start(dataDirectory, c -> c);
    }

    /** A server whose configuration {@code tweak} adjusts (rate limit, token lifetime…). */
    static TestServer start(Path dataDirectory, UnaryOperator<ServerConfig> tweak) {
        TestClock clock = new TestClock();
        return new TestServer(OnefoldServer.start(tweak.apply(config(dataDirectory)), System.out, clock), clock);
    }

    /** A server whose clock is {@code clock}: time-based guards are tested by moving it, never by sleeping. */
    static TestServer start(Path dataDirectory, Supplier<Instant> clock) {
        return new TestServer(OnefoldServer.start(config(dataDirectory), System.out, clock), clock);
    }

    private static ServerConfig config(Path dataDirectory) {
        return ServerConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDirectory(dataDirectory).withBootstrap(ADMIN_ID, ADMIN_SECRET);
    }

    /** The clock the server reads (tokens, rate limits, caches, the service): move it forward instead of sleeping. */
    TestClock clock() {
        if (clock instanceof TestClock t) return t;
        throw new IllegalStateException("this server reads the clock its test gave it");
    }

    int port() {
        return server.port();
    }

    /** The server's profile service (its change notifier is what a test waits on). */
    ProfileService service() {
        return server.service();
    }

    /** The bootstrap admin client of the default organization (Read, Write, Admin, every source). */
    Api admin() {
        return admin;
    }

    /** No credentials at all. */
    Api anonymous() {
        return anonymous;
    }

    /** Asserts that the server still answers (after a hostile request, say). */
    void health() {
        anonymous.get("/health/live").expect(200);
        admin.get("/profile-templates").expect(200);
    }

    /** Posts the omnichannel example (template, then rules) as the admin: the first of each becomes active. */
    TestServer configureOmnichannel() {
        return configure(admin, "omnichannel-template.json", "omnichannel-rules.json");
    }

    /** Posts the guide's two payloads, verbatim, in the guide's order. */
    TestServer configureGuide() {
        return configure(admin, "template.json", "merge-rules.json");
    }

    TestServer configure(Api as, String template, String rules) {
        as.post("/profile-templates", example(template)).expect(201);
        as.post("/merge-rules", example(rules)).expect(201);
        return this;
    }

    /**
     * Posts examples/matching (people without a shared identifier, matched on name, birth date and city; the rule set's
     * {@code matching} section) through {@code as}, an admin of an organization with no configuration yet.
     */
    static void configureMatching(Api as) {
        as.post("/profile-templates", example("matching", "template.json")).expect(201);
        as.post("/merge-rules", example("matching", "merge-rules.json")).expect(201);
    }

    /** The text of an examples/retail file, verbatim. */
    static String example(String file) {
        return example("retail", file);
    }

    /** The text of a file of another examples directory ({@code matching}), verbatim. */
    static String example(String directory, String file) {
        try {
            return Files.readString(Fixtures.examples().resolveSibling(directory).resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates a client of the admin's organization and logs in as it. */
    Api newClient(String clientId, List<String> permissions, List<String> sources) {
        return newClient(admin, null, clientId, permissions, sources);
    }

    /** Creates a client (in {@code organization}, when not null) through {@code as}, and logs in as it. */
    Api newClient(Api as, String organization, String clientId, List<String> permissions, List<String> sources) {
        ObjectNode body = Api.JSON.createObjectNode();
        body.put("client_id", clientId);
        if (organization != null) body.put("organization", organization);
        ArrayNode p = body.putArray("permissions");
        permissions.forEach(p::add);
        ArrayNode s = body.putArray("sources");
        sources.forEach(s::add);
        Api.Response created = as.post("/clients", body).expect(201);
        String secret = created.json().get("client_secret").asText();
        assertThat(secret).isNotBlank();
        // outside the default organization the id is clientId@organization
        return anonymous.as(created.json().get("client_id").asText(), secret);
    }

    /**
     * A new organization with an admin client of its own, logged in: a clean slate (no template, no rules, no
     * profiles) on this server, for tests that change the configuration.
     */
    Api newOrganizationAdmin() {
        String org = unique("org-");
        admin.post("/organizations", "{\"id\": \"" + org + "\", \"name\": \"Test " + org + "\"}").expect(201);
        return newClient(admin, org, unique("admin-" + org + "-"), List.of(READ, WRITE, ADMIN), List.of());
    }

    /** A US phone number (E.164) that no other test of this JVM uses. */
    static String uniquePhone() {
        return "+1415555" + String.format("%04d", UNIQUE.incrementAndGet() % 10_000);
    }

    /** A value no other test of this JVM uses (emails, client ids). */
    static String unique(String prefix) {
        return prefix + UNIQUE.incrementAndGet();
    }

    @Override
    public void close() {
        server.close();
    }
}
