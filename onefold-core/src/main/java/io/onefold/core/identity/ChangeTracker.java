package io.onefold.core.identity;

import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a store must write: the graph's state as loaded (or as last reported) is the baseline, and {@link #changes}
 * reports every node, record and link that differs from it, then moves the baseline.
 *
 * <p>Only what operations touched since is compared: the {@link IdentityIndex} and {@link IdentityLinks} note every
 * node, record and link they change, and anything not noted equals its baseline (loading sets both alike). So one
 * operation on a graph holding thousands of clusters (a bulk batch) costs what it touched, not the graph.
 */
final class ChangeTracker {
    private final IdentityIndex index;
    private final IdentityLinks links;
    private final GoldenCache golden;

    // what was loaded (or last reported by changes()): the baseline that changes() compares against
    private final Map<String, NodeState> baselineNodes = new HashMap<>();
    private final Map<SourceRecordKey, SourceRecord> baselineRecords = new HashMap<>();
    private final Map<String, IdentityLink> baselineLinks = new HashMap<>();
    private long compared; // rows compared with the baseline, ever: tests check that it follows what was touched

    ChangeTracker(IdentityIndex index, IdentityLinks links, GoldenCache golden) {
        this.index = index;
        this.links = links;
        this.golden = golden;
    }

    /** Adds stored clusters to the graph; what is loaded becomes the baseline. A node held already is left as it is. */
    void load(Collection<NodeState> states, Collection<SourceRecord> loadedRecords, Collection<IdentityLink> loadedLinks) {
        for (NodeState s : states) {
            if (index.load(s)) baselineNodes.put(s.id(), s);
        }
        for (SourceRecord r : loadedRecords) {
            index.load(r);
            baselineRecords.put(r.key(), r);
        }
        for (IdentityLink l : links.load(loadedLinks)) baselineLinks.put(l.id(), l);
        // golden profiles of loaded clusters are resolved on demand (GoldenCache.of): an upsert usually needs only one
    }

    GraphChanges changes() {
        List<NodeState> changedNodes = new ArrayList<>();
        Set<String> touchedRoots = new TreeSet<>();
        for (String id : index.takeTouchedNodes()) {
            NodeState now = index.node(id).state();
            compared++;
            if (!now.equals(baselineNodes.get(id))) {
                changedNodes.add(now);
                baselineNodes.put(id, now);
                touchedRoots.add(id);
            }
        }
        List<SourceRecord> changedRecords = new ArrayList<>();
        List<SourceRecordKey> deleted = new ArrayList<>();
        CandidateIndex candidates = index.candidates();
        Map<SourceRecordKey, List<String>> matchKeys = candidates.active() ? new TreeMap<>() : Map.of();
        for (SourceRecordKey k : index.takeTouchedRecords()) {
            SourceRecord r = index.record(k);
            compared++;
            if (r == null) {
                if (baselineRecords.remove(k) != null) {
                    deleted.add(k);
                    if (candidates.active()) matchKeys.put(k, List.of());
                }
            } else if (!r.equals(baselineRecords.get(k))) {
                changedRecords.add(r);
                SourceRecord was = baselineRecords.put(k, r);
                if (candidates.active()) {
                    // most updates leave the compared attributes alone: the store rewrites a record's keys only when they moved
                    if (was == null || candidates.keysMayDiffer(was, r)) {
                        List<String> keys = candidates.keys(r);
                        if (was == null ? !keys.isEmpty() : !keys.equals(candidates.keys(was))) matchKeys.put(k, keys);
                    }
                }
                String owner = index.recordOwner(k);
                if (owner != null) touchedRoots.add(owner);
            }
        }
        List<IdentityLink> changedLinks = new ArrayList<>();
        List<IdentityLink> all = links.all();
        for (int position : links.takeTouched()) { // ascending: the links' order
            IdentityLink l = all.get(position);
            compared++;
            if (!l.equals(baselineLinks.get(l.id()))) {
                changedLinks.add(l);
                baselineLinks.put(l.id(), l);
            }
        }
        Map<String, ProfileView> roots = new TreeMap<>();
        for (String id : touchedRoots) {
            ProfileNode n = index.node(id);
            if (n.status == ProfileStatus.ERASED) continue;
            String root = index.root(id);
            if (index.node(root).status == ProfileStatus.ACTIVE) roots.put(root, golden.view(root, null));
        }
        changedNodes.sort(Comparator.comparing(NodeState::id));
        changedRecords.sort(Comparator.comparing(SourceRecord::key));
        deleted.sort(null);
        return new GraphChanges(changedNodes, changedRecords, deleted, changedLinks, roots, matchKeys);
    }

    /** How many nodes, records and links {@link #changes} compared with the baseline, over all calls. */
    long compared() {
        return compared;
    }
}
