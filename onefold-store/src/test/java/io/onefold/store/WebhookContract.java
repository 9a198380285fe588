package io.onefold.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.core.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The store contract for {@link WebhookReads} and {@link WebhookWrites}. */
public interface WebhookContract extends StoreFixture {
    private static Webhook webhook(String org, String id, String status) {
        return new Webhook(org, id, "https://hooks.example.com/" + id, List.of("profile.created", "profile.merged"), "whsec-" + id, status,
                0, 0, Json.NODES.arrayNode(), NOW);
    }

    @Test
    default void webhooksRoundTripWithinTheirOrganizationAndOnlyActiveOnesAreServed() {
        Webhook active = webhook(ORG, "w1", "ACTIVE");
        Webhook suspended = webhook(ORG, "w2", "SUSPENDED");
        Webhook elsewhere = webhook("other", "w1", "ACTIVE");
        assertThat(store().webhooks().activeWebhooks()).isEmpty();
        write(s -> {
            s.webhooks().putWebhook(suspended);
            s.webhooks().putWebhook(active);
            s.webhooks().putWebhook(elsewhere);
        }, s -> {
            assertThat(s.webhooks().webhooks(ORG)).containsExactlyInAnyOrder(active, suspended);
            assertThat(store().webhooks().webhooks(ORG)).as("a reader, before the commit").isEmpty();
        });
        assertThat(store().webhooks().webhooks(ORG)).containsExactlyInAnyOrder(active, suspended);
        assertThat(store().webhooks().webhooks("other")).containsExactly(elsewhere);
        assertThat(store().webhooks().webhooks("nobody")).isEmpty();
        assertThat(store().webhooks().activeWebhooks()).containsExactlyInAnyOrder(active, elsewhere);
    }

    @Test
    default void aWebhooksDeliveryStateIsReplacedAndItIsDeletedOnceWithinItsOrganization() {
        Webhook hook = webhook(ORG, "w1", "ACTIVE");
        write(s -> s.webhooks().putWebhook(hook));
        var failures = Json.NODES.arrayNode();
        failures.addObject().put("at", NOW.toString()).put("position", 42).put("error", "HTTP 503");
        Webhook suspended = hook.with("SUSPENDED", 41, 3, failures);
        write(s -> s.webhooks().putWebhook(suspended));
        assertThat(store().webhooks().webhooks(ORG)).containsExactly(suspended);
        assertThat(store().webhooks().activeWebhooks()).isEmpty();
        write(s -> assertThat(s.webhooks().deleteWebhook("other", "w1")).as("another organization's id").isFalse());
        write(s -> assertThat(s.webhooks().deleteWebhook(ORG, "w1")).isTrue(), s -> {
            assertThat(s.webhooks().webhooks(ORG)).isEmpty();
            assertThat(store().webhooks().webhooks(ORG)).as("a reader, before the commit").containsExactly(suspended);
        });
        assertThat(store().webhooks().webhooks(ORG)).isEmpty();
        write(s -> assertThat(s.webhooks().deleteWebhook(ORG, "w1")).as("already gone").isFalse());
    }
}
