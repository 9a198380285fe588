package io.onefold.store.postgres;

import io.onefold.store.Fragment;
import io.onefold.store.TransientStoreException;
import io.onefold.store.WriteKey;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * How an operation keeps the other nodes out of what it touches, with transaction-scoped advisory locks.
 *
 * <h2>Locking note</h2>
 * <ol>
 * <li><b>Keys first.</b> The identifier values, the source record and the idempotency key the operation names are
 * locked (sorted) before anything is read: two nodes creating the same customer are serialized, and the second finds
 * the first's profile — one profile, never a unique violation.</li>
 * <li><b>Then the profiles found</b> (the owners of those values, or the ids named), sorted, then the cluster is
 * read inside the locks. If the read reaches a member not yet locked (a cluster merged meanwhile, an absorbed
 * owner), that member is locked without waiting and the cluster read again, until every member read was locked
 * before the read — then no other node can be changing it.</li>
 * <li><b>Waiting never forms a cycle.</b> A transaction waits only while every lock it holds was taken by the current
 * unit of work, in the order above; any other acquisition only tries. An operation that cannot get a lock is deferred
 * to the head of the next batch (a new transaction, where it waits), remembering the members it missed so that it
 * locks them in order next time.</li>
 * </ol>
 */
final class ClusterExclusion {
    private ClusterExclusion() {}

    /** Step 1: the keys the operation names. */
    static void keys(Transaction tx, Collection<WriteKey> keys, boolean mayWait) {
        if (keys.isEmpty()) return;
        if (!tx.lock(keys.stream().map(WriteKey::text).toList(), mayWait)) {
            throw new TransientStoreException("a key is locked by another node");
        }
    }

    /** Steps 2 and 3: the clusters of {@code seeds} read by {@code read}, every member locked before it was read. */
    static Fragment clusters(Transaction tx, String org, Collection<String> seeds, Set<String> missed, boolean mayWait,
                             Supplier<Fragment> read) {
        Set<String> locked = new HashSet<>();
        Set<String> first = new TreeSet<>(seeds);
        first.addAll(missed);
        if (!first.isEmpty()) {
            if (!tx.lock(profiles(org, first), mayWait)) throw new TransientStoreException("a profile is locked by another node");
            locked.addAll(first);
        }
        while (true) {
            Fragment f = read.get();
            Set<String> missing = new TreeSet<>(f.rows().keySet());
            missing.removeAll(locked);
            if (missing.isEmpty()) return f;
            if (!tx.lock(profiles(org, missing), false)) {
                missed.addAll(missing);
                throw new TransientStoreException("a cluster member is locked by another node");
            }
            locked.addAll(missing);
        }
    }

    private static List<String> profiles(String org, Collection<String> ids) {
        return ids.stream().map(id -> WriteKey.profile(org, id).text()).sorted().toList();
    }
}
