package io.onefold.core.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** A profile's identifier values as the identity graph holds them: current values and aliases, per attribute, sorted. */
public record ProfileIdentifiers(SortedMap<String, SortedSet<String>> current, SortedMap<String, SortedSet<String>> aliases) {
    public static final ProfileIdentifiers NONE = new ProfileIdentifiers(new TreeMap<>(), new TreeMap<>());

    public ProfileIdentifiers {
        current = freeze(current);
        aliases = freeze(aliases);
    }

    public Set<String> current(String attribute) {
        return current.getOrDefault(attribute, Collections.emptySortedSet());
    }

    public Set<String> aliases(String attribute) {
        return aliases.getOrDefault(attribute, Collections.emptySortedSet());
    }

    /** As the wire shows them: attribute → sorted list of values; attributes without values left out. */
    public static SortedMap<String, List<String>> asLists(SortedMap<String, SortedSet<String>> values) {
        SortedMap<String, List<String>> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (!v.isEmpty()) out.put(k, List.copyOf(v));
        });
        return out;
    }

    private static SortedMap<String, SortedSet<String>> freeze(Map<String, ? extends Set<String>> in) {
        TreeMap<String, SortedSet<String>> out = new TreeMap<>();
        in.forEach((k, v) -> {
            if (!v.isEmpty()) out.put(k, Collections.unmodifiableSortedSet(new TreeSet<>(v)));
        });
        return Collections.unmodifiableSortedMap(out);
    }
}
