package io.onefold.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.error.NotFoundException;
import io.onefold.core.identity.IdentityLink;
import io.onefold.core.identity.NodeState;
import io.onefold.core.json.Json;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.store.Fragment;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code GET /profiles/{id}/graph}: which source records make up this person and how its profiles were joined —
 * the first two layers (records, identity links) of a profile's whole cluster, as stored. Records list the
 * attributes they contribute, never their values (the lineage shows values, under the Read permission alike);
 * links carry their kind, origin, state and evidence (a probabilistic match's score as an object, {@link LinkEvidence}),
 * retracted ones included, so that an unmerge stays visible — with the profile at the other end of each link, even
 * when an unmerge made it a cluster of its own. A possible match waiting for review is a link too.
 */
final class ProfileGraphDocument {
    private ProfileGraphDocument() {}

    static ObjectNode of(String requestedId, Fragment f) {
        if (f.rows().isEmpty() || f.nodes().stream().noneMatch(n -> n.id().equals(requestedId))) {
            throw new NotFoundException("no profile '" + requestedId + "'");
        }
        Map<SourceRecordKey, SourceRecord> records = new HashMap<>();
        f.records().forEach(r -> records.put(r.key(), r));
        ObjectNode out = Json.object();
        out.put("profile_id", requestedId);
        ArrayNode nodes = out.putArray("nodes");
        for (NodeState n : f.nodes().stream().sorted(Comparator.comparing(NodeState::id)).toList()) {
            ObjectNode node = nodes.addObject();
            node.put("profile_id", n.id());
            node.put("status", n.status().name());
            node.put("survivor_id", n.survivorId());
            node.put("created_at", n.createdAt() == null ? null : n.createdAt().toString());
            ArrayNode rs = node.putArray("records");
            for (SourceRecordKey k : n.records().stream().sorted().toList()) { // a stable order: the node keeps a set
                ObjectNode r = rs.addObject();
                r.put("source", k.source());
                r.put("source_record_id", k.sourceRecordId());
                SourceRecord rec = records.get(k);
                if (rec != null) {
                    r.put("first_observed_at", rec.firstObservedAt() == null ? null : rec.firstObservedAt().toString());
                    r.put("last_observed_at", rec.lastObservedAt() == null ? null : rec.lastObservedAt().toString());
                    ArrayNode attrs = r.putArray("attributes");
                    // what the record sent: not the attributes a replace_all payload merely omitted
                    rec.contributions().values().stream().filter(c -> !c.implied()).map(c -> c.attribute()).sorted().forEach(attrs::add);
                }
            }
        }
        ArrayNode links = out.putArray("links");
        for (IdentityLink l : f.links().stream().sorted(Comparator.comparing(IdentityLink::at).thenComparing(IdentityLink::id)).toList()) {
            ObjectNode link = links.addObject();
            link.put("from_profile_id", l.fromProfileId());
            link.put("to_profile_id", l.toProfileId());
            link.put("kind", l.kind().name());
            link.put("origin", l.origin().name());
            link.put("state", l.state().name());
            link.set("evidence", LinkEvidence.of(l.evidence()));
            link.put("at", l.at().toString());
        }
        return out;
    }
}
