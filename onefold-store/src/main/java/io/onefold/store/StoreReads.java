package io.onefold.store;

/**
 * A store seen through its concerns, each a small interface: profiles (the write pipeline's data and the change
 * stream), configuration, access, webhooks, jobs and idempotency. {@link ProfileStore} answers them from any thread;
 * a {@link WriteSession} answers them inside its transaction, seeing its own writes, and narrows each to its writes.
 */
public interface StoreReads {
    ProfileReads profiles();

    ConfigurationReads configuration();

    AccessReads access();

    WebhookReads webhooks();

    JobReads jobs();

    IdempotencyReads idempotency();
}
