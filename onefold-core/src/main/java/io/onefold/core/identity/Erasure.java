package io.onefold.core.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.onefold.core.error.NotFoundException;
import io.onefold.core.json.CanonicalJson;
import io.onefold.core.json.Json;
import io.onefold.core.model.Contribution;
import io.onefold.core.model.ProfileIdentifiers;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.core.schema.AttributeDefinition;
import io.onefold.core.schema.ProfileTemplate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The erasure of one person — a profile and every profile merged into it — decided by where each value came from.
 *
 * <h2>What goes</h2>
 * <ol>
 *   <li><b>The cluster</b>: its source records and its identifier values (current, aliases, those its merges demoted);
 *       PII-free tombstones remain ({@link IdentityGraph#erase}).</li>
 *   <li><b>The erased values</b>, per attribute: what those records contributed and the cluster's identifiers — except
 *       an identifier value another profile holds (the phone of a caller that a chat of the person also named).</li>
 *   <li><b>The person's values in other records.</b> A record anywhere that carries one of the cluster's linking
 *       identifier values is the person's data too: after an unmerge the chat that bridged two profiles stays with one
 *       of them; a CRM record keeps an email its contact was corrected away from. Such a record loses every erased value
 *       (its other values stay) and its profile is re-derived.</li>
 * </ol>
 *
 * <h2>Redaction follows provenance</h2>
 * Another profile's stored documents (its events, its idempotent answers) lose a value only when the value is one of
 * the erased values of that attribute and that profile's remaining records and identifiers do not hold it
 * ({@link #redact}). Nothing is matched as text: another customer's equal value — or one containing the erased one —
 * stays.
 *
 * <p>The graph must hold the cluster, every cluster owning a record that carries one of its linking values
 * ({@link #linkingValues} says which to look for), and the clusters whose documents are to be redacted.
 */
public final class Erasure {
    /** What an erased value reads in a document that keeps its place. */
    public static final String ERASED = "[erased]";

    private final IdentityGraph graph;
    private final List<String> erasedIds;
    /** attribute → canonical JSON of every erased value and, for lists, of every element */
    private final Map<String, Set<String>> erased;
    private final Set<String> texts;
    private final Set<String> rederived;
    private final Map<String, Map<String, Set<String>>> keptByRoot = new HashMap<>();

    private Erasure(IdentityGraph graph, List<String> erasedIds, Map<String, Set<String>> erased, Set<String> texts, Set<String> rederived) {
        this.graph = graph;
        this.erasedIds = erasedIds;
        this.erased = erased;
        this.texts = texts;
        this.rederived = rederived;
    }

    /** The linking identifier values of the profile's cluster: the records carrying one of them are the person's data too. */
    public static Set<IdentifierKey> linkingValues(IdentityGraph graph, String profileId) {
        Set<IdentifierKey> out = new TreeSet<>(java.util.Comparator.comparing(IdentifierKey::attribute).thenComparing(IdentifierKey::value));
        for (IdentifierKey k : identifiers(graph, cluster(graph, root(graph, profileId)))) {
            if (linking(graph.template(), k.attribute())) out.add(k);
        }
        return out;
    }

    /**
     * Erases the profile's cluster from the graph, and the person's values from every other record it holds that
     * carries one of the cluster's linking values.
     *
     * @param heldElsewhere whether an identifier value one of the erased records sent belongs to a profile outside
     *                      the cluster (the store knows every owner; the graph only those it loaded)
     */
    public static Erasure run(IdentityGraph graph, String profileId, Predicate<IdentifierKey> heldElsewhere) {
        ProfileTemplate template = graph.template();
        List<NodeState> cluster = cluster(graph, root(graph, profileId));
        Set<IdentifierKey> identifiers = identifiers(graph, cluster);
        Set<SourceRecordKey> erasedRecords = new HashSet<>();
        cluster.forEach(n -> erasedRecords.addAll(n.records()));

        Map<String, Set<String>> erased = new TreeMap<>();
        Set<String> texts = new TreeSet<>();
        for (IdentifierKey k : identifiers) add(erased, texts, k.attribute(), Json.NODES.textNode(k.value()));
        List<SourceRecord> carriers = new ArrayList<>();
        Set<IdentifierKey> linking = new HashSet<>();
        identifiers.stream().filter(k -> linking(template, k.attribute())).forEach(linking::add);
        for (SourceRecord r : graph.records()) {
            if (!erasedRecords.contains(r.key())) {
                if (carries(template, r, linking)) carriers.add(r);
                continue;
            }
            for (Contribution c : r.contributions().values()) {
                if (c.retracted()) continue;
                if (!isIdentifier(template, c.attribute())) {
                    add(erased, texts, c.attribute(), c.value());
                    continue;
                }
                for (String v : identifierValues(c)) {
                    IdentifierKey key = new IdentifierKey(c.attribute(), v);
                    if (identifiers.contains(key) || !heldElsewhere.test(key)) add(erased, texts, c.attribute(), Json.NODES.textNode(v));
                }
            }
        }
        Map<SourceRecordKey, String> owners = new HashMap<>();
        for (NodeState n : graph.nodeStates()) n.records().forEach(k -> owners.put(k, n.id()));
        List<String> erasedIds = graph.erase(profileId);
        Set<String> rederived = new TreeSet<>();
        for (SourceRecord r : carriers) {
            // a non-linking identifier (a household landline) is shared by design: it stays with the record's profile
            graph.replaceRecord(strip(r, erased, a -> !isIdentifier(template, a) || linking(template, a)));
            graph.get(owners.get(r.key())).ifPresent(v -> rederived.add(v.profileId()));
        }
        return new Erasure(graph, erasedIds, erased, texts, rederived);
    }

    /** The erased profile ids: the cluster, now tombstones. */
    public List<String> erasedProfileIds() {
        return erasedIds;
    }

    /** The other profiles whose records lost the person's values, re-derived (roots). */
    public Set<String> rederivedProfileIds() {
        return rederived;
    }

    /** Every text the erased values hold (identifier values, strings, strings inside lists and objects). */
    public Set<String> texts() {
        return texts;
    }

    /**
     * The value as a stored document of {@code profileId} may keep it: unchanged, {@link #ERASED}, or a list with its
     * erased elements replaced. A value is erased when the erasure removed it from that attribute and the profile's
     * remaining records and identifiers do not hold it.
     */
    public JsonNode redact(String profileId, String attribute, JsonNode value) {
        Set<String> gone = erased.get(attribute);
        if (value == null || value.isNull() || gone == null) return value;
        Set<String> kept = kept(profileId).getOrDefault(attribute, Set.of());
        String whole = CanonicalJson.of(value);
        if (gone.contains(whole) && !kept.contains(whole)) return Json.NODES.textNode(ERASED);
        if (!value.isArray()) return value;
        ArrayNode out = Json.NODES.arrayNode();
        boolean changed = false;
        for (JsonNode e : value) {
            String c = CanonicalJson.of(e);
            boolean erase = gone.contains(c) && !kept.contains(c);
            out.add(erase ? Json.NODES.textNode(ERASED) : e);
            changed |= erase;
        }
        return changed ? out : value;
    }

    /** What the cluster {@code profileId} belongs to still holds, per attribute (canonical JSON of values and elements). */
    private Map<String, Set<String>> kept(String profileId) {
        Optional<String> root = graph.get(profileId).map(ProfileView::profileId);
        if (root.isEmpty()) return Map.of();
        return keptByRoot.computeIfAbsent(root.get(), r -> {
            Map<String, Set<String>> kept = new HashMap<>();
            Set<String> unused = new HashSet<>();
            for (SourceRecord rec : graph.recordsOf(r)) {
                for (Contribution c : rec.contributions().values()) if (!c.retracted()) add(kept, unused, c.attribute(), c.value());
            }
            ProfileIdentifiers ids = graph.identifiersOf(r);
            ids.current().forEach((a, vs) -> vs.forEach(v -> add(kept, unused, a, Json.NODES.textNode(v))));
            ids.aliases().forEach((a, vs) -> vs.forEach(v -> add(kept, unused, a, Json.NODES.textNode(v))));
            return kept;
        });
    }

    // ------------------------------------------------------------------------------------------ internals

    private static String root(IdentityGraph graph, String profileId) {
        return graph.get(profileId).map(ProfileView::profileId).orElseThrow(() -> new NotFoundException("no profile '" + profileId + "'"));
    }

    private static List<NodeState> cluster(IdentityGraph graph, String root) {
        Map<String, NodeState> states = new HashMap<>();
        graph.nodeStates().forEach(n -> states.put(n.id(), n));
        List<NodeState> out = new ArrayList<>();
        Deque<String> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            NodeState n = states.get(todo.poll());
            out.add(n);
            todo.addAll(n.absorbed());
        }
        return out;
    }

    /** The cluster's identifier values: current, aliases, and those its merges demoted. */
    private static Set<IdentifierKey> identifiers(IdentityGraph graph, List<NodeState> cluster) {
        Set<IdentifierKey> out = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (NodeState n : cluster) {
            ids.add(n.id());
            n.current().forEach((a, vs) -> vs.forEach(v -> out.add(new IdentifierKey(a, v))));
            n.aliases().forEach((a, vs) -> vs.forEach(v -> out.add(new IdentifierKey(a, v))));
        }
        for (IdentityLink l : graph.links()) if (ids.contains(l.fromProfileId())) out.addAll(l.demoted());
        return out;
    }

    private static boolean carries(ProfileTemplate template, SourceRecord r, Set<IdentifierKey> linking) {
        for (Contribution c : r.contributions().values()) {
            if (c.retracted() || !linking(template, c.attribute())) continue;
            for (String v : identifierValues(c)) if (linking.contains(new IdentifierKey(c.attribute(), v))) return true;
        }
        return false;
    }

    /** The record without the erased values of the attributes {@code strippable} accepts (list elements one by one). */
    private static SourceRecord strip(SourceRecord r, Map<String, Set<String>> erased, Predicate<String> strippable) {
        Map<String, Contribution> next = new HashMap<>();
        for (Contribution c : r.contributions().values()) {
            Set<String> gone = strippable.test(c.attribute()) ? erased.get(c.attribute()) : null;
            if (c.retracted() || gone == null) {
                next.put(c.attribute(), c);
            } else if (!gone.contains(CanonicalJson.of(c.value()))) {
                if (!c.value().isArray()) {
                    next.put(c.attribute(), c);
                    continue;
                }
                ArrayNode left = Json.NODES.arrayNode();
                c.value().forEach(e -> {
                    if (!gone.contains(CanonicalJson.of(e))) left.add(e);
                });
                if (left.size() == c.value().size()) next.put(c.attribute(), c);
                else if (!left.isEmpty()) next.put(c.attribute(), Contribution.of(c.attribute(), left, c.observedAt(), c.explicit()));
            }
        }
        return new SourceRecord(r.key(), next, r.firstObservedAt(), r.lastObservedAt());
    }

    private static void add(Map<String, Set<String>> values, Set<String> texts, String attribute, JsonNode value) {
        Set<String> set = values.computeIfAbsent(attribute, a -> new HashSet<>());
        set.add(CanonicalJson.of(value));
        if (value.isArray()) value.forEach(e -> set.add(CanonicalJson.of(e)));
        collectTexts(value, texts);
    }

    private static void collectTexts(JsonNode value, Set<String> texts) {
        if (value.isTextual() && !value.textValue().isEmpty()) texts.add(value.textValue());
        else if (value.isContainerNode()) value.forEach(e -> collectTexts(e, texts));
    }

    private static List<String> identifierValues(Contribution c) {
        List<String> out = new ArrayList<>();
        if (c.value().isArray()) c.value().forEach(v -> out.add(v.asText()));
        else out.add(c.value().asText());
        return out;
    }

    private static boolean isIdentifier(ProfileTemplate template, String attribute) {
        return template.attribute(attribute).map(AttributeDefinition::identifier).orElse(false);
    }

    private static boolean linking(ProfileTemplate template, String attribute) {
        return template.attribute(attribute).map(d -> d.identifier() && d.linking()).orElse(false);
    }
}
