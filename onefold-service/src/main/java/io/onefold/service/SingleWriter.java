package io.onefold.service;

import io.onefold.store.ProfileStore;
import io.onefold.store.StoreUnavailableException;
import io.onefold.store.TransactionLostException;
import io.onefold.store.TransactionResult;
import io.onefold.store.TransientStoreException;
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
 * Every write goes through this one thread (on a shared store, through one of a few such lanes, see below). It takes what is queued — all of it, up to a batch limit, with no
 * fixed linger: a lone request is committed at once, a crowd shares one fsync — and runs the batch in one
 * transaction, each operation in its own savepoint so that a refused one is rolled back alone. Callers are
 * answered only after the commit returned, i.e. after the fsync: a 2xx means durable.
 *
 * <p>On a store shared by several nodes (PostgreSQL) an operation may meet another node's transaction: a lock it
 * must not wait for, a deadlock, a serialization failure ({@link TransientStoreException}). It is then deferred to
 * the head of the next batch — where it runs first and may wait for its locks — and never reaches the client. When
 * the store had to roll back the whole transaction to undo one operation ({@link TransactionLostException}), the
 * batch starts again without it — a joined group of upserts ({@link Together}) again as its single operations, so that
 * only the refused one fails. Before each batch the writer reads the store's configuration epoch; a change made
 * by another node drops the caches ({@code onEpochChange}).
 *
 * <p>The embedded store has one lane. A shared store may ask for several ({@link ProfileStore#writers()}): each is a
 * thread with its own session and queue, and since operations lock what they touch, lanes are to each other what
 * nodes are. An operation may name an affinity (its customer's identifier) so that one customer's operations meet in
 * one lane and share its transaction's locks instead of waiting for each other's commits.
 */
final class SingleWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SingleWriter.class);
    static final int MAX_BATCH = 512;
    /** Deferrals of one operation before it fails: only a pathological contention gets there. */
    static final int MAX_ATTEMPTS = 200;

    /** Lets an operation run something after its batch committed (refresh a cache, checkpoint after an erasure). */
    interface Context {
        WriteSession session();

        void afterCommit(Runnable action);
    }

    /**
     * Operations that run together: consecutive operations of one batch with the same group (upserts of one
     * organization) run as one unit of work — one read of their clusters, one decision pass, one write.
     */
    interface Together<O> {
        /** One outcome per operation, in order: its value, or the RuntimeException that refused it alone. */
        List<Object> run(Context ctx, List<O> ops);
    }

    private static final class Task<T> {
        final Function<Context, T> work;
        final CompletableFuture<T> result;
        /** Runs in a transaction of its own (see {@link #executeAlone}). */
        boolean alone;
        int attempts;
        /** Set for an operation that may run together with its neighbours of the same group. */
        Object group;
        Together<Object> together;
        Object op;
        /** How many callers' operations the task stands for (a joined group: all of them). */
        int operations = 1;
        /** A joined group's operations, each still able to run as a task of its own; null for a single operation. */
        List<Task<?>> members;

        Task(Function<Context, T> work, CompletableFuture<T> result) {
            this.work = work;
            this.result = result;
        }

        Function<Context, T> work() {
            return work;
        }

        CompletableFuture<T> result() {
            return result;
        }
    }

    private volatile Runnable onEpochChange = () -> {};

    /** Runs on the writer thread when a batch sees another configuration epoch than the previous batch did. */
    void onEpochChange(Runnable action) {
        this.onEpochChange = action;
    }

    private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    private final List<Lane> lanes = new ArrayList<>();
    private volatile boolean running = true;
    private final ChangeNotifier notifier = new ChangeNotifier();
    private volatile WriterMetrics metrics = WriterMetrics.unread(this::queueDepth);

    /** Where the writer reports its batches, commits and store errors (ProfileService binds it to its meters). */
    void metrics(WriterMetrics m) {
        this.metrics = m;
    }

    /** Operations queued for the writer and not yet in a batch. */
    int queueDepth() {
        int depth = 0;
        for (Lane lane : lanes) depth += lane.queue.size();
        return depth;
    }

    ChangeNotifier notifier() {
        return notifier;
    }

    SingleWriter(ProfileStore store) {
        // one lane on the embedded store; a shared store, whose operations lock what they touch, may ask for several
        for (int i = 0; i < Math.max(1, store.writers()); i++) lanes.add(new Lane(store.openWriteSession()));
        for (int i = 0; i < lanes.size(); i++) {
            Lane lane = lanes.get(i);
            lane.thread = Thread.ofPlatform().name(i == 0 ? "onefold-writer" : "onefold-writer-" + i).daemon(true).start(lane::loop);
        }
    }

    /** Runs {@code work} in the writer and waits until it is committed; rethrows what the work threw. */
    <T> T execute(Function<Context, T> work) {
        return execute(null, work);
    }

    /**
     * As {@link #execute(Function)}, on the lane chosen by {@code affinity} (an identifier value, say): operations on
     * the same customer meet in one lane, where they share a transaction and its locks, instead of waiting for each
     * other's commits across lanes. Null: any lane.
     */
    <T> T execute(String affinity, Function<Context, T> work) {
        return execute(affinity, work, false);
    }

    /**
     * As {@link #execute(Function)}, in a transaction with no other operation: for one that changes what the others
     * would read from caches (the active configuration), and must see every other operation's events committed first.
     */
    <T> T executeAlone(Function<Context, T> work) {
        return execute(null, work, true);
    }

    /**
     * As {@link #execute(String, Function)}, for an operation that runs together with the neighbours of its batch that
     * name the same {@code group}: {@code together} receives them all, in arrival order.
     */
    @SuppressWarnings("unchecked")
    <O, T> T executeTogether(String affinity, Object group, Together<O> together, O op) {
        Together<Object> t = (Together<Object>) together;
        Task<T> task = new Task<>(ctx -> (T) settled(t.run(ctx, List.of(op)).get(0)), new CompletableFuture<>());
        task.group = group;
        task.together = t;
        task.op = op;
        return submit(affinity, task);
    }

    private static Object settled(Object outcome) {
        if (outcome instanceof RuntimeException e) throw e;
        return outcome;
    }

    /** Joins runs of consecutive operations of one group into one task, whose outcomes answer each of them. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static List<Task<?>> together(List<Task<?>> batch) {
        List<Task<?>> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); ) {
            Task<?> first = batch.get(i);
            int j = i + 1;
            while (first.group != null && j < batch.size() && !batch.get(j).alone && first.group.equals(batch.get(j).group)) j++;
            if (j == i + 1) {
                out.add(first);
                i++;
                continue;
            }
            List<Task<?>> members = List.copyOf(batch.subList(i, j));
            List<Object> ops = members.stream().map(m -> m.op).toList();
            Together<Object> runner = first.together;
            CompletableFuture<List<Object>> all = new CompletableFuture<>();
            all.whenComplete((outcomes, error) -> {
                for (int k = 0; k < members.size(); k++) {
                    CompletableFuture f = members.get(k).result();
                    if (error != null) f.completeExceptionally(error);
                    else if (outcomes.get(k) instanceof Throwable t) f.completeExceptionally(t);
                    else f.complete(outcomes.get(k));
                }
            });
            Task<List<Object>> joined = new Task<>(ctx -> runner.run(ctx, ops), all);
            joined.operations = members.size();
            joined.members = members;
            out.add(joined);
            i = j;
        }
        return out;
    }

    private <T> T execute(String affinity, Function<Context, T> work, boolean alone) {
        Task<T> task = new Task<>(work, new CompletableFuture<>());
        task.alone = alone;
        return submit(affinity, task);
    }

    private <T> T submit(String affinity, Task<T> task) {
        if (!running) throw new IllegalStateException("the writer is closed");
        CompletableFuture<T> result = task.result();
        int lane = affinity == null ? next.getAndIncrement() : affinity.hashCode();
        lanes.get(Math.floorMod(lane, lanes.size())).queue.add(task);
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

    /** One write session, its thread and its queue. */
    private final class Lane {
        private final WriteSession session;
        private final java.util.ArrayDeque<Task<?>> deferred = new java.util.ArrayDeque<>();
        private final BlockingQueue<Task<?>> queue = new LinkedBlockingQueue<>();
        private long epoch = Long.MIN_VALUE;
        private Thread thread;

        Lane(WriteSession session) {
            this.session = session;
        }

        private void loop() {
            List<Task<?>> batch = new ArrayList<>(MAX_BATCH);
            while (running || !queue.isEmpty() || !deferred.isEmpty()) {
                batch.clear();
                // deferred operations go first: as the first of their batch they may wait for their locks
                while (!deferred.isEmpty() && batch.size() < MAX_BATCH) batch.add(deferred.poll());
                if (batch.isEmpty()) {
                    try {
                        Task<?> first = queue.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                        if (first == null) continue;
                        batch.add(first);
                    } catch (InterruptedException e) {
                        if (!running) break;
                        continue;
                    }
                }
                queue.drainTo(batch, MAX_BATCH - batch.size());
                aloneFirst(batch);
                runBatch(together(batch));
            }
        }


        /** Cuts the batch before an operation that runs alone, or right after it when it comes first; the rest runs next. */
        private void aloneFirst(List<Task<?>> batch) {
            int at = 0;
            while (at < batch.size() && !batch.get(at).alone) at++;
            int cut = at == 0 ? 1 : at;
            if (cut >= batch.size()) return;
            for (int i = batch.size() - 1; i >= cut; i--) deferred.addFirst(batch.get(i));
            batch.subList(cut, batch.size()).clear();
        }

        private void runBatch(List<Task<?>> batch) {
            List<Task<?>> live = new ArrayList<>(batch);
            while (true) {
                List<List<Runnable>> after = new ArrayList<>(live.size());
                List<java.util.function.Supplier<?>> units = new ArrayList<>(live.size());
                for (Task<?> task : live) {
                    List<Runnable> mine = new ArrayList<>();
                    after.add(mine);
                    Context ctx = new Context() {
                        public WriteSession session() {
                            return session;
                        }

                        public void afterCommit(Runnable action) {
                            mine.add(action);
                        }
                    };
                    units.add(() -> task.work().apply(ctx));
                }
                TransactionResult result = session.transact(units, this::begun);
                switch (result) {
                    case TransactionResult.Failed f -> {
                        metrics.storeError(f.phase(), f.error());
                        if (f.error() instanceof TransientStoreException) {
                            live.forEach(this::defer);
                        } else if (f.error() instanceof StoreUnavailableException u) {
                            // the database restarting: the callers get a 503 saying whether the commit's outcome is
                            // unknown; the session opens a new connection for the next batch
                            LOG.warn("the {} of a write transaction failed ({}); the batch of {} operations is answered {}",
                                    f.phase(), u.getCause() == null ? "" : u.getCause().getClass().getSimpleName(), live.size(), u.code());
                            live.forEach(t -> t.result().completeExceptionally(u));
                        } else {
                            LOG.error("the {} of a write transaction failed; the batch of {} operations is not applied", f.phase(), live.size(), f.error());
                            live.forEach(t -> t.result().completeExceptionally(f.error()));
                        }
                        return;
                    }
                    case TransactionResult.Lost l -> {
                        // the store rolled everything back: settle the operation that failed, run the others again
                        metrics.storeError("operation", l.error());
                        metrics.storeError("operation", l.lost());
                        Task<?> failed = live.get(l.at());
                        live.remove(l.at());
                        if (failed.members != null) {
                            // a joined group (a shared store can undo a failed write only with the whole transaction):
                            // which of its operations the store refused is unknown, so each runs again as its own unit,
                            // and only that one fails
                            live.addAll(l.at(), failed.members);
                            continue;
                        }
                        settle(failed, new TransactionResult.Unit(null, l.error()));
                        if (live.isEmpty()) return;
                    }
                    case TransactionResult.Committed c -> {
                        committed(live, c, after);
                        return;
                    }
                }
            }
        }

        /** Sees the configuration epoch of a transaction that began: another node's change drops the caches. */
        private void begun(long seen) {
            if (seen != epoch) {
                if (epoch != Long.MIN_VALUE) onEpochChange.run();
                epoch = seen;
            }
        }

        /** After the commit: carries the operations that did not run, runs the after-commit actions, answers the callers. */
        private void committed(List<Task<?>> live, TransactionResult.Committed c, List<List<Runnable>> after) {
            int ran = c.outcomes().size();
            for (TransactionResult.Unit u : c.outcomes()) if (u.error() != null) metrics.storeError("operation", u.error());
            if (c.cutBy() != null) {
                // another node or lane holds what the next one needs: it runs first in the next transaction, where it may wait
                metrics.storeError("operation", c.cutBy());
                List<Task<?>> carried = new ArrayList<>(live.subList(ran, live.size()));
                Task<?> blocked = carried.get(0);
                if (++blocked.attempts >= MAX_ATTEMPTS) {
                    carried.remove(0);
                    blocked.result().completeExceptionally(gaveUp(blocked));
                }
                for (int i = carried.size() - 1; i >= 0; i--) deferred.addFirst(carried.get(i));
            }
            metrics.committed(live.subList(0, ran).stream().mapToInt(t -> t.operations).sum(), c.commitNanos());
            notifier.signal();
            for (int i = 0; i < ran; i++) {
                if (c.outcomes().get(i).error() != null) continue;
                for (Runnable r : after.get(i)) {
                    try {
                        r.run();
                    } catch (RuntimeException e) {
                        LOG.warn("after-commit action failed", e);
                    }
                }
            }
            for (int i = 0; i < ran; i++) settle(live.get(i), c.outcomes().get(i));
        }

        /** Answers the caller — or, for a conflict with another node, runs the operation again in a later batch. */
        @SuppressWarnings({"unchecked", "rawtypes"})
        private void settle(Task<?> task, TransactionResult.Unit o) {
            if (o.error() instanceof TransientStoreException) {
                defer(task);
                return;
            }
            CompletableFuture f = task.result();
            if (o.error() == null) f.complete(o.value());
            else f.completeExceptionally(o.error());
        }

        /**
         * An operation that met other writers {@link #MAX_ATTEMPTS} times: it never ran in a committed transaction, so
         * nothing of it was written — a retryable 503 for its caller, not a 500.
         */
        private static StoreUnavailableException gaveUp(Task<?> task) {
            return new StoreUnavailableException("gave up after " + task.attempts + " conflicts with other writers; nothing was written, retry", null);
        }

        private void defer(Task<?> task) {
            if (++task.attempts >= MAX_ATTEMPTS) {
                task.result().completeExceptionally(gaveUp(task));
                return;
            }
            deferred.add(task);
        }
    }

    @Override
    public void close() {
        running = false;
        for (Lane lane : lanes) {
            try {
                lane.thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            lane.session.close();
        }
    }
}
