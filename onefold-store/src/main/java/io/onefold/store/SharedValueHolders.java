package io.onefold.store;

import io.onefold.core.identity.GraphChanges;
import io.onefold.core.identity.NodeState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The {@link ClusterCache}'s complete sets of holders of non-linking identifier values (a household phone): for an
 * (organization, attribute, value), every profile that has a row for it in the store's shared identifiers, as
 * committed. An upsert naming a household phone loads every other holder; this answers "who are they" without a read.
 *
 * <h2>Why a set is complete</h2>
 * A set is about the store's rows, not about cached clusters: evicting a cluster changes nothing here, and a set is
 * kept whether or not its holders' clusters are cached.
 * <ul>
 *   <li>it enters from a read of the database only when the open transaction wrote no row of that value (a value
 *       written is <em>dirty</em> until the transaction ends and its reads go to the database) — then what was read
 *       is what is committed;</li>
 *   <li>only {@link WriteSession#apply} writes those rows, and what it writes follows from its arguments alone: for
 *       each changed node, a row deleted for each value its old state had and its new state lacks, a row inserted (if
 *       absent) for each value its new state has with another kind or not at all before. {@link #writing} records
 *       exactly these as "this node holds / does not hold the value" per savepoint level; {@link #written} confirms
 *       them once the writes succeeded. A savepoint rolled back forgets its level; the commit sets them on the sets
 *       held (the last write of a pair wins, as in the table); a rollback forgets them all;</li>
 *   <li>a write begun and never confirmed (it failed half-way and the transaction went on) drops its values' sets at
 *       the commit; anything the cache cannot follow clears it ({@link #clear}).</li>
 * </ul>
 * Updating at the commit instead of dropping keeps a household's set through a new member's creation — a bulk load
 * of a family would otherwise read the set again after every member. Absence is never cached: a value nobody holds
 * has no set. Bounded: at most {@code capacity} sets and {@code 4 × capacity} holders in all, least recently used
 * out first. Single-threaded, like its owner.
 */
final class SharedValueHolders {
    /** Holders kept per set on average at most: a set costs a few references per holder, a cluster far more. */
    private static final int HOLDERS_PER_SET = 4;
    private final int capacity;
    /** org, attribute, value → its holders (never changed once here: replaced, so that an answer given stays as it was). */
    private final LinkedHashMap<ValueKey, SortedSet<String>> sets = new LinkedHashMap<>(256, 0.75f, true);
    private long holders;

    private record ValueKey(String org, String attribute, String value) {}

    // the open transaction
    private final Set<ValueKey> dirty = new HashSet<>();
    /** Per savepoint level (the first: the transaction itself), value → node → holds it after the level's writes. */
    private final Deque<Map<ValueKey, Map<String, Boolean>>> staged = new ArrayDeque<>();
    /** What the apply under way writes, until {@link #written} confirms it. */
    private Map<ValueKey, Map<String, Boolean>> pending;
    /** Values whose writes were begun and never confirmed: their sets are dropped at the commit. */
    private final Set<ValueKey> lost = new HashSet<>();

    SharedValueHolders(int capacity) {
        this.capacity = capacity;
        staged.push(new HashMap<>());
    }

    /** Sets held now. */
    int size() {
        return sets.size();
    }

    /** Every profile holding the value, when the complete set is known here; null otherwise (ask the database). */
    SortedSet<String> holders(String org, String attribute, String value) {
        ValueKey k = new ValueKey(org, attribute, value);
        if (dirty.contains(k)) return null;
        SortedSet<String> found = sets.get(k);
        return found == null ? null : Collections.unmodifiableSortedSet(found);
    }

    /** The holders the session read from the database: kept when the open transaction wrote no row of the value. */
    void fill(String org, String attribute, String value, Set<String> read) {
        if (capacity == 0 || read.isEmpty()) return;
        ValueKey k = new ValueKey(org, attribute, value);
        if (dirty.contains(k)) return;
        put(k, new TreeSet<>(read));
    }

    /** {@link WriteSession#apply} is about to write {@code changes} over {@code before}: the rows it writes, staged. */
    void writing(String org, Fragment before, GraphChanges changes, Set<String> nonLinking) {
        if (pending != null) lost.addAll(pending.keySet()); // the previous apply failed and the transaction went on
        pending = null;
        if (capacity == 0 || nonLinking.isEmpty()) return;
        Map<String, NodeState> old = new HashMap<>();
        for (NodeState n : before.nodes()) old.put(n.id(), n);
        // as apply writes them: every deletion, then every insertion (a pair written both ways ends inserted)
        List<Object[]> deleted = new ArrayList<>();
        List<Object[]> inserted = new ArrayList<>();
        for (NodeState n : changes.nodes()) {
            Map<ValueKey, Boolean> was = values(org, old.get(n.id()), nonLinking);
            Map<ValueKey, Boolean> is = values(org, n, nonLinking);
            for (ValueKey k : was.keySet()) if (!is.containsKey(k)) deleted.add(new Object[] {k, n.id()});
            for (Map.Entry<ValueKey, Boolean> e : is.entrySet()) {
                if (!e.getValue().equals(was.get(e.getKey()))) inserted.add(new Object[] {e.getKey(), n.id()});
            }
        }
        if (deleted.isEmpty() && inserted.isEmpty()) return;
        pending = new HashMap<>();
        for (Object[] d : deleted) stage(pending, (ValueKey) d[0], (String) d[1], false);
        for (Object[] i : inserted) stage(pending, (ValueKey) i[0], (String) i[1], true);
        dirty.addAll(pending.keySet());
    }

    /** The writes of {@link #writing} succeeded: they wait for the commit at the current savepoint level. */
    void written() {
        if (pending == null) return;
        merge(pending, staged.peek());
        pending = null;
    }

    /** A node's non-linking values → whether it holds them as current (true) or as alias (false). */
    private static Map<ValueKey, Boolean> values(String org, NodeState n, Set<String> nonLinking) {
        Map<ValueKey, Boolean> out = new HashMap<>();
        if (n == null) return out;
        n.current().forEach((a, vs) -> {
            if (nonLinking.contains(a)) for (String v : vs) out.put(new ValueKey(org, a, v), true);
        });
        n.aliases().forEach((a, vs) -> {
            if (nonLinking.contains(a)) for (String v : vs) out.put(new ValueKey(org, a, v), false);
        });
        return out;
    }

    private static void stage(Map<ValueKey, Map<String, Boolean>> level, ValueKey k, String node, boolean holds) {
        level.computeIfAbsent(k, x -> new HashMap<>()).put(node, holds);
    }

    /** {@code later}'s writes after {@code into}'s: a pair written by both ends as {@code later} wrote it. */
    private static void merge(Map<ValueKey, Map<String, Boolean>> later, Map<ValueKey, Map<String, Boolean>> into) {
        for (Map.Entry<ValueKey, Map<String, Boolean>> e : later.entrySet()) {
            into.computeIfAbsent(e.getKey(), x -> new HashMap<>()).putAll(e.getValue());
        }
    }

    // ------------------------------------------------------------------ transaction boundaries

    void savepoint() {
        if (pending != null) lost.addAll(pending.keySet()); // a failed apply of the level below: not undone by this one's rollback
        pending = null;
        staged.push(new HashMap<>());
    }

    void releaseSavepoint() {
        if (pending != null) lost.addAll(pending.keySet());
        pending = null;
        Map<ValueKey, Map<String, Boolean>> top = staged.pop();
        merge(top, staged.peek());
    }

    /** The savepoint's writes are undone — a failed apply's too, which ran in it: forgotten; the values stay dirty. */
    void rollbackToSavepoint() {
        pending = null;
        staged.pop();
    }

    /** The transaction is durable: the held sets take its writes; a set whose writes are not all known is dropped. */
    void committed() {
        if (pending != null) lost.addAll(pending.keySet());
        Map<ValueKey, Map<String, Boolean>> all = new HashMap<>();
        // outermost first, so that a later level's write wins
        List<Map<ValueKey, Map<String, Boolean>>> levels = new ArrayList<>(staged);
        for (int i = levels.size() - 1; i >= 0; i--) merge(levels.get(i), all);
        for (Map.Entry<ValueKey, Map<String, Boolean>> e : all.entrySet()) {
            SortedSet<String> held = remove(e.getKey());
            if (held == null || lost.contains(e.getKey())) continue;
            SortedSet<String> next = new TreeSet<>(held);
            e.getValue().forEach((node, holds) -> {
                if (holds) next.add(node);
                else next.remove(node);
            });
            if (!next.isEmpty()) put(e.getKey(), next); // absence is never cached
        }
        for (ValueKey k : lost) remove(k);
        endTransaction();
    }

    void rolledBack() {
        endTransaction();
    }

    void clear() {
        sets.clear();
        holders = 0;
        endTransaction();
    }

    private void endTransaction() {
        dirty.clear();
        staged.clear();
        staged.push(new HashMap<>());
        pending = null;
        lost.clear();
    }

    // ------------------------------------------------------------------ the bound

    private void put(ValueKey k, SortedSet<String> set) {
        remove(k);
        sets.put(k, set);
        holders += set.size();
        Iterator<Map.Entry<ValueKey, SortedSet<String>>> eldest = sets.entrySet().iterator();
        while (sets.size() > capacity || holders > (long) HOLDERS_PER_SET * capacity) {
            holders -= eldest.next().getValue().size();
            eldest.remove();
        }
    }

    private SortedSet<String> remove(ValueKey k) {
        SortedSet<String> was = sets.remove(k);
        if (was != null) holders -= was.size();
        return was;
    }
}
