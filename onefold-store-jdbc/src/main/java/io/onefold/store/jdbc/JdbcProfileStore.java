package io.onefold.store.jdbc;

import io.onefold.store.AccessReads;
import io.onefold.store.ConfigurationReads;
import io.onefold.store.IdempotencyReads;
import io.onefold.store.JobReads;
import io.onefold.store.ProfileReads;
import io.onefold.store.ProfileStore;
import io.onefold.store.WebhookReads;

/** A SQL store's reads: every concern on the store's read runner (its pool). The store adds opening, sessions and closing. */
public abstract class JdbcProfileStore implements ProfileStore {
    private final ProfileReads profiles;
    private final ConfigurationReads configuration;
    private final AccessReads access;
    private final WebhookReads webhooks;
    private final JobReads jobs;
    private final IdempotencyReads idempotency;

    protected JdbcProfileStore(QueryRunner readers) {
        profiles = new JdbcProfileReads(readers);
        configuration = new JdbcConfiguration(readers);
        access = new JdbcAccess(readers);
        webhooks = new JdbcWebhooks(readers);
        jobs = new JdbcJobs(readers);
        idempotency = new JdbcIdempotency(readers);
    }

    @Override
    public ProfileReads profiles() {
        return profiles;
    }

    @Override
    public ConfigurationReads configuration() {
        return configuration;
    }

    @Override
    public AccessReads access() {
        return access;
    }

    @Override
    public WebhookReads webhooks() {
        return webhooks;
    }

    @Override
    public JobReads jobs() {
        return jobs;
    }

    @Override
    public IdempotencyReads idempotency() {
        return idempotency;
    }
}
