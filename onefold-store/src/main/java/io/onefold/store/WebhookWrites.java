package io.onefold.store;

/** Webhook subscriptions, written in the session's transaction. */
public interface WebhookWrites extends WebhookReads {
    void putWebhook(Webhook webhook);

    boolean deleteWebhook(String org, String id);
}
