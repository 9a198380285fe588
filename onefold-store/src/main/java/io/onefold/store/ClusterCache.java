package io.onefold.store;

import io.onefold.core.identity.GraphChanges;
import io.onefold.core.identity.IdentityLink;
import io.onefold.core.identity.NodeState;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;

/**
 * The write session's exact cache of decoded clusters: what lets a hot customer's upsert skip the database reads
 * (owner lookups, cluster load, JSON decoding) that cost a fifth of the writer's time.
 *
 * <h2>Why it is exact</h2>
 * It is owned by the one write session of a store that has one writer (Kafka Streams' state stores and SQLite's own
 * page cache are the models) and it only ever holds <em>committed</em> state:
 * <ul>
 *   <li>a cluster read from the database enters at once only if nothing in the open transaction wrote any of its
 *       members — then what was read is what is committed, whatever the transaction does next;</li>
 *   <li>what a transaction writes ({@link #applied}) marks its nodes dirty — reads of them bypass the cache until the
 *       transaction ends — and stages the clusters as the store now holds them; a savepoint rolled back drops what it
 *       staged (its nodes stay dirty); the commit replaces the cached clusters by the staged ones, a rollback
 *       forgets them;</li>
 *   <li>anything the cache cannot follow (another process's commit, a write it is not told about in detail) clears
 *       it: {@link #clear}, {@link #invalidate}.</li>
 * </ul>
 * Evicting costs only a read. A lookup that finds nothing here ("no owner known") always asks the database: absence
 * is never cached. Single-threaded: the writer's thread only.
 *
 * <p>Beside the clusters it keeps the complete sets of holders of non-linking values (a household phone's family),
 * which follow the store's rows rather than the cached clusters: {@link SharedValueHolders}.
 */
public final class ClusterCache {
    private final int capacity;
    /** root key → the cluster as stored; access order: the eldest is evicted first. */
    private final LinkedHashMap<NodeKey, Fragment> clusters = new LinkedHashMap<>(1024, 0.75f, true);
    /** member → root of the cached cluster holding it. */
    private final Map<NodeKey, NodeKey> rootOf = new HashMap<>();
    /** org, attribute, value → the member holding that linking value (current or alias). */
    private final Map<ValueKey, String> owners = new HashMap<>();
    /** org, record → the member owning that record. */
    private final Map<RecordRef, String> recordOwners = new HashMap<>();

    // keys of the indexes: records, so that the strings' cached hash codes serve (no concatenation per lookup)
    private record NodeKey(String org, String id) {}

    private record ValueKey(String org, String attribute, String value) {}

    private record RecordRef(String org, SourceRecordKey key) {}
    /** Per organization, the attributes whose values link nobody (they are not in {@link #owners}). */
    private final Map<String, Set<String>> nonLinking = new HashMap<>();
    private final SharedValueHolders shared;

    // the open transaction
    private final Set<NodeKey> dirty = new HashSet<>();
    /** Clusters staged by each savepoint level (the first: the transaction itself), root → cluster. */
    private final Deque<Map<NodeKey, Fragment>> staged = new ArrayDeque<>();
    private boolean clearAtCommit;
    /** The store's counter of other connections' commits when last read ({@link #databaseVersion}). */
    private long databaseVersion = Long.MIN_VALUE;
    // written by the writer's thread only; volatile so that a metrics scrape on another thread reads them whole
    private volatile long hits;
    private volatile long misses;
    private volatile int size;

    /** @param capacity clusters kept; 0 disables the cache (every read goes to the database). */
    public ClusterCache(int capacity) {
        if (capacity < 0) throw new IllegalArgumentException("capacity must be 0 or more");
        this.capacity = capacity;
        this.shared = new SharedValueHolders(capacity);
        staged.push(new HashMap<>());
    }

    public int capacity() {
        return capacity;
    }

    /** Clusters held now (readable from any thread). */
    public int size() {
        return size;
    }

    /** Reads answered here, and reads that had to go to the database, since the cache was made. */
    public long hits() {
        return hits;
    }

    public long misses() {
        return misses;
    }

    // ------------------------------------------------------------------ reads (null / misses: ask the database)

    /** The node holding a linking identifier value, when known here; null otherwise. */
    public String owner(String org, String attribute, String value) {
        if (clearAtCommit) return null;
        String node = owners.get(valueKey(org, attribute, value));
        if (node == null || dirty.contains(key(org, node))) {
            misses++;
            return null;
        }
        hits++;
        return node;
    }

    /** The node owning a source record, when known here; null otherwise. */
    public String recordOwner(String org, SourceRecordKey k) {
        if (clearAtCommit) return null;
        String node = recordOwners.get(recordKey(org, k));
        if (node == null || dirty.contains(key(org, node))) {
            misses++;
            return null;
        }
        hits++;
        return node;
    }

    /** Every profile holding a non-linking identifier value, when the complete set is known here; null otherwise. */
    public SortedSet<String> sharedOwners(String org, String attribute, String value) {
        if (clearAtCommit) return null;
        SortedSet<String> found = shared.holders(org, attribute, value);
        if (found == null) misses++;
        else hits++;
        return found;
    }

    /**
     * The cached clusters of {@code ids}, joined; the ids whose cluster is not here (or was written by the open
     * transaction) are added to {@code missing}.
     */
    public Fragment clusters(String org, Collection<String> ids, Collection<String> missing) {
        List<Fragment> found = new ArrayList<>();
        Set<NodeKey> roots = new HashSet<>();
        for (String id : ids) {
            NodeKey root = clearAtCommit ? null : rootOf.get(key(org, id));
            Fragment cluster = root == null ? null : clusters.get(root);
            if (cluster == null || anyDirty(org, cluster)) {
                misses++;
                missing.add(id);
                continue;
            }
            hits++;
            if (roots.add(root)) found.add(cluster);
        }
        return found.isEmpty() ? Fragment.EMPTY : Clusters.join(found);
    }

    private boolean anyDirty(String org, Fragment cluster) {
        if (dirty.isEmpty()) return false;
        for (NodeState n : cluster.nodes()) if (dirty.contains(key(org, n.id()))) return true;
        return false;
    }

    // ------------------------------------------------------------------ what the session read and wrote

    /** Clusters the session read from the database: kept when the open transaction wrote none of their members. */
    public void fill(String org, Fragment read) {
        if (capacity == 0 || clearAtCommit || read.nodes().isEmpty()) return;
        for (Map.Entry<String, Fragment> e : Clusters.split(read).entrySet()) {
            if (!anyDirty(org, e.getValue())) put(org, e.getKey(), e.getValue());
        }
    }

    /** The holders of a non-linking value the session read from the database: kept when the transaction wrote none of its rows. */
    public void fillShared(String org, String attribute, String value, Set<String> read) {
        if (!clearAtCommit) shared.fill(org, attribute, value, read);
    }

    /**
     * The session is about to write {@code changes} over the clusters {@code before} (called before the writes: a write
     * that fails half-way leaves the nodes dirty, never cached). Returns the nodes the write touches, for {@link #written}.
     */
    public Set<String> writing(String org, Fragment before, GraphChanges changes, Set<String> nonLinkingAttributes) {
        Set<String> known = nonLinking.get(org);
        if (known == null) nonLinking.put(org, Set.copyOf(nonLinkingAttributes));
        else if (!known.equals(nonLinkingAttributes)) clearAtCommit = true; // another template: the value index is wrong
        Set<String> touched = touched(before, changes);
        for (String id : touched) dirty.add(key(org, id));
        shared.writing(org, before, changes, nonLinkingAttributes);
        return touched;
    }

    /**
     * After the writes of {@link #writing} succeeded: the clusters as the store now holds them wait for the commit —
     * those the cache held a member of. A cluster made from nothing by this write (a new customer) is not admitted:
     * it enters when it is first read. A bulk load of new customers would otherwise fill the cache with clusters it
     * never reads again, at a cost larger than the reads it saves (docs/benchmarks.md, Bulk).
     */
    public void written(String org, Fragment before, GraphChanges changes, Set<String> touched, Instant now) {
        shared.written();
        if (capacity == 0 || clearAtCommit) return;
        if (!anyCached(org, before) && !anyCached(org, changes.nodes())) return;
        Map<NodeKey, Fragment> level = staged.peek();
        for (Map.Entry<String, Fragment> e : Clusters.split(Clusters.after(before, changes, now)).entrySet()) {
            boolean mine = false;
            boolean known = false;
            for (NodeState n : e.getValue().nodes()) {
                mine |= touched.contains(n.id());
                known |= rootOf.containsKey(key(org, n.id()));
            }
            if (mine && known) level.put(key(org, e.getKey()), e.getValue());
        }
    }

    private boolean anyCached(String org, Fragment f) {
        return anyCached(org, f.nodes());
    }

    private boolean anyCached(String org, Collection<NodeState> nodes) {
        for (NodeState n : nodes) if (rootOf.containsKey(key(org, n.id()))) return true;
        return false;
    }

    /**
     * A write the cache does not follow in detail touched these profiles' rows: they are dropped at the commit. (Not
     * their identifier entries, which only {@link #writing} writes: the sets of holders stay.)
     */
    public void invalidate(String org, Collection<String> ids) {
        for (String id : ids) dirty.add(key(org, id));
    }

    /** Every node an apply changes: changed nodes, active roots re-derived, link ends, record owners before and after. */
    private static Set<String> touched(Fragment before, GraphChanges changes) {
        Set<String> out = new HashSet<>();
        for (NodeState n : changes.nodes()) out.add(n.id());
        out.addAll(changes.profiles().keySet());
        for (IdentityLink l : changes.links()) {
            out.add(l.fromProfileId());
            out.add(l.toProfileId());
        }
        if (!changes.records().isEmpty() || !changes.deletedRecords().isEmpty()) {
            Set<SourceRecordKey> keys = new HashSet<>(changes.deletedRecords());
            for (SourceRecord r : changes.records()) keys.add(r.key());
            for (NodeState n : before.nodes()) for (SourceRecordKey k : n.records()) if (keys.contains(k)) out.add(n.id());
            for (NodeState n : changes.nodes()) for (SourceRecordKey k : n.records()) if (keys.contains(k)) out.add(n.id());
        }
        return out;
    }

    // ------------------------------------------------------------------ transaction boundaries

    public void savepoint() {
        staged.push(new HashMap<>());
        shared.savepoint();
    }

    public void releaseSavepoint() {
        Map<NodeKey, Fragment> top = staged.pop();
        staged.peek().putAll(top);
        shared.releaseSavepoint();
    }

    /** The savepoint's writes are undone: what it staged is forgotten; its nodes stay dirty (dropped at the commit). */
    public void rollbackToSavepoint() {
        staged.pop();
        shared.rollbackToSavepoint();
    }

    /** The transaction is durable: dirty clusters are replaced by what the transaction staged. */
    public void committed() {
        if (clearAtCommit) {
            clear();
            return;
        }
        Map<NodeKey, Fragment> all = new HashMap<>();
        // outermost first, so that a later level's cluster wins
        List<Map<NodeKey, Fragment>> levels = new ArrayList<>(staged);
        for (int i = levels.size() - 1; i >= 0; i--) all.putAll(levels.get(i));
        for (NodeKey member : dirty) {
            NodeKey root = rootOf.get(member);
            if (root != null) remove(root);
        }
        for (Map.Entry<NodeKey, Fragment> e : all.entrySet()) put(e.getKey().org(), e.getKey().id(), e.getValue());
        shared.committed();
        endTransaction();
    }

    /** The transaction was rolled back: the cache still holds committed state; only the bookkeeping goes. */
    public void rolledBack() {
        shared.rolledBack();
        endTransaction();
    }

    /**
     * The store's counter of commits by other connections (SQLite's {@code data_version} on the writer's connection),
     * read as a transaction begins: when it moved since the last reading, whatever session read it, the cache is
     * cleared. Kept here, with the cache it guards, so that a write session opened later on the same connection does
     * not take a foreign commit made between two sessions for its first reading. Returns whether it moved (another
     * connection committed).
     */
    public boolean databaseVersion(long seen) {
        boolean moved = seen != databaseVersion && databaseVersion != Long.MIN_VALUE;
        if (moved) clear();
        databaseVersion = seen;
        return moved;
    }

    /** Forgets everything (another process committed; a write the cache cannot follow). */
    public void clear() {
        clusters.clear();
        rootOf.clear();
        owners.clear();
        recordOwners.clear();
        nonLinking.clear();
        shared.clear();
        size = 0;
        endTransaction();
    }

    private void endTransaction() {
        dirty.clear();
        staged.clear();
        staged.push(new HashMap<>());
        clearAtCommit = false;
    }

    // ------------------------------------------------------------------ the indexes

    private void put(String org, String root, Fragment cluster) {
        if (capacity == 0) return;
        for (NodeState n : cluster.nodes()) {
            NodeKey previous = rootOf.get(key(org, n.id()));
            if (previous != null) remove(previous);
        }
        NodeKey rootKey = key(org, root);
        clusters.put(rootKey, cluster);
        Set<String> shared = nonLinking.get(org);
        for (NodeState n : cluster.nodes()) {
            rootOf.put(key(org, n.id()), rootKey);
            for (SourceRecordKey k : n.records()) recordOwners.put(recordKey(org, k), n.id());
            if (shared == null) continue; // which values link is not known yet: owner lookups ask the database
            n.current().forEach((attribute, values) -> {
                if (!shared.contains(attribute)) for (String v : values) owners.put(valueKey(org, attribute, v), n.id());
            });
            n.aliases().forEach((attribute, values) -> {
                for (String v : values) owners.put(valueKey(org, attribute, v), n.id());
            });
        }
        while (clusters.size() > capacity) remove(clusters.keySet().iterator().next());
        size = clusters.size();
    }

    private void remove(NodeKey rootKey) {
        Fragment cluster = clusters.remove(rootKey);
        if (cluster == null) return;
        size = clusters.size();
        String org = rootKey.org();
        for (NodeState n : cluster.nodes()) {
            rootOf.remove(key(org, n.id()), rootKey);
            for (SourceRecordKey k : n.records()) recordOwners.remove(recordKey(org, k), n.id());
            n.current().forEach((attribute, values) -> {
                for (String v : values) owners.remove(valueKey(org, attribute, v), n.id());
            });
            n.aliases().forEach((attribute, values) -> {
                for (String v : values) owners.remove(valueKey(org, attribute, v), n.id());
            });
        }
    }

    private static NodeKey key(String org, String id) {
        return new NodeKey(org, id);
    }

    private static ValueKey valueKey(String org, String attribute, String value) {
        return new ValueKey(org, attribute, value);
    }

    private static RecordRef recordKey(String org, SourceRecordKey k) {
        return new RecordRef(org, k);
    }
}
