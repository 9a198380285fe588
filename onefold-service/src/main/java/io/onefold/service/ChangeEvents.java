package io.onefold.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.identity.UpsertResult;
import io.onefold.core.error.ValidationException;
import io.onefold.core.json.Json;
import io.onefold.core.model.Observation;
import io.onefold.store.ChangeEvent;
import java.time.Instant;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
    /**
     * An upsert changed the profile's records but no golden value (a repeat received later, a value that loses). It
     * has no {@code changes} and is not delivered to consumers that name no types — for them nothing changed — but it
     * is in the profile's history and in the stream, so that every committed change still has its event in commit
     * order: an activation's catch-up re-resolves the profiles such a write touched (see ActivationJob).
     */
    public static final String OBSERVED = "profile.observed";

    /** Every event type, as a consumer names it in {@code types} or {@code event_types}. */
    public static final java.util.Set<String> TYPES = java.util.Set.of(CREATED, UPDATED, OBSERVED, MERGED, UNMERGED, DELETED,
            TRANSFERRED, RULES_ACTIVATED);

    /** Whether a consumer that names no event types (an SSE stream, a webhook) receives events of {@code type}. */
    public static boolean deliveredByDefault(String type) {
        return !OBSERVED.equals(type);
    }

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
            // "new" before "old", as the canonical form writes them: storing the event then sorts nothing
            ObjectNode c = new ObjectNode(Json.NODES, new LinkedHashMap<>(4));
            c.set("new", n == null ? Json.NODES.nullNode() : n);
            c.set("old", o == null ? Json.NODES.nullNode() : o);
            out.set(name, c);
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

    /**
     * The event an upsert (or a bulk line) emits, given the golden attributes its profile had {@code before}: none
     * when it wrote nothing; {@link #OBSERVED} when it changed the records but no golden value (a repeat received
     * later, a value that loses), since {@code profile.updated} exists to say what changed. A creation or a merge
     * always emits its own event.
     */
    static Optional<ChangeEvent> ofUpsert(String org, UpsertResult r, Observation o, String ruleSet, JsonNode before, Instant at) {
        String type = switch (r.outcome()) {
            case CREATED -> CREATED;
            case MERGED -> MERGED;
            case UPDATED -> UPDATED;
            case UNCHANGED -> null;
        };
        if (type == null) return Optional.empty();
        ObjectNode changes = diff(before, r.profile().golden().attributes());
        if (type.equals(UPDATED) && isEmpty(changes)) type = OBSERVED;
        ObjectNode p = payload(type, r.profileId(), r.profile().version());
        p.put("source", o.source());
        if (o.sourceRecordId() != null) p.put("source_record_id", o.sourceRecordId());
        p.put("observed_at", o.observedAt().toString());
        p.put("rule_set", ruleSet);
        if (!r.mergedProfileIds().isEmpty()) p.set("merged_profile_ids", ids(r.mergedProfileIds()));
        if (!type.equals(OBSERVED)) p.set("changes", changes);
        return Optional.of(new ChangeEvent(0, org, r.profileId(), type, at, p));
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
