package io.onefold.store;

import io.onefold.core.identity.GraphChanges;
import io.onefold.core.identity.NodeState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The identifier rows a cluster change writes, worked out once for every store from the nodes as loaded and as
 * changed: the entries a node no longer holds — deleted first, so that a value moving between two nodes of one change
 * is free again before it is claimed — then the new and changed ones, in key order (a batch of many profiles then
 * walks the identifier index in order instead of jumping around it). The store decides the table by the attribute
 * (a non-linking one's values go to the shared table) and how to send the statements.
 */
public final class IdentifierEntryChanges {
    /** One row: a node holds {@code value} of {@code attribute} as {@code kind} (CURRENT or ALIAS); {@code previousKind} null when it did not. */
    public record Entry(String nodeId, String attribute, String value, String kind, String previousKind) {}

    private final List<Entry> deleted = new ArrayList<>();
    private final List<Entry> written = new ArrayList<>();

    private IdentifierEntryChanges() {}

    public static IdentifierEntryChanges of(Fragment before, GraphChanges changes) {
        IdentifierEntryChanges out = new IdentifierEntryChanges();
        Map<String, NodeState> old = new HashMap<>();
        before.nodes().forEach(n -> old.put(n.id(), n));
        TreeMap<String, Entry> writes = new TreeMap<>();
        for (NodeState n : changes.nodes()) {
            Map<String, String> was = entries(old.get(n.id()));
            Map<String, String> is = entries(n);
            for (var e : was.entrySet()) {
                if (is.containsKey(e.getKey())) continue;
                String[] av = split(e.getKey());
                out.deleted.add(new Entry(n.id(), av[0], av[1], e.getValue(), e.getValue()));
            }
            for (var e : is.entrySet()) {
                String previous = was.get(e.getKey());
                if (Objects.equals(previous, e.getValue())) continue;
                String[] av = split(e.getKey());
                writes.put(e.getKey() + '\u0000' + n.id(), new Entry(n.id(), av[0], av[1], e.getValue(), previous));
            }
        }
        out.written.addAll(writes.values());
        return out;
    }

    /** The rows to delete (each with the kind it had). */
    public List<Entry> deleted() {
        return deleted;
    }

    /** The rows to insert ({@code previousKind} null) or whose kind changes, in key order. */
    public List<Entry> written() {
        return written;
    }

    /** attribute + '\u0000' + value → CURRENT | ALIAS, for a node (none for null). */
    private static Map<String, String> entries(NodeState n) {
        if (n == null) return new HashMap<>();
        int size = 0;
        for (var vs : n.current().values()) size += vs.size();
        for (var vs : n.aliases().values()) size += vs.size();
        Map<String, String> out = HashMap.newHashMap(size);
        n.current().forEach((a, vs) -> vs.forEach(v -> out.put(a + '\u0000' + v, "CURRENT")));
        n.aliases().forEach((a, vs) -> vs.forEach(v -> out.put(a + '\u0000' + v, "ALIAS")));
        return out;
    }

    private static String[] split(String entry) {
        int i = entry.indexOf('\u0000');
        return new String[] {entry.substring(0, i), entry.substring(i + 1)};
    }
}
