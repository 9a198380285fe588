package io.onefold.store;

/**
 * Where Onefold keeps source records, identity (nodes, identifier entries, links), golden profiles, history and
 * outbox, configurations, idempotency records and jobs — shaped by the domain, not by one database.
 *
 * <p>Reads ({@link StoreReads}: profiles, configuration, access, webhooks, jobs, idempotency) may come from any thread and never wait for the writer. Writes go through
 * {@link #openWriteSession()}: one session, used by one thread (the service's single writer).
 */
public interface ProfileStore extends StoreReads, AutoCloseable {
    WriteSession openWriteSession();

    /**
     * How many write sessions a node runs in parallel. The embedded store has one writer: 1. A shared store, whose
     * operations lock what they touch (they must, against other nodes), gains from several: each session spends
     * most of its time waiting for the database, and group commit works within each.
     */
    default int writers() {
        return 1;
    }

    /**
     * Calls {@code onChanges} after another process committed change events, and {@code onConfiguration} after it
     * committed a configuration or settings change (a store shared by several nodes; the embedded store has one
     * process and never calls them).
     */
    default void subscribe(Runnable onChanges, Runnable onConfiguration) {}

    /**
     * Claims a background job (a webhook's delivery, the retention purge, a re-resolution) for this process until
     * the claim is closed or the process dies; empty when another process holds it. The embedded store has one
     * process: always granted.
     */
    default java.util.Optional<Claim> claim(String job) {
        return java.util.Optional.of(() -> {});
    }

    /** A job held by this process; closing releases it. */
    interface Claim extends AutoCloseable {
        @Override
        void close();

        /**
         * Whether the claim still holds: a shared store's claim goes with its connection (the database restarted, say),
         * after which another process may take the job — a long-running holder checks between steps and stops.
         */
        default boolean held() {
            return true;
        }
    }

    /**
     * Called on the writer's thread once an erasure committed: makes what it deleted and overwrote unrecoverable from
     * the store's files as far as the store can, {@code texts} being the erased values' texts. The future completes when
     * that is done (the caller answers after it): the embedded store is done when this returns; a shared store may
     * vacuum on a connection of its own, leaving the writer free.
     */
    java.util.concurrent.CompletableFuture<Void> purge(java.util.Collection<String> texts);

    /**
     * Asks the store to tell {@code listener} which profile rows each commit of this process wrote, after the commit and
     * before the writer answers anyone: what lets a readers' cache of profiles stay exact. Returns false when the store
     * cannot promise that — a store shared by several nodes, whose other nodes' commits this process does not see in
     * time — and then never calls the listener.
     */
    default boolean watchProfileRows(ProfileRowsListener listener) {
        return false;
    }

    /**
     * Whether {@link ProfileReads#rowStamp} and {@link ProfileReads#ownerStamp} answer: then a readers' cache on a
     * store it cannot watch ({@link #watchProfileRows} false) may still serve an entry after the store confirmed its
     * stamp in one small read.
     */
    default boolean rowStamps() {
        return false;
    }

    /** The writer's cluster cache, when the store keeps one (the embedded store): its size and hit counts are metrics. */
    default java.util.Optional<ClusterCache> clusterCache() {
        return java.util.Optional.empty();
    }

    @Override
    void close();
}
