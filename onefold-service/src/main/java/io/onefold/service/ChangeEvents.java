package io.onefold.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.error.ValidationException;
import io.onefold.core.json.Json;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** Builds change-event payloads: what changed, old and new, and why. */
public final class ChangeEvents {
    private ChangeEvents() {}

    static final String CREATED = "profile.created";
    static final String UPDATED = "profile.updated";
    static final String MERGED = "profile.merged";
    static final String UNMERGED = "profile.unmerged";
    static final String DELETED = "profile.deleted";
    static final String TRANSFERRED = "identifier.transferred";
    static final String RULES_ACTIVATED = "rules.activated";
    /** Every type a consumer may filter on (webhook {@code event_types}, the stream's {@code ?types=}). */
    public static final Set<String> TYPES = Set.of(CREATED, UPDATED, MERGED, UNMERGED, DELETED, TRANSFERRED, RULES_ACTIVATED);

    /** Refuses a filter naming a type that no event has: it would silently deliver nothing. */
    public static void requireKnownTypes(String field, Collection<String> types) {
        for (String t : types) {
            if (!TYPES.contains(t)) throw ValidationException.of(field, "unknown type '" + t + "'; valid types are " + String.join(", ", new TreeSet<>(TYPES)));
        }
    }

    /** {attribute: {"old": ..., "new": ...}} for every golden attribute that differs. */
    static ObjectNode diff(JsonNode before, JsonNode after) {
        ObjectNode out = Json.object();
        TreeSet<String> names = new TreeSet<>();
        if (before != null) before.fieldNames().forEachRemaining(names::add);
        if (after != null) after.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            JsonNode o = before == null ? null : before.get(name);
            JsonNode n = after == null ? null : after.get(name);
            if (Objects.equals(o, n)) continue;
            ObjectNode c = out.putObject(name);
            c.set("old", o == null ? Json.NODES.nullNode() : o);
            c.set("new", n == null ? Json.NODES.nullNode() : n);
        }
        return out;
    }

    static ObjectNode payload(String type, String profileId, long version) {
        ObjectNode p = Json.object();
        p.put("type", type);
        p.put("profile_id", profileId);
        p.put("version", version);
        return p;
    }

    static ArrayNode ids(Collection<String> ids) {
        ArrayNode a = Json.NODES.arrayNode();
        ids.forEach(a::add);
        return a;
    }

    /** An event as consumers receive it: its payload plus {@code position}, {@code type} and {@code occurred_at}. */
    public static ObjectNode document(io.onefold.store.ChangeEvent e) {
        ObjectNode out = e.payload().deepCopy();
        out.put("position", e.position());
        out.put("type", e.type());
        out.put("occurred_at", e.at().toString());
        return out;
    }

    static boolean isEmpty(ObjectNode diff) {
        Iterator<Map.Entry<String, JsonNode>> it = diff.fields();
        return !it.hasNext();
    }
}
