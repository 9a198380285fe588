package io.onefold.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.identity.IdentifierKey;
import io.onefold.core.json.CanonicalJson;
import io.onefold.core.json.Json;
import io.onefold.core.model.Contribution;
import io.onefold.core.model.ProfileIdentifiers;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** The JSON forms every store uses for the engine's values; one place, so stores agree byte for byte. */
public final class StoreCodec {
    private StoreCodec() {}

    public static JsonNode parse(String text) {
        try {
            return Json.parse(text);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt JSON in the store", e);
        }
    }

    /** {@code r:<source_record_id>} or {@code a:<anchor profile id>}. */
    public static String recordKey(SourceRecordKey key) {
        return key.isImplicit() ? "a:" + key.anchorProfileId() : "r:" + key.sourceRecordId();
    }

    public static SourceRecordKey recordKey(String source, String stored) {
        return stored.startsWith("a:") ? SourceRecordKey.implicit(source, stored.substring(2)) : SourceRecordKey.explicit(source, stored.substring(2));
    }

    /**
     * {"f": first observed, "l": last observed, "c": {attribute: {"v": value, "t": observed_at, "x": explicit}}}; no "v" =
     * retracted, and "i": true = an implied retraction (replace_all omitted an attribute the record never sent); no "t" =
     * observed at "l" — most of a record's contributions came with its last observation, and the timestamp repeated for
     * each was a third of a CRM record's bytes. (Bodies stored before carry every "t", and read the same.)
     * Written straight as canonical text (keys in sorted order, each value's canonical form as its contribution holds it)
     * rather than as a tree canonicalized afterwards: this runs for every record the writer saves.
     */
    public static String record(SourceRecord record) {
        Map<String, Contribution> contributions = record.contributions();
        String[] names = contributions.keySet().toArray(new String[0]);
        Arrays.sort(names);
        StringBuilder out = new StringBuilder(32 + 64 * names.length);
        // a record's contributions mostly share a few observation times: format each once
        InstantText times = new InstantText();
        out.append("{\"c\":{");
        for (int i = 0; i < names.length; i++) {
            Contribution c = contributions.get(names[i]);
            if (i > 0) out.append(',');
            CanonicalJson.quote(names[i], out);
            out.append(':').append('{');
            int fields = out.length();
            if (c.implied()) out.append("\"i\":true");
            if (!c.observedAt().equals(record.lastObservedAt())) {
                if (out.length() > fields) out.append(',');
                out.append("\"t\":\"").append(times.of(c.observedAt())).append('"');
            }
            if (!c.retracted()) {
                if (out.length() > fields) out.append(',');
                out.append("\"v\":").append(c.canonical());
            }
            if (c.explicit()) {
                if (out.length() > fields) out.append(',');
                out.append("\"x\":true");
            }
            out.append('}');
        }
        out.append('}');
        if (record.firstObservedAt() != null) out.append(",\"f\":\"").append(times.of(record.firstObservedAt())).append('"');
        if (record.lastObservedAt() != null) out.append(",\"l\":\"").append(times.of(record.lastObservedAt())).append('"');
        return out.append('}').toString();
    }

    /** {@link Instant#toString} remembering the last instant it formatted. */
    private static final class InstantText {
        private Instant instant;
        private String text;

        String of(Instant t) {
            if (!t.equals(instant)) {
                instant = t;
                text = t.toString();
            }
            return text;
        }
    }

    public static SourceRecord record(SourceRecordKey key, String body) {
        JsonNode n = parse(body);
        Instant last = n.has("l") ? Instant.parse(n.get("l").textValue()) : null;
        Map<String, Contribution> contributions = new HashMap<>();
        n.path("c").fields().forEachRemaining(e -> {
            JsonNode c = e.getValue();
            Instant t = c.has("t") ? Instant.parse(c.get("t").textValue()) : last;
            contributions.put(e.getKey(), c.has("v")
                    ? Contribution.of(e.getKey(), c.get("v"), t, c.path("x").asBoolean(false))
                    : c.path("i").asBoolean(false) ? Contribution.omission(e.getKey(), t) : Contribution.retraction(e.getKey(), t));
        });
        return new SourceRecord(key, contributions,
                n.has("f") ? Instant.parse(n.get("f").textValue()) : null, last);
    }

    /** {"aliases": {attribute: [value…]}, "current": {…}}, values sorted; written straight as canonical text. */
    public static String identity(ProfileIdentifiers ids) {
        StringBuilder out = new StringBuilder(128);
        out.append("{\"aliases\":");
        identifiers(ids.aliases(), out);
        out.append(",\"current\":");
        identifiers(ids.current(), out);
        return out.append('}').toString();
    }

    /** As {@link ProfileIdentifiers#asLists}: attributes in order, those without values left out. */
    private static void identifiers(SortedMap<String, SortedSet<String>> values, StringBuilder out) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, SortedSet<String>> e : values.entrySet()) {
            if (e.getValue().isEmpty()) continue;
            if (!first) out.append(',');
            first = false;
            CanonicalJson.quote(e.getKey(), out);
            out.append(':').append('[');
            boolean firstValue = true;
            for (String v : e.getValue()) {
                if (!firstValue) out.append(',');
                firstValue = false;
                CanonicalJson.quote(v, out);
            }
            out.append(']');
        }
        out.append('}');
    }

    public static ProfileIdentifiers identity(String text) {
        if (text == null) return ProfileIdentifiers.NONE;
        JsonNode n = parse(text);
        return new ProfileIdentifiers(sets(n.path("current")), sets(n.path("aliases")));
    }

    private static SortedMap<String, SortedSet<String>> sets(JsonNode n) {
        SortedMap<String, SortedSet<String>> out = new TreeMap<>();
        n.fields().forEachRemaining(e -> {
            SortedSet<String> values = new TreeSet<>();
            e.getValue().forEach(v -> values.add(v.textValue()));
            out.put(e.getKey(), values);
        });
        return out;
    }

    public static String strings(List<String> values) {
        ArrayNode a = Json.NODES.arrayNode();
        values.forEach(a::add);
        return a.toString();
    }

    public static List<String> strings(String text) {
        List<String> out = new ArrayList<>();
        if (text != null) parse(text).forEach(v -> out.add(v.textValue()));
        return out;
    }

    public static String keys(List<IdentifierKey> keys) {
        ArrayNode a = Json.NODES.arrayNode();
        keys.forEach(k -> a.addObject().put("attribute", k.attribute()).put("value", k.value()));
        return a.toString();
    }

    public static List<IdentifierKey> keys(String text) {
        List<IdentifierKey> out = new ArrayList<>();
        if (text != null) parse(text).forEach(v -> out.add(new IdentifierKey(v.get("attribute").textValue(), v.get("value").textValue())));
        return out;
    }

    /** Fields of an event that hold no personal data: ids, type, versions, rule names, times. Everything else goes. */
    private static final java.util.Set<String> STRUCTURAL = java.util.Set.of("type", "profile_id", "version", "merged_profile_ids",
            "restored_profile_id", "erased_profile_ids", "rule_set", "reason", "source", "observed_at", "kind", "name", "job_id");

    /** An erased profile's event: its structure (what happened to which ids) without any value. */
    public static JsonNode scrub(JsonNode payload) {
        ObjectNode out = Json.object();
        payload.fields().forEachRemaining(e -> {
            if (STRUCTURAL.contains(e.getKey())) out.set(e.getKey(), e.getValue());
        });
        if (payload.has("changes")) {
            ObjectNode names = out.putObject("changes");
            payload.get("changes").fieldNames().forEachRemaining(n -> names.putObject(n).put("erased", true));
        }
        out.put("scrubbed", true);
        return out;
    }
}
