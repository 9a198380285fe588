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
 */
final class ChangeTracker {
    private final IdentityIndex index;
    private final GoldenCache golden;

    // what was loaded (or last reported by changes()): the baseline that changes() compares against
    private final Map<String, NodeState> baselineNodes = new HashMap<>();
    private final Map<SourceRecordKey, SourceRecord> baselineRecords = new HashMap<>();
    private final Map<String, IdentityLink> baselineLinks = new HashMap<>();

    ChangeTracker(IdentityIndex index, GoldenCache golden) {
        this.index = index;
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
        for (IdentityLink l : index.loadLinks(loadedLinks)) baselineLinks.put(l.id(), l);
        // golden profiles of loaded clusters are resolved on demand (GoldenCache.of): an upsert usually needs only one
    }

    GraphChanges changes() {
        List<NodeState> changedNodes = new ArrayList<>();
        Set<String> touchedRoots = new TreeSet<>();
        for (ProfileNode n : index.nodes()) {
            NodeState now = n.state();
            if (!now.equals(baselineNodes.get(n.id))) {
                changedNodes.add(now);
                baselineNodes.put(n.id, now);
                touchedRoots.add(n.id);
            }
        }
        List<SourceRecord> changedRecords = new ArrayList<>();
        for (SourceRecord r : index.records()) {
            if (!r.equals(baselineRecords.get(r.key()))) {
                changedRecords.add(r);
                baselineRecords.put(r.key(), r);
                String owner = index.recordOwner(r.key());
                if (owner != null) touchedRoots.add(owner);
            }
        }
        List<SourceRecordKey> deleted = new ArrayList<>();
        for (SourceRecordKey k : List.copyOf(baselineRecords.keySet())) {
            if (index.record(k) == null) {
                deleted.add(k);
                baselineRecords.remove(k);
            }
        }
        List<IdentityLink> changedLinks = new ArrayList<>();
        for (IdentityLink l : index.links()) {
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
        return new GraphChanges(changedNodes, changedRecords, deleted, changedLinks, roots);
    }
}
