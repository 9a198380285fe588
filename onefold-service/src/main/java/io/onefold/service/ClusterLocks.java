package io.onefold.service;

import io.onefold.core.model.SourceRecordKey;
import io.onefold.store.Fragment;
import io.onefold.store.StoreCodec;
import io.onefold.store.TransientStoreException;
import io.onefold.store.WriteSession;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * How an operation keeps other nodes out of what it touches, on a store several nodes write (PostgreSQL). On the
 * embedded store there is one writer and every method here only reads.
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
 * <li><b>Waiting never forms a cycle.</b> The store lets an operation wait only while every lock its transaction
 * holds was taken by that operation, in the order above; any other acquisition only tries. An operation that cannot
 * get a lock is deferred to the head of the next batch (a new transaction, where it waits), remembering the members
 * it missed so that it locks them in order next time.</li>
 * </ol>
 */
final class ClusterLocks {
    private ClusterLocks() {}

    static String identifier(String org, String attribute, String value) {
        return "identifier\u0000" + org + '\u0000' + attribute + '\u0000' + value;
    }

    static String record(String org, SourceRecordKey key) {
        return "record\u0000" + org + '\u0000' + key.source() + '\u0000' + StoreCodec.recordKey(key);
    }

    static String idempotency(String org, String key) {
        return "idempotency\u0000" + org + '\u0000' + key;
    }

    static String profile(String org, String id) {
        return "profile\u0000" + org + '\u0000' + id;
    }

    /** Step 1: the keys the operation names. */
    static void lockKeys(WriteSession s, Collection<String> keys) {
        if (!s.shared() || keys.isEmpty()) return;
        if (!s.lock(keys, true)) throw new TransientStoreException("a key is locked by another node");
    }

    /**
     * Steps 2 and 3: the clusters of {@code seeds}, read while every member is locked. {@code missed} carries the
     * members a deferred attempt could not lock, from one attempt of the same operation to the next.
     */
    static Fragment fragment(WriteSession s, String org, Collection<String> seeds, Set<String> missed, boolean mayWait) {
        if (!s.shared()) return s.profiles().fragment(org, seeds);
        Set<String> locked = new HashSet<>();
        Set<String> first = new TreeSet<>(seeds);
        first.addAll(missed);
        if (!first.isEmpty()) {
            if (!s.lock(profiles(org, first), mayWait)) {
                throw new TransientStoreException("a profile is locked by another node");
            }
            locked.addAll(first);
        }
        while (true) {
            Fragment f = s.profiles().fragment(org, seeds);
            Set<String> missing = new TreeSet<>(f.rows().keySet());
            missing.removeAll(locked);
            if (missing.isEmpty()) return f;
            if (!s.lock(profiles(org, missing), false)) {
                missed.addAll(missing);
                throw new TransientStoreException("a cluster member is locked by another node");
            }
            locked.addAll(missing);
        }
    }

    private static Set<String> profiles(String org, Collection<String> ids) {
        Set<String> out = new TreeSet<>();
        for (String id : ids) out.add(profile(org, id));
        return out;
    }
}
