package io.onefold.store;

import java.util.List;

/** Webhook subscriptions. */
public interface WebhookReads {
    List<Webhook> webhooks(String org);

    /** Active subscriptions of every organization (what the dispatcher serves). */
    List<Webhook> activeWebhooks();
}
