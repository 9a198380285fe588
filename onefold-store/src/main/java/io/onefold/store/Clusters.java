package io.onefold.store;

import io.onefold.core.identity.GraphChanges;
import io.onefold.core.identity.IdentityLink;
import io.onefold.core.identity.NodeState;
import io.onefold.core.identity.ProfileStatus;
import io.onefold.core.identity.ProfileView;
import io.onefold.core.model.ProfileIdentifiers;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fragments as sets of whole clusters: what a store holds after {@link WriteSession#apply} wrote a change, split
 * cluster by cluster, and joined back in the order a store reads them. Pure: the {@link ClusterCache} uses it to know
 * what it may serve without asking the database.
 */
public final class Clusters {
    private Clusters() {}

    /** The order a store reads a fragment in: members by id, records by owner then key, links by time then id. */
    public static Fragment canonical(Collection<NodeState> nodes, Collection<SourceRecord> records, Collection<IdentityLink> links,
                                     Map<String, StoredProfile> rows) {
        List<NodeState> n = new ArrayList<>(nodes);
        n.sort(Comparator.comparing(NodeState::id));
        Map<SourceRecordKey, String> owner = HashMap.newHashMap(records.size());
        for (NodeState s : n) for (SourceRecordKey k : s.records()) owner.put(k, s.id());
        List<SourceRecord> r = new ArrayList<>(records);
        if (r.size() > 1) {
            // the store's order: owner, then (source, stored record key); each sort key built once
            Map<SourceRecordKey, String> sortKey = HashMap.newHashMap(r.size());
            for (SourceRecord x : r) sortKey.put(x.key(), owner.getOrDefault(x.key(), "") + '\u0000' + x.key().source() + '\u0000' + StoreCodec.recordKey(x.key()));
            r.sort(Comparator.comparing(x -> sortKey.get(x.key())));
        }
        List<IdentityLink> l;
        if (links.size() <= 1) l = new ArrayList<>(links);
        else {
            Map<String, IdentityLink> byId = new TreeMap<>();
            for (IdentityLink x : links) byId.put(x.id(), x);
            l = new ArrayList<>(byId.values());
            l.sort(Comparator.comparing(IdentityLink::at).thenComparing(IdentityLink::id));
        }
        Map<String, StoredProfile> ordered = new LinkedHashMap<>();
        for (NodeState s : n) {
            StoredProfile row = rows.get(s.id());
            if (row != null) ordered.put(s.id(), row);
        }
        return new Fragment(List.copyOf(n), List.copyOf(r), List.copyOf(l), java.util.Collections.unmodifiableMap(ordered));
    }

    /** Several fragments of disjoint clusters as one, in the store's order. */
    public static Fragment join(Collection<Fragment> parts) {
        if (parts.size() == 1) return parts.iterator().next();
        Map<String, NodeState> nodes = new HashMap<>();
        List<SourceRecord> records = new ArrayList<>();
        List<IdentityLink> links = new ArrayList<>();
        Map<String, StoredProfile> rows = new HashMap<>();
        for (Fragment f : parts) {
            for (NodeState n : f.nodes()) nodes.putIfAbsent(n.id(), n);
            records.addAll(f.records());
            links.addAll(f.links());
            rows.putAll(f.rows());
        }
        Map<SourceRecordKey, SourceRecord> distinct = new LinkedHashMap<>();
        for (SourceRecord r : records) distinct.putIfAbsent(r.key(), r);
        return canonical(nodes.values(), distinct.values(), links, rows);
    }

    /**
     * The whole clusters of {@code f}, one fragment each, keyed by root id. A node whose root or absorbed members are
     * not all in {@code f} belongs to no complete cluster and is left out.
     */
    public static Map<String, Fragment> split(Fragment f) {
        Map<String, NodeState> nodes = new HashMap<>();
        for (NodeState n : f.nodes()) nodes.put(n.id(), n);
        Map<SourceRecordKey, SourceRecord> records = new HashMap<>();
        for (SourceRecord r : f.records()) records.put(r.key(), r);
        Map<String, List<IdentityLink>> linksOf = new HashMap<>();
        for (IdentityLink l : f.links()) {
            linksOf.computeIfAbsent(l.fromProfileId(), k -> new ArrayList<>()).add(l);
            linksOf.computeIfAbsent(l.toProfileId(), k -> new ArrayList<>()).add(l);
        }
        Map<String, Fragment> out = new LinkedHashMap<>();
        for (NodeState n : nodes.values()) {
            if (n.status() == ProfileStatus.ABSORBED) continue;
            List<NodeState> members = new ArrayList<>();
            if (!collect(n.id(), nodes, members)) continue;
            List<SourceRecord> rs = new ArrayList<>();
            boolean complete = true;
            List<IdentityLink> ls = new ArrayList<>();
            Map<String, StoredProfile> rows = new HashMap<>();
            for (NodeState m : members) {
                for (SourceRecordKey k : m.records()) {
                    SourceRecord r = records.get(k);
                    if (r == null) complete = false;
                    else rs.add(r);
                }
                ls.addAll(linksOf.getOrDefault(m.id(), List.of()));
                StoredProfile row = f.rows().get(m.id());
                if (row == null) complete = false;
                else rows.put(m.id(), row);
            }
            if (complete) out.put(n.id(), canonical(members, rs, ls, rows));
        }
        return out;
    }

    /** {@code id} and everything absorbed into it, recursively; false when one of them is not in {@code nodes}. */
    private static boolean collect(String id, Map<String, NodeState> nodes, List<NodeState> out) {
        NodeState n = nodes.get(id);
        if (n == null) return false;
        out.add(n);
        for (String child : n.absorbed()) if (!collect(child, nodes, out)) return false;
        return true;
    }

    /**
     * What a store holds for the nodes of {@code before} and of {@code changes} once {@code changes} is written at
     * {@code now}: the rows as {@link WriteSession#apply} writes them (a changed node's row takes {@code now} as its
     * update time; an active root's row carries its cluster's identifiers and golden record).
     */
    public static Fragment after(Fragment before, GraphChanges changes, Instant now) {
        Map<String, NodeState> nodes = new HashMap<>();
        for (NodeState n : before.nodes()) nodes.put(n.id(), n);
        for (NodeState n : changes.nodes()) nodes.put(n.id(), n);
        Map<SourceRecordKey, SourceRecord> records = new LinkedHashMap<>();
        for (SourceRecord r : before.records()) records.put(r.key(), r);
        for (SourceRecord r : changes.records()) records.put(r.key(), r);
        for (SourceRecordKey k : changes.deletedRecords()) records.remove(k);
        Map<String, IdentityLink> links = new HashMap<>();
        for (IdentityLink l : before.links()) links.put(l.id(), l);
        for (IdentityLink l : changes.links()) links.put(l.id(), l);
        Map<String, StoredProfile> rows = new HashMap<>(before.rows());
        for (NodeState n : changes.nodes()) {
            ProfileView view = changes.profiles().get(n.id());
            boolean active = n.status() == ProfileStatus.ACTIVE && view != null;
            StoredProfile was = rows.get(n.id());
            // an existing row keeps its creation time (the store's upsert does not change it)
            long version = view != null ? view.version() : n.version();
            rows.put(n.id(), new StoredProfile(n.id(), n.status(), n.survivorId(), was != null ? was.createdAt() : n.createdAt(),
                    updatedAt(was, version, now), version,
                    active ? view.identifiers() : ProfileIdentifiers.NONE, active ? view.golden().attributes() : null));
        }
        java.util.Set<String> written = new java.util.HashSet<>();
        for (NodeState n : changes.nodes()) written.add(n.id());
        for (ProfileView view : changes.profiles().values()) {
            if (written.contains(view.profileId())) continue;
            StoredProfile was = rows.get(view.profileId());
            if (was == null) continue;
            rows.put(view.profileId(), new StoredProfile(was.id(), was.status(), was.survivorId(), was.createdAt(),
                    updatedAt(was, view.version(), now), view.version(),
                    view.identifiers(), view.golden().attributes()));
        }
        // a store reads a node's version and creation time from its row
        for (Map.Entry<String, StoredProfile> e : rows.entrySet()) {
            NodeState n = nodes.get(e.getKey());
            StoredProfile row = e.getValue();
            if (n != null && (n.version() != row.version() || !n.createdAt().equals(row.createdAt()))) {
                nodes.put(n.id(), new NodeState(n.id(), row.createdAt(), n.status(), n.survivorId(), n.absorbed(), n.current(), n.aliases(),
                        n.records(), row.version()));
            }
        }
        return canonical(nodes.values(), records.values(), links.values(), rows);
    }

    /** A row's update time moves with its version: a write that changed no version (a record's observed range) keeps it. */
    private static Instant updatedAt(StoredProfile was, long version, Instant now) {
        return was == null || was.version() != version ? now : was.updatedAt();
    }
}
