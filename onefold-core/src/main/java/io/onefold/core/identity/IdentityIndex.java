package io.onefold.core.identity;

import io.onefold.core.error.NotFoundException;
import io.onefold.core.error.ValidationException;
import io.onefold.core.model.ProfileIdentifiers;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.core.schema.AttributeDefinition;
import io.onefold.core.schema.IdentifierNormalizer;
import io.onefold.core.schema.ProfileTemplate;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the graph holds of layers 1 and 2: every profile node; the unique index from each linking identifier value
 * (current or alias) to the one node owning it; the index from each shared (non-linking) value to the nodes holding
 * it; the source records and the node owning each; the links ({@link IdentityLinks}). It answers the structural
 * questions (a node's root, its cluster, the union of a cluster's identifiers, "never the same").
 *
 * <p>It is the one place that changes nodes and records: so the indexes always agree with the nodes, and every change
 * is noted ({@link #takeTouchedNodes}, {@link #takeTouchedRecords}) for {@link ChangeTracker}, which examines nothing
 * else. Change a node's fields anywhere else and {@link IdentityGraph#changes()} misses it.
 */
final class IdentityIndex {
    private final ProfileTemplate template;
    private final IdentifierNormalizer normalizer;
    private final IdentityLinks links;
    private final CandidateIndex candidates;

    private final Map<String, ProfileNode> nodes = new HashMap<>();
    private final Map<IdentifierKey, String> linkingIndex = new HashMap<>();
    private final Map<IdentifierKey, Set<String>> sharedIndex = new HashMap<>();
    private final Map<SourceRecordKey, SourceRecord> records = new HashMap<>();
    private final Map<SourceRecordKey, String> recordOwner = new HashMap<>();
    // changed since ChangeTracker last took them: a node or record changed and not noted here is never reported
    private Set<String> touchedNodes = new HashSet<>();
    private Set<SourceRecordKey> touchedRecords = new HashSet<>();

    IdentityIndex(ProfileTemplate template, IdentifierNormalizer normalizer, IdentityLinks links, CandidateIndex candidates) {
        this.template = template;
        this.normalizer = normalizer;
        this.links = links;
        this.candidates = candidates;
    }

    /** The blocking index of the records held (empty without matching rules). */
    CandidateIndex candidates() {
        return candidates;
    }

    // ------------------------------------------------------------------------------------------ queries

    ProfileNode node(String id) {
        return nodes.get(id);
    }

    Collection<ProfileNode> nodes() {
        return nodes.values();
    }

    /** The node owning a linking value (current or alias), or null. */
    String owner(IdentifierKey key) {
        return linkingIndex.get(key);
    }

    String recordOwner(SourceRecordKey key) {
        return recordOwner.get(key);
    }

    SourceRecord record(SourceRecordKey key) {
        return records.get(key);
    }

    Collection<SourceRecord> records() {
        return records.values();
    }

    String root(String id) {
        ProfileNode n = nodes.get(id);
        while (n.status == ProfileStatus.ABSORBED) n = nodes.get(n.survivorId);
        return n.id;
    }

    String activeRoot(String id, String field) {
        ProfileNode n = id == null ? null : nodes.get(id);
        if (n == null) throw new NotFoundException("no profile '" + id + "' (" + field + ")");
        String root = root(id);
        if (nodes.get(root).status == ProfileStatus.ERASED) throw new NotFoundException("profile '" + id + "' was erased (" + field + ")");
        return root;
    }

    /** The root and every node absorbed into it, root first. */
    List<ProfileNode> cluster(String root) {
        List<ProfileNode> out = new ArrayList<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(root);
        while (!todo.isEmpty()) {
            ProfileNode n = nodes.get(todo.poll());
            out.add(n);
            todo.addAll(n.absorbed);
        }
        return out;
    }

    ProfileIdentifiers union(List<ProfileNode> members) {
        SortedMap<String, SortedSet<String>> current = new TreeMap<>();
        SortedMap<String, SortedSet<String>> aliases = new TreeMap<>();
        for (ProfileNode n : members) {
            n.current.forEach((k, v) -> current.computeIfAbsent(k, x -> new TreeSet<>()).addAll(v));
            n.aliases.forEach((k, v) -> aliases.computeIfAbsent(k, x -> new TreeSet<>()).addAll(v));
        }
        return new ProfileIdentifiers(current, aliases);
    }

    ProfileIdentifiers identifiersOf(String profileId) {
        return union(cluster(root(profileId)));
    }

    /** The source records of a profile's cluster, ordered by key. */
    List<SourceRecord> recordsOf(String profileId) {
        List<SourceRecord> out = new ArrayList<>();
        for (ProfileNode n : cluster(root(profileId))) for (SourceRecordKey k : n.records) out.add(records.get(k));
        out.sort(Comparator.comparing(SourceRecord::key));
        return out;
    }

    /** The active roots holding a shared value. */
    Set<String> sharedRoots(IdentifierKey key) {
        Set<String> owners = sharedIndex.getOrDefault(key, Set.of());
        Set<String> out = new TreeSet<>();
        for (String o : owners) {
            String r = root(o);
            if (nodes.get(r).status == ProfileStatus.ACTIVE) out.add(r);
        }
        return out;
    }

    boolean neverSame(String rootA, String rootB) {
        Set<String> a = new HashSet<>();
        cluster(rootA).forEach(n -> a.add(n.id));
        Set<String> b = new HashSet<>();
        cluster(rootB).forEach(n -> b.add(n.id));
        for (IdentityLink link : links.all()) {
            if (link.kind() != LinkKind.DIFFERENT || !link.asserted()) continue;
            if ((a.contains(link.fromProfileId()) && b.contains(link.toProfileId())) || (b.contains(link.fromProfileId()) && a.contains(link.toProfileId()))) return true;
        }
        return false;
    }

    /** A raw value an operator typed, as the index holds it: normalized; refused when blocked or invalid. */
    IdentifierKey keyOf(String attribute, String rawValue) {
        AttributeDefinition def = template.attribute(attribute).filter(AttributeDefinition::identifier)
                .orElseThrow(() -> ValidationException.of("attribute", "'" + attribute + "' is not an identifier of template '" + template.name() + "'"));
        if (rawValue == null) throw ValidationException.of("value", "is required");
        return switch (normalizer.normalize(def.normalization(), rawValue)) {
            case IdentifierNormalizer.Result.Ok ok -> {
                if (def.blockedValues().contains(ok.value())) throw ValidationException.of("value", "blocked value: never used for matching");
                yield new IdentifierKey(attribute, ok.value());
            }
            case IdentifierNormalizer.Result.Invalid bad -> throw ValidationException.of("value", "invalid identifier: " + bad.reason());
        };
    }

    // ------------------------------------------------------------------------------------------ nodes and identifier entries

    ProfileNode create(String id, Instant createdAt) {
        ProfileNode n = new ProfileNode(id, createdAt);
        nodes.put(n.id, n);
        touchedNodes.add(n.id);
        return n;
    }

    void bumpVersion(ProfileNode n) {
        n.version++;
        touchedNodes.add(n.id);
    }

    void attachCurrent(ProfileNode target, IdentifierKey key, boolean linking) {
        touchedNodes.add(target.id);
        target.addCurrent(key);
        if (linking) linkingIndex.put(key, target.id);
        else sharedIndex.computeIfAbsent(key, k -> new TreeSet<>()).add(target.id);
    }

    void attachAlias(ProfileNode target, IdentifierKey key) {
        touchedNodes.add(target.id);
        target.addAlias(key);
        linkingIndex.put(key, target.id);
    }

    /** An alias of {@code owner} becomes current; the index already points at it. */
    void makeCurrent(ProfileNode owner, IdentifierKey key) {
        touchedNodes.add(owner.id);
        owner.removeAlias(key);
        owner.addCurrent(key);
    }

    void detachAlias(ProfileNode owner, IdentifierKey key) {
        touchedNodes.add(owner.id);
        owner.removeAlias(key);
        linkingIndex.remove(key);
    }

    /** Removes a current value from {@code n} and from the index; false when {@code n} did not hold it. */
    boolean detachCurrent(ProfileNode n, IdentifierKey key) {
        if (!n.removeCurrent(key)) return false;
        touchedNodes.add(n.id);
        if (template.attributes().get(key.attribute()).linking()) linkingIndex.remove(key);
        else removeShared(key, n.id);
        return true;
    }

    /** Every current value of {@code attribute} in the cluster becomes an alias (non-linking values are dropped). */
    void demoteAll(String root, String attribute) {
        for (ProfileNode n : cluster(root)) {
            for (String v : List.copyOf(n.current.getOrDefault(attribute, new TreeSet<>()))) demote(new IdentifierKey(attribute, v), n);
        }
    }

    /** The cluster's node holding {@code key} as current (and owning it, for a linking value) demotes it. */
    void demote(IdentifierKey key, String root) {
        for (ProfileNode n : cluster(root)) {
            if (n.holdsCurrent(key) && (linkingIndex.get(key) == null || linkingIndex.get(key).equals(n.id))) {
                demote(key, n);
                return;
            }
        }
    }

    void demote(IdentifierKey key, ProfileNode owner) {
        touchedNodes.add(owner.id);
        owner.removeCurrent(key);
        if (template.attributes().get(key.attribute()).linking()) owner.addAlias(key);
        else removeShared(key, owner.id);
    }

    private void removeShared(IdentifierKey key, String nodeId) {
        Set<String> owners = sharedIndex.get(key);
        if (owners != null) {
            owners.remove(nodeId);
            if (owners.isEmpty()) sharedIndex.remove(key);
        }
    }

    // ------------------------------------------------------------------------------------------ merges

    /**
     * Points {@code absorbed} at {@code survivor} with a {@code SAME} link. With {@code demoteConflicts} (a manual merge)
     * the absorbed cluster's single identifiers that differ from the survivor's current value become aliases first, and
     * the link remembers them, so that an unmerge makes them current again.
     */
    void absorb(ProfileNode absorbed, ProfileNode survivor, LinkOrigin origin, String evidence, boolean demoteConflicts) {
        List<IdentifierKey> demoted = new ArrayList<>();
        if (demoteConflicts) {
            ProfileIdentifiers kept = identifiersOf(survivor.id);
            for (AttributeDefinition def : template.identifiers()) {
                if (!def.single() || kept.current(def.name()).isEmpty()) continue;
                for (ProfileNode n : cluster(absorbed.id)) {
                    for (String v : List.copyOf(n.current.getOrDefault(def.name(), new TreeSet<>()))) {
                        if (kept.current(def.name()).contains(v)) continue;
                        IdentifierKey key = new IdentifierKey(def.name(), v);
                        demote(key, n);
                        demoted.add(key);
                    }
                }
            }
        }
        touchedNodes.add(absorbed.id);
        touchedNodes.add(survivor.id);
        absorbed.status = ProfileStatus.ABSORBED;
        absorbed.survivorId = survivor.id;
        survivor.absorbed.add(absorbed.id);
        links.add(absorbed.id, survivor.id, LinkKind.SAME, origin, evidence, demoted);
    }

    /** The absorbed node {@code split} is a root of its own again (an unmerge); its own absorbed nodes stay with it. */
    void split(ProfileNode split) {
        touchedNodes.add(split.id);
        touchedNodes.add(split.survivorId);
        nodes.get(split.survivorId).absorbed.remove(split.id);
        split.status = ProfileStatus.ACTIVE;
        split.survivorId = null;
    }

    // ------------------------------------------------------------------------------------------ records

    /** A new record, owned by {@code holder}; its contents follow with {@link #putRecord}. */
    void addRecord(ProfileNode holder, SourceRecordKey key) {
        touchedNodes.add(holder.id);
        touchedRecords.add(key);
        recordOwner.put(key, holder.id);
        holder.records.add(key);
    }

    void putRecord(SourceRecord record) {
        touchedRecords.add(record.key());
        records.put(record.key(), record);
        candidates.put(record);
    }

    SourceRecord removeRecord(SourceRecordKey key) {
        SourceRecord removed = records.remove(key);
        candidates.remove(key);
        String owner = recordOwner.remove(key);
        nodes.get(owner).records.remove(key);
        touchedRecords.add(key);
        touchedNodes.add(owner);
        return removed;
    }

    // ------------------------------------------------------------------------------------------ erasure

    /** Empties a node of the erased cluster: records, identifier entries, merge pointers; a tombstone remains. */
    void erase(ProfileNode n) {
        touchedNodes.add(n.id);
        touchedRecords.addAll(n.records);
        for (SourceRecordKey k : n.records) {
            records.remove(k);
            recordOwner.remove(k);
            candidates.remove(k);
        }
        n.records.clear();
        n.current.forEach((attr, values) -> values.forEach(v -> {
            IdentifierKey k = new IdentifierKey(attr, v);
            if (template.attribute(attr).map(AttributeDefinition::linking).orElse(true)) linkingIndex.remove(k);
            else removeShared(k, n.id);
        }));
        n.aliases.forEach((attr, values) -> values.forEach(v -> linkingIndex.remove(new IdentifierKey(attr, v))));
        n.current.clear();
        n.aliases.clear();
        n.status = ProfileStatus.ERASED;
        n.absorbed.clear();
        links.forgetDemoted(n.id);
        n.survivorId = null;
    }

    // ------------------------------------------------------------------------------------------ loading

    /** Adds a stored node with its entries to the indexes; false when the node is held already (it is left as it is). */
    boolean load(NodeState s) {
        if (nodes.containsKey(s.id())) return false;
        ProfileNode n = new ProfileNode(s.id(), s.createdAt());
        n.status = s.status();
        n.survivorId = s.survivorId();
        n.absorbed.addAll(s.absorbed());
        s.current().forEach((k, v) -> n.current.put(k, new TreeSet<>(v)));
        s.aliases().forEach((k, v) -> n.aliases.put(k, new TreeSet<>(v)));
        n.records.addAll(s.records());
        n.version = s.version();
        nodes.put(n.id, n);
        n.current.forEach((attr, values) -> values.forEach(v -> {
            IdentifierKey key = new IdentifierKey(attr, v);
            if (template.attribute(attr).map(AttributeDefinition::linking).orElse(true)) linkingIndex.put(key, n.id);
            else sharedIndex.computeIfAbsent(key, x -> new TreeSet<>()).add(n.id);
        }));
        n.aliases.forEach((attr, values) -> values.forEach(v -> linkingIndex.put(new IdentifierKey(attr, v), n.id)));
        for (SourceRecordKey k : n.records) recordOwner.put(k, n.id);
        return true;
    }

    /** A stored record, replacing what the graph held under its key. */
    void load(SourceRecord r) {
        records.put(r.key(), r);
        candidates.put(r);
    }

    // ------------------------------------------------------------------------------------------ what changed

    /** The ids of the nodes changed since the last call. */
    Set<String> takeTouchedNodes() {
        Set<String> out = touchedNodes;
        touchedNodes = new HashSet<>();
        return out;
    }

    /** The keys of the records added, changed or removed since the last call. */
    Set<SourceRecordKey> takeTouchedRecords() {
        Set<SourceRecordKey> out = touchedRecords;
        touchedRecords = new HashSet<>();
        return out;
    }
}
