package io.onefold.core.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.identity.ProfileView;
import io.onefold.core.model.ProfileIdentifiers;
import io.onefold.core.resolution.AttributeLineage;
import io.onefold.core.resolution.LineageEntry;
import java.util.List;
import java.util.Map;

/** Renders profiles and lineage in the wire's snake_case shape; shared by the CLI and the HTTP server. */
public final class ProfileJson {
    private ProfileJson() {}

    public static ObjectNode identifiers(Map<String, List<String>> values) {
        ObjectNode out = Json.object();
        values.forEach((k, v) -> {
            ArrayNode list = out.putArray(k);
            v.forEach(list::add);
        });
        return out;
    }

    /** {@code profile_id}, {@code identifiers}, {@code aliases}, {@code attributes}, and {@code lineage} when asked. */
    public static ObjectNode profile(ProfileView view, boolean withLineage) {
        ObjectNode out = Json.object();
        out.put("profile_id", view.profileId());
        out.set("identifiers", identifiers(ProfileIdentifiers.asLists(view.identifiers().current())));
        out.set("aliases", identifiers(ProfileIdentifiers.asLists(view.identifiers().aliases())));
        out.set("attributes", view.golden().attributes().deepCopy());
        if (withLineage) out.set("lineage", lineage(view.golden().lineage()));
        return out;
    }

    public static ObjectNode lineage(Map<String, AttributeLineage> lineage) {
        ObjectNode out = Json.object();
        lineage.forEach((name, l) -> out.set(name, attribute(l)));
        return out;
    }

    public static ObjectNode attribute(AttributeLineage l) {
        ObjectNode out = Json.object();
        out.put("strategy", l.strategy());
        out.set("value", l.value() == null ? Json.NODES.nullNode() : l.value());
        boolean many = l.strategy().equals("UNION") || l.strategy().equals("IDENTITY");
        if (many) {
            ArrayNode winners = out.putArray("winners");
            l.winners().forEach(w -> winners.add(entry(w)));
        } else {
            out.set("winner", l.winners().isEmpty() ? Json.NODES.nullNode() : entry(l.winners().get(0)));
        }
        ArrayNode losers = out.putArray("losers");
        l.losers().forEach(e -> losers.add(entry(e)));
        return out;
    }

    public static ObjectNode entry(LineageEntry e) {
        ObjectNode out = Json.object();
        out.put("source", e.source());
        if (e.sourceRecordId() == null) out.putNull("source_record_id");
        else out.put("source_record_id", e.sourceRecordId());
        out.put("observed_at", e.observedAt().toString());
        out.put("priority", e.priority());
        out.set("value", e.value() == null ? Json.NODES.nullNode() : e.value());
        if (e.explicit()) out.put("explicit", true);
        if (e.stale()) out.put("stale", true);
        if (e.reason() != null) out.put("reason", e.reason().name());
        return out;
    }
}
