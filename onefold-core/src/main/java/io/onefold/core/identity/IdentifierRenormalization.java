package io.onefold.core.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.onefold.core.json.Json;
import io.onefold.core.model.Contribution;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.core.schema.AttributeDefinition;
import io.onefold.core.schema.IdentifierNormalizer;
import io.onefold.core.schema.ProfileTemplate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Brings one stored cluster's identifier values to the current normalization rules ({@link IdentifierNormalizer#VERSION}):
 * the values its nodes own (current and aliases), the values its records contributed, and the values its merge links
 * remember as demoted. Pure: the caller says who holds a value in the store ({@link #plan}), gives an empty graph to
 * re-derive the golden profile ({@link #changes}) and writes the result.
 *
 * <p>A value whose new form another profile already holds is <em>not</em> changed: the two profiles would share a
 * linking value, which only a merge may do. The pair is reported ({@link Collision}, a merge candidate) and the value
 * keeps its old form, in the node and in the records it owns, so nothing is merged silently and nothing is lost. When
 * two nodes of the same cluster would take one value (already one profile), the first in age order takes it and the
 * other keeps its old form. A stored value the current rules refuse (nothing left once invisible characters go) is left
 * as it is.
 */
public final class IdentifierRenormalization {
    private final ProfileTemplate template;
    private final UnaryOperator<IdentifierKey> rule;

    /** To the current rules of {@code normalizer}. */
    public IdentifierRenormalization(ProfileTemplate template, IdentifierNormalizer normalizer) {
        this(template, k -> template.attribute(k.attribute()).filter(AttributeDefinition::identifier)
                .map(def -> normalizer.normalize(def.normalization(), k.value()) instanceof IdentifierNormalizer.Result.Ok ok
                        ? new IdentifierKey(k.attribute(), ok.value()) : k)
                .orElse(k));
    }

    /** Through any rule on identifier values (tests write the forms older rules gave with it). */
    public IdentifierRenormalization(ProfileTemplate template, UnaryOperator<IdentifierKey> rule) {
        this.template = template;
        this.rule = rule;
    }

    /** A linking value that {@code nodeId} would take but {@code holderId}, of another cluster, holds: a merge candidate. */
    public record Collision(String attribute, String nodeId, String holderId) {}

    /**
     * What changes: the nodes, records and links to write (only those that differ from what was loaded), the new
     * linking values the nodes take (what a shared store must lock first), and the collisions left alone.
     */
    public record Plan(List<NodeState> nodes, List<SourceRecord> records, List<IdentityLink> links, Set<IdentifierKey> claims,
                       List<Collision> collisions) {
        public boolean isEmpty() {
            return nodes.isEmpty() && records.isEmpty() && links.isEmpty();
        }
    }

    /** Whether any identifier value of these nodes, records or links is not in its current form (clusters need not be whole). */
    public boolean stale(Collection<NodeState> nodes, Collection<SourceRecord> records, Collection<IdentityLink> links) {
        for (NodeState n : nodes) for (IdentifierKey k : entries(n)) if (!renormalized(k).equals(k)) return true;
        for (IdentityLink l : links) for (IdentifierKey k : l.demoted()) if (!renormalized(k).equals(k)) return true;
        for (SourceRecord r : records) {
            for (Contribution c : r.contributions().values()) {
                if (c.retracted() || identifier(c.attribute()).isEmpty()) continue;
                for (JsonNode v : c.value().isArray() ? c.value() : List.of(c.value())) {
                    IdentifierKey k = new IdentifierKey(c.attribute(), v.asText());
                    if (!renormalized(k).equals(k)) return true;
                }
            }
        }
        return false;
    }

    /**
     * @param cluster one whole cluster (a root and every node absorbed into it), as loaded
     * @param records the cluster's records
     * @param links   the links touching the cluster
     * @param holder  the node that holds a linking value in the store, if any
     */
    public Plan plan(Collection<NodeState> cluster, Collection<SourceRecord> records, Collection<IdentityLink> links,
                     Function<IdentifierKey, Optional<String>> holder) {
        List<NodeState> nodes = new ArrayList<>(cluster);
        nodes.sort(Comparator.comparing(NodeState::createdAt).thenComparing(NodeState::id));
        Set<String> members = new HashSet<>();
        nodes.forEach(n -> members.add(n.id()));
        // linking values the cluster keeps as they are: taken before any value moves to them
        Map<IdentifierKey, String> taken = new HashMap<>();
        for (NodeState n : nodes) {
            for (IdentifierKey k : entries(n)) if (linking(k.attribute()) && renormalized(k).equals(k)) taken.put(k, n.id());
        }
        Set<String> kept = new HashSet<>(); // node id + key of values left in their old form
        Set<IdentifierKey> claims = new TreeSet<>(Comparator.comparing(IdentifierKey::attribute).thenComparing(IdentifierKey::value));
        List<Collision> collisions = new ArrayList<>();
        List<NodeState> changedNodes = new ArrayList<>();
        for (NodeState n : nodes) {
            SortedMap<String, SortedSet<String>> current = new TreeMap<>();
            SortedMap<String, SortedSet<String>> aliases = new TreeMap<>();
            for (boolean isCurrent : new boolean[] {true, false}) {
                (isCurrent ? n.current() : n.aliases()).forEach((attribute, values) -> values.forEach(v -> {
                    IdentifierKey from = new IdentifierKey(attribute, v);
                    IdentifierKey to = renormalized(from);
                    if (!to.equals(from) && linking(attribute)) {
                        String owner = taken.get(to);
                        if (owner == null) owner = holder.apply(to).orElse(null);
                        if (owner != null && !owner.equals(n.id())) {
                            if (!members.contains(owner)) collisions.add(new Collision(attribute, n.id(), owner));
                            kept.add(n.id() + '\u0000' + attribute + '\u0000' + v);
                            to = from;
                        } else {
                            taken.put(to, n.id());
                            claims.add(to);
                        }
                    }
                    (isCurrent ? current : aliases).computeIfAbsent(attribute, a -> new TreeSet<>()).add(to.value());
                }));
            }
            // a value that is now both current and an alias of one node (two spellings of it) stays current
            aliases.forEach((attribute, values) -> values.removeAll(current.getOrDefault(attribute, new TreeSet<>())));
            NodeState next = new NodeState(n.id(), n.createdAt(), n.status(), n.survivorId(), n.absorbed(), current, aliases, n.records(), n.version());
            if (!next.equals(n)) changedNodes.add(next);
        }
        Map<SourceRecordKey, String> owners = new HashMap<>();
        nodes.forEach(n -> n.records().forEach(k -> owners.put(k, n.id())));
        List<SourceRecord> changedRecords = new ArrayList<>();
        for (SourceRecord r : records) {
            SourceRecord next = record(r, owners.get(r.key()), kept);
            if (!next.equals(r)) changedRecords.add(next);
        }
        List<IdentityLink> changedLinks = new ArrayList<>();
        for (IdentityLink l : links) {
            List<IdentifierKey> demoted = new ArrayList<>();
            for (IdentifierKey k : l.demoted()) {
                IdentifierKey to = keptBySome(members, kept, k) ? k : renormalized(k);
                if (!demoted.contains(to)) demoted.add(to);
            }
            if (!demoted.equals(l.demoted())) {
                changedLinks.add(new IdentityLink(l.id(), l.fromProfileId(), l.toProfileId(), l.kind(), l.origin(), l.state(), l.evidence(), l.at(), demoted));
            }
        }
        return new Plan(changedNodes, changedRecords, changedLinks, claims, collisions);
    }

    /**
     * The plan as the rows a store writes: the cluster with the plan's nodes, records and links loaded into
     * {@code graph} (empty, under the active configuration) gives the root's golden profile, one version later.
     *
     * @return the changes, or nothing when the cluster has no active root (erased)
     */
    public Optional<GraphChanges> changes(Plan plan, Collection<NodeState> cluster, Collection<SourceRecord> records,
                                          Collection<IdentityLink> links, IdentityGraph graph) {
        Optional<NodeState> root = cluster.stream().filter(n -> n.status() == ProfileStatus.ACTIVE).findFirst();
        if (root.isEmpty()) return Optional.empty();
        Map<String, NodeState> nodes = new TreeMap<>();
        cluster.forEach(n -> nodes.put(n.id(), n));
        plan.nodes().forEach(n -> nodes.put(n.id(), n));
        NodeState r = nodes.get(root.get().id());
        nodes.put(r.id(), new NodeState(r.id(), r.createdAt(), r.status(), r.survivorId(), r.absorbed(), r.current(), r.aliases(), r.records(), r.version() + 1));
        Map<SourceRecordKey, SourceRecord> allRecords = new HashMap<>();
        records.forEach(x -> allRecords.put(x.key(), x));
        plan.records().forEach(x -> allRecords.put(x.key(), x));
        Map<String, IdentityLink> allLinks = new TreeMap<>();
        links.forEach(l -> allLinks.put(l.id(), l));
        plan.links().forEach(l -> allLinks.put(l.id(), l));
        graph.load(nodes.values(), allRecords.values(), allLinks.values());
        ProfileView view = graph.get(r.id()).orElseThrow();
        List<NodeState> changed = new ArrayList<>();
        for (NodeState n : plan.nodes()) changed.add(n.id().equals(r.id()) ? nodes.get(r.id()) : n);
        return Optional.of(new GraphChanges(changed, plan.records(), List.of(), plan.links(), Map.of(r.id(), view)));
    }

    private SourceRecord record(SourceRecord r, String owner, Set<String> kept) {
        Map<String, Contribution> contributions = new HashMap<>(r.contributions());
        boolean changed = false;
        for (Contribution c : r.contributions().values()) {
            if (c.retracted() || identifier(c.attribute()).isEmpty()) continue;
            JsonNode value = c.value();
            JsonNode next;
            if (value.isArray()) {
                LinkedHashSet<String> values = new LinkedHashSet<>();
                value.forEach(e -> values.add(value(c.attribute(), e.asText(), owner, kept)));
                ArrayNode a = Json.NODES.arrayNode();
                values.forEach(a::add);
                next = a;
            } else {
                next = Json.NODES.textNode(value(c.attribute(), value.asText(), owner, kept));
            }
            if (!next.equals(value)) {
                contributions.put(c.attribute(), Contribution.of(c.attribute(), next, c.observedAt(), c.explicit()));
                changed = true;
            }
        }
        return changed ? new SourceRecord(r.key(), contributions, r.firstObservedAt(), r.lastObservedAt()) : r;
    }

    /** A record's value follows its owner's decision for that value: kept when the owner kept it. */
    private String value(String attribute, String stored, String owner, Set<String> kept) {
        if (owner != null && kept.contains(owner + '\u0000' + attribute + '\u0000' + stored)) return stored;
        return renormalized(new IdentifierKey(attribute, stored)).value();
    }

    private static boolean keptBySome(Set<String> members, Set<String> kept, IdentifierKey k) {
        for (String m : members) if (kept.contains(m + '\u0000' + k.attribute() + '\u0000' + k.value())) return true;
        return false;
    }

    /** The value under the rule; unchanged when the attribute is no identifier now (or the rule refuses the value). */
    private IdentifierKey renormalized(IdentifierKey k) {
        return identifier(k.attribute()).isPresent() ? rule.apply(k) : k;
    }

    private Optional<AttributeDefinition> identifier(String attribute) {
        return template.attribute(attribute).filter(AttributeDefinition::identifier);
    }

    /** Aliases are always linking (a non-linking value is dropped, never demoted); current values when the attribute links. */
    private boolean linking(String attribute) {
        return template.attribute(attribute).map(AttributeDefinition::linking).orElse(true);
    }

    private static List<IdentifierKey> entries(NodeState n) {
        List<IdentifierKey> out = new ArrayList<>();
        n.current().forEach((a, vs) -> vs.forEach(v -> out.add(new IdentifierKey(a, v))));
        n.aliases().forEach((a, vs) -> vs.forEach(v -> out.add(new IdentifierKey(a, v))));
        return out;
    }
}
