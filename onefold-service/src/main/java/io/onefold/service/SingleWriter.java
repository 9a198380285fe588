package io.onefold.service;

import io.onefold.store.ProfileStore;
import io.onefold.store.WriteSession;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every write goes through this one thread. It takes what is queued — all of it, up to a batch limit, with no
 * fixed linger: a lone request is committed at once, a crowd shares one fsync — and runs the batch in one
 * transaction, each operation in its own savepoint so that a refused one is rolled back alone. Callers are
 * answered only after the commit returned, i.e. after the fsync: a 2xx means durable.
 */
final class SingleWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SingleWriter.class);
    static final int MAX_BATCH = 512;

    /** Lets an operation run something after its batch committed (refresh a cache, checkpoint after an erasure). */
    interface Context {
        WriteSession session();

        void afterCommit(Runnable action);
    }

    private record Task<T>(Function<Context, T> work, CompletableFuture<T> result) {}

    private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
    private final WriteSession session;
    private final Thread thread;
    private volatile boolean running = true;
    private final ChangeNotifier notifier = new ChangeNotifier();

    ChangeNotifier notifier() {
        return notifier;
    }

    SingleWriter(ProfileStore store) {
        this.session = store.openWriteSession();
        this.thread = Thread.ofPlatform().name("onefold-writer").daemon(true).start(this::loop);
    }

    /** Runs {@code work} in the writer and waits until it is committed; rethrows what the work threw. */
    <T> T execute(Function<Context, T> work) {
        if (!running) throw new IllegalStateException("the writer is closed");
        CompletableFuture<T> result = new CompletableFuture<>();
        queue.add(new Task<>(work, result));
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the writer", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    private void loop() {
        List<Task<?>> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            batch.clear();
            try {
                Task<?> first = queue.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
            } catch (InterruptedException e) {
                if (!running) break;
                continue;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            runBatch(batch);
        }
    }

    private record Outcome(Object value, Throwable error) {}

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void runBatch(List<Task<?>> batch) {
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        List<Runnable> after = new ArrayList<>();
        try {
            session.begin();
        } catch (RuntimeException e) {
            LOG.error("cannot begin a write transaction", e);
            batch.forEach(t -> t.result().completeExceptionally(e));
            return;
        }
        for (Task<?> task : batch) {
            List<Runnable> mine = new ArrayList<>();
            Context ctx = new Context() {
                public WriteSession session() {
                    return session;
                }

                public void afterCommit(Runnable action) {
                    mine.add(action);
                }
            };
            session.savepoint();
            try {
                Object value = task.work().apply(ctx);
                session.releaseSavepoint();
                outcomes.add(new Outcome(value, null));
                after.addAll(mine);
            } catch (RuntimeException | Error e) {
                try {
                    session.rollbackToSavepoint();
                } catch (RuntimeException rollback) {
                    e.addSuppressed(rollback);
                }
                outcomes.add(new Outcome(null, e));
            }
        }
        try {
            session.commit();
        } catch (RuntimeException e) {
            LOG.error("commit failed; the batch of {} operations is not applied", batch.size(), e);
            session.rollback();
            batch.forEach(t -> t.result().completeExceptionally(e));
            return;
        }
        notifier.signal();
        for (Runnable r : after) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("after-commit action failed", e);
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            Outcome o = outcomes.get(i);
            CompletableFuture f = batch.get(i).result();
            if (o.error() == null) f.complete(o.value());
            else f.completeExceptionally(o.error());
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        session.close();
    }
}
