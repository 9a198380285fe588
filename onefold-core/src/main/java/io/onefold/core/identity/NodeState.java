package io.onefold.core.identity;

import io.onefold.core.model.SourceRecordKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A profile node as a store keeps it: its status, where it was absorbed, the identifier values it owns and the
 * records it owns. Value equality lets {@link IdentityGraph#changes()} find exactly what an operation changed.
 */
public record NodeState(String id, Instant createdAt, ProfileStatus status, String survivorId, List<String> absorbed,
                        SortedMap<String, SortedSet<String>> current, SortedMap<String, SortedSet<String>> aliases,
                        Set<SourceRecordKey> records, long version) {
    public NodeState {
        absorbed = List.copyOf(absorbed);
        current = copy(current);
        aliases = copy(aliases);
        records = Set.copyOf(new TreeSet<>(records));
    }

    /** From mutable working state, copied. */
    public static NodeState of(String id, Instant createdAt, ProfileStatus status, String survivorId, List<String> absorbed,
                               Map<String, ? extends Set<String>> current, Map<String, ? extends Set<String>> aliases,
                               Set<SourceRecordKey> records, long version) {
        return new NodeState(id, createdAt, status, survivorId, absorbed, copy(current), copy(aliases), records, version);
    }

    private static SortedMap<String, SortedSet<String>> copy(Map<String, ? extends Set<String>> in) {
        SortedMap<String, SortedSet<String>> out = new TreeMap<>();
        in.forEach((k, v) -> {
            if (!v.isEmpty()) out.put(k, java.util.Collections.unmodifiableSortedSet(new TreeSet<>(v)));
        });
        return java.util.Collections.unmodifiableSortedMap(out);
    }
}
