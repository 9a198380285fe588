package io.onefold.store.jdbc;

import io.onefold.store.AccessWrites;
import io.onefold.store.ConfigurationWrites;
import io.onefold.store.IdempotencyWrites;
import io.onefold.store.JobWrites;
import io.onefold.store.TransactionControl;
import io.onefold.store.TransactionResult;
import io.onefold.store.Transactions;
import io.onefold.store.WebhookWrites;
import io.onefold.store.WriteSession;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * A SQL store's write session: the shared concerns read and write through the session itself (a {@link WriteRunner}),
 * inside the transaction it begins and ends. The store adds its profiles' writes and its transaction control.
 */
public abstract class JdbcWriteSession implements WriteSession, WriteRunner, TransactionControl {
    private final JdbcConfiguration.Writes configuration = new JdbcConfiguration.Writes(this);
    private final JdbcAccess.Writes access = new JdbcAccess.Writes(this);
    private final JdbcWebhooks.Writes webhooks = new JdbcWebhooks.Writes(this);
    private final JdbcJobs.Writes jobs = new JdbcJobs.Writes(this);
    private final JdbcIdempotency.Writes idempotency = new JdbcIdempotency.Writes(this);

    @Override
    public ConfigurationWrites configuration() {
        return configuration;
    }

    @Override
    public AccessWrites access() {
        return access;
    }

    @Override
    public WebhookWrites webhooks() {
        return webhooks;
    }

    @Override
    public JobWrites jobs() {
        return jobs;
    }

    @Override
    public IdempotencyWrites idempotency() {
        return idempotency;
    }

    @Override
    public TransactionResult transact(List<? extends Supplier<?>> units, LongConsumer begun) {
        return Transactions.run(this, units, begun);
    }

    @Override
    public <T> T atomically(Supplier<T> work) {
        return Transactions.atomically(this, work);
    }
}
