package io.onefold.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.onefold.service.ChangeNotifier;
import io.onefold.service.WebhookAddressPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks and SSRF, through a real socket: a subscription to a loopback, link-local or private address is a 400
 * naming {@code url} unless the operator allows it, and a host whose DNS answer turns private after the subscription
 * was accepted (DNS rebinding) is refused at delivery — the receiver behind it never gets a request.
 */
class WebhookAddressesTest {

    private static String subscription(String url) {
        return "{\"url\": \"" + url + "\", \"event_types\": [\"profile.created\"]}";
    }

    @Test
    void aWebhookToALoopbackLinkLocalOrPrivateAddressIs400NamingUrl(@TempDir Path dir) {
        try (TestServer server = TestServer.start(dir)) {
            Api tenant = server.newOrganizationAdmin();
            for (String url : List.of("http://127.0.0.1:9/hook", "http://localhost:8080/hook", "http://[::1]/hook", "http://169.254.169.254/latest/meta-data/",
                    "http://10.0.0.5/hook", "http://172.16.0.1/hook", "http://192.168.1.10/hook", "http://[fd00::1]/hook", "http://0.0.0.0:8080/hook",
                    "http://[::ffff:127.0.0.1]/hook", "http://100.64.0.1/hook", "http://2130706433/hook", "http://no-such-host.invalid/hook")) {
                Api.Response refused = tenant.post("/webhooks", subscription(url)).expectError(400, "VALIDATION_FAILED");
                assertThat(refused.detailFields()).as(url).containsExactly("url");
            }
            assertThat(tenant.get("/webhooks").expect(200).json().get("entities")).as("nothing was subscribed").isEmpty();

            // a public address is accepted (TEST-NET-3: documentation only, so no delivery can reach anyone)
            String id = tenant.post("/webhooks", subscription("http://203.0.113.10/hook")).expect(201).json().get("id").asText();
            tenant.delete("/webhooks/" + id).expect(204);
        }
    }

    @Test
    void theOperatorMayAllowListedNetworksOnly(@TempDir Path dir) {
        WebhookAddressPolicy loopbackOnly = new WebhookAddressPolicy(false, List.of("127.0.0.0/8"), WebhookAddressPolicy.SYSTEM_RESOLVER);
        try (TestServer server = TestServer.start(dir, c -> c.withWebhookAddresses(loopbackOnly))) {
            Api tenant = server.newOrganizationAdmin();
            String id = tenant.post("/webhooks", subscription("http://127.0.0.1:9/hook")).expect(201).json().get("id").asText();
            tenant.delete("/webhooks/" + id).expect(204);
            assertThat(tenant.post("/webhooks", subscription("http://10.0.0.5/hook")).expectError(400, "VALIDATION_FAILED").detailFields()).containsExactly("url");
        }
    }

    @Test
    void aHostThatRebindsToLoopbackAfterTheSubscriptionIsRefusedAtDelivery(@TempDir Path dir) throws Exception {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger received = new AtomicInteger();
        receiver.createContext("/hook", exchange -> {
            received.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        // the attacker's DNS: a public address while the subscription is checked, then the receiver's loopback address
        AtomicInteger lookups = new AtomicInteger();
        WebhookAddressPolicy.Resolver rebinding = host -> List.of(InetAddress.getByName(lookups.getAndIncrement() == 0 ? "203.0.113.7" : "127.0.0.1"));
        try (TestServer server = TestServer.start(dir, c -> c.withWebhookAddresses(new WebhookAddressPolicy(false, List.of(), rebinding)))) {
            Api tenant = server.newOrganizationAdmin();
            server.configure(tenant, "omnichannel-template.json", "omnichannel-rules.json");
            // "localhost" really is the receiver's address to the HTTP client: only the check stands between them
            String url = "http://localhost:" + receiver.getAddress().getPort() + "/hook";
            String id = tenant.post("/webhooks", subscription(url)).expect(201).json().get("id").asText();

            tenant.upsert("{\"source\": \"salesforce_crm\", \"profile_data\": {\"email\": \"" + TestServer.unique("rebind") + "@example.com\"}}").expect(201);

            JsonNode failure = firstFailure(server.service().notifier(), tenant, id);
            assertThat(failure.get("error").asText()).contains("refused", "loopback");
            assertThat(received.get()).as("requests that reached the receiver").isZero();
        } finally {
            receiver.stop(0);
        }
    }

    /** Waits, commit by commit, until the subscription records a failed delivery; returns it. */
    private static JsonNode firstFailure(ChangeNotifier notifier, Api tenant, String id) throws InterruptedException {
        while (true) {
            long seen = notifier.version();
            JsonNode failures = tenant.get("/webhooks/" + id).expect(200).json().get("recent_failures");
            if (!failures.isEmpty()) return failures.get(0);
            assertThat(notifier.await(seen, 20_000)).as("a commit (the delivery's failure) within 20 s").isTrue();
        }
    }
}
