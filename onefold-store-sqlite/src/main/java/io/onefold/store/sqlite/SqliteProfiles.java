package io.onefold.store.sqlite;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.error.IdentifierConflictException;
import io.onefold.core.identity.GraphChanges;
import io.onefold.core.identity.IdentifierKey;
import io.onefold.core.identity.NodeState;
import io.onefold.core.identity.ProfileView;
import io.onefold.core.json.CanonicalJson;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.store.ChangeEvent;
import io.onefold.store.ClusterCache;
import io.onefold.store.Clusters;
import io.onefold.store.Fragment;
import io.onefold.store.IdentifierEntryChanges;
import io.onefold.store.ProfileWrites;
import io.onefold.store.StoreCodec;
import io.onefold.store.jdbc.ClusterRows;
import io.onefold.store.jdbc.JdbcProfileReads;
import io.onefold.store.jdbc.ProfileQueries;
import io.onefold.store.jdbc.SearchIndex;
import io.onefold.store.jdbc.Statements;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Profiles on the writer's connection, inside the session's transaction: the write pipeline's clusters and the change
 * stream.
 *
 * <p>Cluster reads (owners, records, holders of shared values, whole clusters) go through the writer's
 * {@link ClusterCache} first, and every write tells the cache what it changed (see {@link SqliteWriteSession} for when
 * the cache is dropped).
 */
final class SqliteProfiles extends JdbcProfileReads implements ProfileWrites {
    /** Tests set it: every read the cache answers is read from the database too, and a difference is an error. */
    private static final boolean VERIFY = Boolean.getBoolean("onefold.cache.verify");
    private final Statements s;
    private final ClusterCache cache;
    /** The single writer runs each row's statement at once. */
    private final ClusterRows.Sink atOnce = new ClusterRows.Sink() {
        @Override
        public PreparedStatement statement(String sql) throws SQLException {
            return s.prepare(sql);
        }

        @Override
        public void row(PreparedStatement ps) throws SQLException {
            ps.executeUpdate();
        }
    };

    /** The session's profile rows written in the open transaction (organization → ids). */
    private final Map<String, Set<String>> rowsWritten;

    SqliteProfiles(Statements writer, ClusterCache cache, Map<String, Set<String>> rowsWritten) {
        super(Sql.inTransaction(writer));
        this.s = writer;
        this.cache = cache;
        this.rowsWritten = rowsWritten;
    }

    private void rowWritten(String org, String id) {
        rowsWritten.computeIfAbsent(org, o -> new HashSet<>()).add(id);
    }

    // ------------------------------------------------------------------ cluster reads: the cache first

    @Override
    public Optional<String> ownerOf(String org, String attribute, String value) {
        String cached = cache.owner(org, attribute, value);
        if (cached == null) return super.ownerOf(org, attribute, value);
        if (VERIFY) verify("owner of a value", Optional.of(cached), super.ownerOf(org, attribute, value));
        return Optional.of(cached);
    }

    @Override
    public Set<String> sharedOwners(String org, String attribute, String value) {
        Set<String> cached = cache.sharedOwners(org, attribute, value);
        if (cached == null) {
            Set<String> read = super.sharedOwners(org, attribute, value);
            cache.fillShared(org, attribute, value, read);
            return read;
        }
        if (VERIFY) verify("holders of a shared value", cached, super.sharedOwners(org, attribute, value));
        return cached;
    }

    @Override
    public Optional<String> recordOwner(String org, SourceRecordKey key) {
        String cached = cache.recordOwner(org, key);
        if (cached == null) return super.recordOwner(org, key);
        if (VERIFY) verify("owner of a record", Optional.of(cached), super.recordOwner(org, key));
        return Optional.of(cached);
    }

    @Override
    public Map<IdentifierKey, String> owners(String org, Collection<IdentifierKey> values) {
        return cacheFirst("owners of values", values, k -> cache.owner(org, k.attribute(), k.value()), keys -> super.owners(org, keys), (keys, read) -> {});
    }

    @Override
    public Map<IdentifierKey, Set<String>> sharedOwners(String org, Collection<IdentifierKey> values) {
        return cacheFirst("holders of shared values", values, k -> cache.sharedOwners(org, k.attribute(), k.value()), keys -> super.sharedOwners(org, keys),
                // a value nobody holds is a complete answer too: the cache keeps it as an empty set of holders
                (keys, read) -> keys.forEach(k -> cache.fillShared(org, k.attribute(), k.value(), read.getOrDefault(k, Set.of()))));
    }

    @Override
    public Map<SourceRecordKey, String> recordOwners(String org, Collection<SourceRecordKey> keys) {
        return cacheFirst("owners of records", keys, k -> cache.recordOwner(org, k), missing -> super.recordOwners(org, missing), (missing, read) -> {});
    }

    /**
     * A set-based read, the cache first: {@code cached} answers a key it knows (null: unknown), one {@code read} of the
     * database answers the rest, and {@code learned} hands the cache what that read found. A cached "nobody" (an empty
     * set of holders) is left out of the answer, as the database leaves it out.
     */
    private <K, V> Map<K, V> cacheFirst(String what, Collection<K> keys, Function<K, V> cached, Function<Collection<K>, Map<K, V>> read,
                                        java.util.function.BiConsumer<List<K>, Map<K, V>> learned) {
        Map<K, V> found = HashMap.newHashMap(keys.size());
        List<K> missing = new java.util.ArrayList<>();
        for (K k : keys) {
            V hit = cached.apply(k);
            if (hit == null) missing.add(k);
            else if (!(hit instanceof Collection<?> none && none.isEmpty())) found.put(k, hit);
        }
        if (VERIFY && !found.isEmpty()) verify(what, found, read.apply(found.keySet()));
        if (missing.isEmpty()) return found;
        Map<K, V> fromDatabase = read.apply(missing);
        learned.accept(missing, fromDatabase);
        found.putAll(fromDatabase);
        return found;
    }

    /** The only writer of its data directory (the lock file): nobody to keep away, the clusters as they are. */
    @Override
    public Fragment clusters(String org, Collection<String> seeds, Set<String> missed, boolean mayWait) {
        return fragment(org, seeds);
    }

    @Override
    public Fragment fragment(String org, Collection<String> nodeIds) {
        List<String> missing = new java.util.ArrayList<>();
        Fragment hit = cache.clusters(org, nodeIds, missing);
        if (VERIFY && !hit.nodes().isEmpty()) {
            List<String> ids = hit.nodes().stream().map(NodeState::id).toList();
            Fragment read = super.fragment(org, ids);
            verify("clusters", hit, Clusters.canonical(read.nodes(), read.records(), read.links(), read.rows()));
        }
        if (missing.isEmpty()) return hit;
        Fragment read = super.fragment(org, missing);
        cache.fill(org, read);
        return hit.nodes().isEmpty() ? read : Clusters.join(List.of(hit, read));
    }

    private static void verify(String what, Object cached, Object stored) {
        if (cached instanceof Fragment c && stored instanceof Fragment d && !c.equals(d)) {
            // name the first part that differs: the whole fragments print alike when only a JSON node's type differs
            List<Object> a = new java.util.ArrayList<>(List.of(c.nodes(), c.records(), c.links(), c.rows().values()));
            List<Object> b = new java.util.ArrayList<>(List.of(d.nodes(), d.records(), d.links(), d.rows().values()));
            for (int i = 0; i < a.size(); i++) {
                List<?> x = new java.util.ArrayList<>((Collection<?>) a.get(i));
                List<?> y = new java.util.ArrayList<>((Collection<?>) b.get(i));
                for (int j = 0; j < Math.min(x.size(), y.size()); j++) {
                    if (!x.get(j).equals(y.get(j))) verify(what + ", part " + i + ", element " + j, x.get(j), y.get(j));
                }
            }
        }
        if (!cached.equals(stored)) {
            throw new IllegalStateException("the writer's cluster cache differs from the database (" + what + "):\ncached: " + cached + "\nstored: " + stored);
        }
    }

    // ------------------------------------------------------------------ clusters

    @Override
    public void apply(String org, Fragment before, GraphChanges changes, Set<String> nonLinking, Set<String> searchable, Instant now) {
        Set<String> touched = cache.writing(org, before, changes, nonLinking);
        Sql.run(() -> {
            Map<SourceRecordKey, String> owners = new HashMap<>();
            for (NodeState n : before.nodes()) n.records().forEach(k -> owners.put(k, n.id()));
            // who held each record when it was read: a record rewritten to the same profile updates its body alone
            Map<SourceRecordKey, String> held = new HashMap<>(owners);
            for (NodeState n : changes.nodes()) n.records().forEach(k -> owners.put(k, n.id()));

            Set<String> written = new HashSet<>();
            for (NodeState n : changes.nodes()) {
                ProfileView view = changes.profiles().get(n.id());
                writeNode(org, n, view, now);
                written.add(n.id());
            }
            for (ProfileView view : changes.profiles().values()) {
                if (!written.contains(view.profileId())) updateGolden(org, view, now);
            }
            // identifier entries: deletions first, then kind changes and new values in key order (the unique key decides)
            IdentifierEntryChanges entries = IdentifierEntryChanges.of(before, changes);
            for (IdentifierEntryChanges.Entry e : entries.deleted()) deleteEntry(org, e, nonLinking);
            for (IdentifierEntryChanges.Entry e : entries.written()) writeEntry(org, e, nonLinking);
            for (SourceRecord r : changes.records()) {
                String owner = Objects.requireNonNull(owners.get(r.key()), "record without owner");
                if (owner.equals(held.get(r.key()))) {
                    // the same profile's record: its body alone, so records_by_profile (keyed by the owner) is not
                    // rewritten — one random index page fewer per update of a known customer
                    PreparedStatement ps = s.prepare("UPDATE records SET body = ? WHERE org = ? AND source = ? AND record_key = ?");
                    ps.setString(1, StoreCodec.record(r));
                    ps.setString(2, org);
                    ps.setString(3, r.source());
                    ps.setString(4, StoreCodec.recordKey(r.key()));
                    if (ps.executeUpdate() == 1) continue;
                }
                PreparedStatement ps = s.prepare(ClusterRows.UPSERT_RECORD);
                ClusterRows.bindRecord(ps, org, r, owner);
                ps.executeUpdate();
            }
            ClusterRows.deletedRecordsAndLinks(s, atOnce, org, changes);
            ClusterRows.matchKeys(s, atOnce, org, changes, held.keySet());
            SearchIndex.write(atOnce, org, before, changes, searchable);
        });
        cache.written(org, before, changes, touched, now);
    }

    private void deleteEntry(String org, IdentifierEntryChanges.Entry e, Set<String> nonLinking) throws SQLException {
        PreparedStatement ps = s.prepare(nonLinking.contains(e.attribute()) ? ClusterRows.DELETE_SHARED_IDENTIFIER : ClusterRows.DELETE_IDENTIFIER);
        ClusterRows.bindEntry(ps, 1, org, e);
        ps.executeUpdate();
    }

    private void writeEntry(String org, IdentifierEntryChanges.Entry e, Set<String> nonLinking) throws SQLException {
        String profileId = e.nodeId(), attribute = e.attribute(), value = e.value();
        if (nonLinking.contains(attribute)) {
            PreparedStatement ps = s.prepare("INSERT OR IGNORE INTO shared_identifiers (org, attribute, value, profile_id) VALUES (?, ?, ?, ?)");
            ClusterRows.bindEntry(ps, 1, org, e);
            ps.executeUpdate();
            return;
        }
        if (e.previousKind() != null) {
            PreparedStatement ps = s.prepare(ClusterRows.UPDATE_IDENTIFIER_KIND);
            ClusterRows.bindKind(ps, org, e);
            ps.executeUpdate();
            return;
        }
        PreparedStatement ps = s.prepare("INSERT INTO identifiers (org, attribute, value, profile_id, kind) VALUES (?, ?, ?, ?, ?)");
        ps.setString(ClusterRows.bindEntry(ps, 1, org, e), e.kind());
        try {
            ps.executeUpdate();
        } catch (SQLiteException refused) {
            if (refused.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY || refused.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE) {
                String holder = ProfileQueries.ownerOf(s, org, attribute, value).orElse("another profile");
                throw new IdentifierConflictException(attribute, List.of(profileId, holder), "the value of '" + attribute + "' already identifies profile " + holder);
            }
            throw refused;
        }
    }

    private void writeNode(String org, NodeState n, ProfileView view, Instant now) throws SQLException {
        PreparedStatement ps = s.prepare(ClusterRows.UPSERT_NODE);
        ClusterRows.bindNode(s, ps, org, n, view, now);
        ps.executeUpdate();
        rowWritten(org, n.id());
    }

    @Override
    public void updateGolden(String org, ProfileView view, Instant now) {
        cache.invalidate(org, List.of(view.profileId()));
        Sql.run(() -> {
            PreparedStatement ps = s.prepare(ClusterRows.UPDATE_GOLDEN);
            ClusterRows.bindGolden(s, ps, org, view, now);
            ps.executeUpdate();
        });
        rowWritten(org, view.profileId());
    }

    @Override
    public void reindex(String org, String profileId, ObjectNode golden, Set<String> searchable) {
        Sql.run(() -> SearchIndex.reindex(s, atOnce, org, profileId, golden, searchable));
    }

    @Override
    public void dropSearchIndex(String org, Set<String> keep) {
        Sql.run(() -> SearchIndex.dropExcept(s, org, keep));
    }

    // ------------------------------------------------------------------ the change stream

    @Override
    public long appendChange(ChangeEvent e) {
        return Sql.call(() -> {
            // no RETURNING: nobody reads the position here (readers see it at commit), and the driver's result set costs a
            // statement reset per event
            PreparedStatement ps = s.prepare("INSERT INTO changes (org, profile_id, type, at, payload) VALUES (?, ?, ?, ?, ?)");
            ps.setString(1, e.organization());
            ps.setString(2, e.profileId());
            ps.setString(3, e.type());
            ps.setString(4, e.at().toString());
            ps.setString(5, CanonicalJson.of(e.payload()));
            ps.executeUpdate();
            return 0L;
        });
    }

    @Override
    public Set<String> rewriteChanges(String org, Collection<String> profileIds, Function<ChangeEvent, ObjectNode> rewrite) {
        return Sql.call(() -> {
            Set<String> changed = new TreeSet<>();
            // this transaction's own events are already rows: one pass covers them too
            for (ChangeEvent e : s.dialect().history(s, org, profileIds, Integer.MAX_VALUE)) {
                String next = CanonicalJson.of(rewrite.apply(e));
                if (next.equals(CanonicalJson.of(e.payload()))) continue;
                PreparedStatement u = s.prepare("UPDATE changes SET payload = ? WHERE position = ?");
                u.setString(1, next);
                u.setLong(2, e.position());
                u.executeUpdate();
                changed.add(e.profileId());
            }
            return changed;
        });
    }

    @Override
    public int purgeChanges(String org, Instant before) {
        return Sql.call(() -> {
            PreparedStatement ps = s.prepare("DELETE FROM changes WHERE org = ? AND at < ?");
            ps.setString(1, org);
            ps.setString(2, before.toString());
            return ps.executeUpdate();
        });
    }
}
