package io.onefold.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.json.CanonicalJson;
import io.onefold.core.json.ProfileJson;
import io.onefold.core.model.ProfileIdentifiers;
import io.onefold.core.resolution.AttributeLineage;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Compares a profile as held with its rebuild, field by field, so that a failure names the attribute that differs.
 * Values are compared as canonical JSON: what a store writes, so {@code 10} and {@code 10.0} are one value, as stored.
 */
public final class RebuildComparison {
    private RebuildComparison() {}

    /** The golden attributes, one difference per attribute ({@code golden.NAME}); a null {@code held} holds none. */
    public static void golden(String profile, ObjectNode held, ObjectNode rebuilt, List<ProfileDifference> out) {
        fields(profile, "golden.", held, rebuilt, out);
    }

    /** The lineage of each attribute ({@code lineage.NAME}). */
    public static void lineage(String profile, Map<String, AttributeLineage> held, Map<String, AttributeLineage> rebuilt, List<ProfileDifference> out) {
        fields(profile, "lineage.", ProfileJson.lineage(held), ProfileJson.lineage(rebuilt), out);
    }

    /** Current values and aliases, per attribute ({@code identifiers.current.NAME}, {@code identifiers.aliases.NAME}). */
    public static void identifiers(String profile, ProfileIdentifiers held, ProfileIdentifiers rebuilt, List<ProfileDifference> out) {
        values(profile, "identifiers.current.", held.current(), rebuilt.current(), out);
        values(profile, "identifiers.aliases.", held.aliases(), rebuilt.aliases(), out);
    }

    /** A single field ({@code status}, {@code survivor_id}…), compared as text. */
    public static void field(String profile, String field, Object held, Object rebuilt, List<ProfileDifference> out) {
        if (!Objects.equals(held, rebuilt)) out.add(new ProfileDifference(profile, field, String.valueOf(held), String.valueOf(rebuilt)));
    }

    private static void fields(String profile, String prefix, ObjectNode held, ObjectNode rebuilt, List<ProfileDifference> out) {
        Set<String> names = new TreeSet<>();
        if (held != null) held.fieldNames().forEachRemaining(names::add);
        rebuilt.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            String h = canonical(held == null ? null : held.get(name));
            String r = canonical(rebuilt.get(name));
            if (!h.equals(r)) out.add(new ProfileDifference(profile, prefix + name, h, r));
        }
    }

    private static void values(String profile, String prefix, SortedMap<String, SortedSet<String>> held, SortedMap<String, SortedSet<String>> rebuilt,
                               List<ProfileDifference> out) {
        Set<String> names = new TreeSet<>(held.keySet());
        names.addAll(rebuilt.keySet());
        for (String name : names) {
            Set<String> h = held.getOrDefault(name, new TreeSet<>());
            Set<String> r = rebuilt.getOrDefault(name, new TreeSet<>());
            if (!h.equals(r)) out.add(new ProfileDifference(profile, prefix + name, h.isEmpty() ? ProfileDifference.ABSENT : h.toString(),
                    r.isEmpty() ? ProfileDifference.ABSENT : r.toString()));
        }
    }

    private static String canonical(JsonNode value) {
        return value == null ? ProfileDifference.ABSENT : CanonicalJson.of(value);
    }
}
