package io.onefold.core.identity;

import io.onefold.core.error.FromValueConflictException;
import io.onefold.core.error.IdentifierConflictException;
import io.onefold.core.error.NotFoundException;
import io.onefold.core.error.StateConflictException;
import io.onefold.core.error.ValidationException;
import io.onefold.core.error.Violation;
import io.onefold.core.model.Contribution;
import io.onefold.core.model.NormalizedObservation;
import io.onefold.core.model.Observation;
import io.onefold.core.model.ProfileIdentifiers;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.core.resolution.GoldenProfile;
import io.onefold.core.resolution.Resolver;
import io.onefold.core.rules.MergeRuleSet;
import io.onefold.core.schema.AttributeDefinition;
import io.onefold.core.schema.IdentifierNormalizer;
import io.onefold.core.schema.NullBehavior;
import io.onefold.core.schema.ObservationValidator;
import io.onefold.core.schema.ProfileTemplate;
import io.onefold.core.schema.UpdateBehavior;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The identity graph in memory: source records, the links that attach them to profiles, and the golden
 * profiles derived from both by the {@link Resolver}. Every operation checks everything it needs before it
 * changes anything, so a refused operation (400, 404, 409) leaves the graph exactly as it was.
 *
 * <h2>Layers</h2>
 * <ol>
 *   <li><b>Source records</b> ({@link SourceRecord}) as received, changed only by folding newer
 *       contributions in.</li>
 *   <li><b>Identity</b>: each profile id is a {@link ProfileNode} owning identifier entries (current values and
 *       aliases) and records. A merge points the absorbed node at its survivor with a {@code SAME} link; an
 *       unmerge retracts that link. A unique index maps each linking identifier value to the one node that
 *       owns it.</li>
 *   <li><b>Golden profiles</b>, recomputed from 1 and 2 after every change and cached; {@link #rebuild}
 *       recomputes one from nothing, and must always agree with the cache.</li>
 * </ol>
 *
 * <h2>Matching an upsert</h2>
 * The observation's {@code profile_id}, its source record (when it has a {@code source_record_id}) and its
 * linking identifier values each name a profile. None → create; one → update; several → merge into the oldest,
 * if {@link MergeGuard} allows. Non-linking values find a profile only when the observation names nothing else
 * (no linking value, record or profile id) and exactly one profile holds them; blocked values never match. A value matched as an alias changes no current value. A
 * new value for a {@code single} identifier already set is a conflict — unless it comes from the identifier
 * authority's own record, newer than what that record said before: then it is an automatic transfer (an older
 * one arriving late becomes an alias, so arrival order does not matter).
 *
 * <p>Not thread-safe: callers serialize writes (the store's single writer does).
 */
public final class IdentityGraph {
    private final ProfileTemplate template;
    private final MergeRuleSet rules;
    private final ObservationValidator validator;
    private final IdentifierNormalizer normalizer;
    private final Resolver resolver;
    private final MergeGuard guard;
    private final ProfileIdFactory ids;
    private final Supplier<Instant> clock;

    private final Map<String, ProfileNode> nodes = new HashMap<>();
    private final Map<IdentifierKey, String> linkingIndex = new HashMap<>();
    private final Map<IdentifierKey, Set<String>> sharedIndex = new HashMap<>();
    private final Map<SourceRecordKey, SourceRecord> records = new HashMap<>();
    private final Map<SourceRecordKey, String> recordOwner = new HashMap<>();
    private final List<IdentityLink> links = new ArrayList<>();
    private final Map<String, GoldenProfile> golden = new HashMap<>();

    // what was loaded (or last reported by changes()): the baseline that changes() compares against
    private final Map<String, NodeState> baselineNodes = new HashMap<>();
    private final Map<SourceRecordKey, SourceRecord> baselineRecords = new HashMap<>();
    private final Map<String, IdentityLink> baselineLinks = new HashMap<>();
    private long linkCounter;

    public IdentityGraph(ProfileTemplate template, MergeRuleSet rules, IdentifierNormalizer normalizer, ProfileIdFactory ids, Supplier<Instant> clock) {
        this.template = template;
        this.rules = rules;
        this.normalizer = normalizer;
        this.validator = new ObservationValidator(template, normalizer);
        this.resolver = new Resolver(template, rules);
        this.guard = new MergeGuard(template);
        this.ids = ids;
        this.clock = clock;
    }

    public ProfileTemplate template() {
        return template;
    }

    public MergeRuleSet rules() {
        return rules;
    }

    // ------------------------------------------------------------------------------------------ upsert

    public UpsertResult upsert(Observation observation) {
        return upsert(validator.validate(observation));
    }

    /** An upsert of an observation already validated against this graph's template (the service validates on the caller's thread). */
    public UpsertResult upsert(NormalizedObservation obs) {
        if (!rules.accepts(obs.source())) {
            throw ValidationException.of("source", "unknown source '" + obs.source() + "'; the active rule set '" + rules.ruleName()
                    + "' names " + String.join(", ", rules.sources().keySet()));
        }
        // 1. what the observation names
        List<IdentifierKey> linking = new ArrayList<>();
        List<IdentifierKey> shared = new ArrayList<>();
        List<Violation> blocked = new ArrayList<>();
        for (var e : obs.identifiers().entrySet()) {
            AttributeDefinition def = template.attributes().get(e.getKey());
            for (String v : e.getValue()) {
                if (def.blockedValues().contains(v)) blocked.add(new Violation("profile_data." + def.name(), "blocked value: never used for matching"));
                else if (def.linking()) linking.add(new IdentifierKey(def.name(), v));
                else shared.add(new IdentifierKey(def.name(), v));
            }
        }
        SourceRecordKey explicitKey = obs.sourceRecordId() == null ? null : SourceRecordKey.explicit(obs.source(), obs.sourceRecordId());
        LinkedHashSet<String> roots = new LinkedHashSet<>();
        if (obs.profileId() != null) roots.add(activeRoot(obs.profileId(), "profile_id"));
        if (explicitKey != null && recordOwner.containsKey(explicitKey)) roots.add(root(recordOwner.get(explicitKey)));
        for (IdentifierKey key : linking) {
            String owner = linkingIndex.get(key);
            if (owner != null) roots.add(root(owner));
        }
        if (roots.isEmpty() && linking.isEmpty()) {
            // a shared value (a household phone) decides only when nothing more specific is known
            for (IdentifierKey key : shared) {
                Set<String> owners = sharedRoots(key);
                if (owners.size() == 1) roots.add(owners.iterator().next());
            }
        }
        if (roots.isEmpty() && linking.isEmpty() && shared.isEmpty() && explicitKey == null) {
            List<Violation> v = new ArrayList<>(blocked);
            v.add(new Violation("profile_data", "carries no usable identifier (" + String.join(", ",
                    template.identifiers().stream().map(AttributeDefinition::name).toList())
                    + "), no source_record_id and no profile_id: the profile could never be found again"));
            throw new ValidationException(v);
        }

        // 2. decide, checking everything before changing anything
        boolean create = roots.isEmpty();
        if (create) {
            List<Violation> missing = validator.missingRequired(obs);
            if (!missing.isEmpty()) throw new ValidationException(missing);
        }
        List<ProfileNode> parties = roots.stream().map(nodes::get).sorted(ProfileNode::age).toList();
        if (parties.size() > 1) {
            guard.checkAutomatic(parties.stream().map(p -> new MergeGuard.Party(p.id, identifiersOf(p.id))).toList(),
                    incomingValues(obs, linking, shared, roots), this::neverSame);
        }
        ProfileIdentifiers clusterIds = create ? ProfileIdentifiers.NONE : union(parties.stream().flatMap(p -> cluster(p.id).stream()).toList());
        SourceRecord existingRecord = explicitKey == null ? null : records.get(explicitKey);
        List<IdentifierChange> changes = planIdentifiers(obs, linking, shared, clusterIds, existingRecord,
                parties.stream().map(p -> p.id).toList());

        // 3. apply
        ProfileNode target;
        List<String> absorbed = new ArrayList<>();
        GoldenProfile before = null;
        if (create) {
            NewProfileId issued = ids.newProfile(obs);
            String id = issued.id();
            // a content-derived id repeats when the same observation creates a profile again (after an erasure,
            // say): derive the next one deterministically, so `onefold resolve` stays stable
            for (int n = 1; nodes.containsKey(id); n++) {
                id = java.util.UUID.nameUUIDFromBytes((issued.id() + "#" + n).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
            }
            target = new ProfileNode(id, issued.createdAt());
            nodes.put(target.id, target);
        } else {
            target = parties.get(0);
            before = golden.get(target.id);
            for (ProfileNode other : parties.subList(1, parties.size())) {
                absorb(other, target, LinkOrigin.AUTOMATIC, "observation from " + obs.source() + " matched on "
                        + String.join(", ", linking.stream().map(IdentifierKey::attribute).distinct().sorted().toList()), false);
                absorbed.add(other.id);
            }
        }
        ProfileNode holder = holder(target, absorbed, linking, explicitKey);
        for (IdentifierChange change : changes) change.apply(this, target, holder);

        SourceRecordKey key = explicitKey != null ? explicitKey : SourceRecordKey.implicit(obs.source(), holder.id);
        List<Contribution> incoming = contributions(obs);
        SourceRecord previous = records.get(key);
        boolean newRecord = previous == null;
        boolean recordChanged;
        if (explicitKey == null && !create && absorbed.isEmpty() && changesNothing(target.id, obs.source(), incoming)) {
            // the source's implicit records in this cluster (one per profile merged in, folded into one by the
            // resolver) already say all of it: replaying an observation after a merge changes nothing
            recordChanged = false;
        } else {
            if (newRecord) {
                previous = SourceRecord.empty(key);
                recordOwner.put(key, holder.id);
                holder.records.add(key);
            }
            SourceRecord next = previous.apply(incoming, obs.observedAt());
            records.put(key, next);
            recordChanged = newRecord || !next.sameContributions(previous);
        }
        boolean changed = create || !absorbed.isEmpty() || !changes.isEmpty() || recordChanged;
        if (changed) target.version++;
        // nothing changed: the cached golden profile is still exact (rebuild() checks that in tests)
        GoldenProfile after = changed || !golden.containsKey(target.id) ? refresh(target.id) : golden.get(target.id);
        Outcome outcome = create ? Outcome.CREATED : !absorbed.isEmpty() ? Outcome.MERGED : changed ? Outcome.UPDATED : Outcome.UNCHANGED;
        return new UpsertResult(outcome, view(target.id, null), absorbed, changedAttributes(before, after));
    }

    /**
     * Which node of the cluster receives a new record and the new identifiers it brings: the one node owning every
     * linking identifier the observation matched on — so that an unmerge takes the record with the identifiers it
     * was matched by (a CRM record found by an email goes back with that email); for a known record, the node holding
     * it; else the root.
     */
    private ProfileNode holder(ProfileNode root, List<String> absorbed, Collection<IdentifierKey> linking, SourceRecordKey explicitKey) {
        if (explicitKey != null && recordOwner.containsKey(explicitKey)) return nodes.get(recordOwner.get(explicitKey));
        if (!absorbed.isEmpty()) return root;
        String owner = null;
        for (IdentifierKey key : linking) {
            String o = linkingIndex.get(key);
            if (o == null) continue;
            if (owner != null && !owner.equals(o)) return root;
            owner = o;
        }
        return owner == null ? root : nodes.get(owner);
    }

    /** Whether every contribution is already superseded by (or equal to) the folded implicit records of the source in the cluster. */
    private boolean changesNothing(String root, String source, List<Contribution> incoming) {
        Map<String, Contribution> folded = new HashMap<>();
        for (ProfileNode n : cluster(root)) {
            for (SourceRecordKey k : n.records) {
                if (!k.isImplicit() || !k.source().equals(source)) continue;
                for (Contribution c : records.get(k).contributions().values()) folded.merge(c.attribute(), c, Contribution::fold);
            }
        }
        if (folded.isEmpty()) return false;
        for (Contribution c : incoming) {
            Contribution current = folded.get(c.attribute());
            if (!Contribution.fold(current, c).equals(current)) return false;
        }
        return true;
    }

    /** The observation's identifier values that none of the parties holds yet, per attribute. */
    private Map<String, Set<String>> incomingValues(NormalizedObservation obs, List<IdentifierKey> linking, List<IdentifierKey> shared, Set<String> roots) {
        Map<String, Set<String>> incoming = new HashMap<>();
        for (IdentifierKey key : linking) {
            if (linkingIndex.get(key) == null) incoming.computeIfAbsent(key.attribute(), k -> new TreeSet<>()).add(key.value());
        }
        for (IdentifierKey key : shared) {
            if (sharedRoots(key).stream().noneMatch(roots::contains)) incoming.computeIfAbsent(key.attribute(), k -> new TreeSet<>()).add(key.value());
        }
        return incoming;
    }

    /** A pending change to the target's identifiers, planned during the checks and applied after them. */
    /** A change to the cluster of {@code target} (its root); new values go to {@code holder}, the node that receives the record. */
    private sealed interface IdentifierChange permits IdentifierChange.AddCurrent, IdentifierChange.AddAlias, IdentifierChange.Promote, IdentifierChange.Transfer {
        void apply(IdentityGraph graph, ProfileNode target, ProfileNode holder);

        record AddCurrent(IdentifierKey key, boolean linking) implements IdentifierChange {
            public void apply(IdentityGraph g, ProfileNode target, ProfileNode holder) {
                g.attachCurrent(holder, key, linking);
            }
        }

        record AddAlias(IdentifierKey key) implements IdentifierChange {
            public void apply(IdentityGraph g, ProfileNode target, ProfileNode holder) {
                holder.addAlias(key);
                g.linkingIndex.put(key, holder.id);
            }
        }

        /** An alias of the cluster becomes current again; the current values become aliases. */
        record Promote(IdentifierKey key) implements IdentifierChange {
            public void apply(IdentityGraph g, ProfileNode target, ProfileNode holder) {
                g.demoteAll(target.id, key.attribute());
                ProfileNode owner = g.nodes.get(g.linkingIndex.get(key));
                owner.removeAlias(key);
                owner.addCurrent(key);
            }
        }

        /** Every current value of the attribute becomes an alias; {@code key} becomes current. */
        record Transfer(IdentifierKey key, boolean linking) implements IdentifierChange {
            public void apply(IdentityGraph g, ProfileNode target, ProfileNode holder) {
                g.demoteAll(target.id, key.attribute());
                g.attachCurrent(holder, key, linking);
            }
        }
    }

    private List<IdentifierChange> planIdentifiers(NormalizedObservation obs, List<IdentifierKey> linking, List<IdentifierKey> shared,
                                                   ProfileIdentifiers cluster, SourceRecord existingRecord, List<String> partyIds) {
        List<IdentifierChange> changes = new ArrayList<>();
        Map<String, Integer> added = new HashMap<>();
        List<IdentifierKey> all = new ArrayList<>(linking);
        all.addAll(shared);
        for (IdentifierKey key : all) {
            AttributeDefinition def = template.attributes().get(key.attribute());
            boolean isLinking = def.linking();
            if (isLinking && linkingIndex.containsKey(key)) {
                // already the cluster's; an alias comes back as current only when the authority's record says so
                if (def.single() && cluster.aliases(key.attribute()).contains(key.value()) && authorityTransfer(obs, existingRecord, key.attribute())) {
                    Contribution said = existingRecord.contributions().get(key.attribute());
                    Contribution now = Contribution.of(key.attribute(), obs.values().get(key.attribute()), obs.observedAt(), obs.explicit().contains(key.attribute()));
                    if (now.supersedes(said)) changes.add(new IdentifierChange.Promote(key));
                }
                continue;
            }
            if (!isLinking && (cluster.current(key.attribute()).contains(key.value()) || cluster.aliases(key.attribute()).contains(key.value()))) continue;
            Set<String> current = cluster.current(key.attribute());
            int already = added.getOrDefault(key.attribute(), 0);
            if (def.single()) {
                if (current.isEmpty() && already == 0) {
                    changes.add(new IdentifierChange.AddCurrent(key, isLinking));
                } else if (authorityTransfer(obs, existingRecord, key.attribute())) {
                    Contribution said = existingRecord.contributions().get(key.attribute());
                    Contribution now = Contribution.of(key.attribute(), obs.values().get(key.attribute()), obs.observedAt(), obs.explicit().contains(key.attribute()));
                    if (now.supersedes(said)) changes.add(new IdentifierChange.Transfer(key, isLinking));
                    else if (isLinking) changes.add(new IdentifierChange.AddAlias(key));
                } else {
                    throw new IdentifierConflictException(key.attribute(), partyIds, "profile " + partyIds.get(0) + " already has a different '"
                            + key.attribute() + "' (a single, immutable identifier); change it with an identifier transfer "
                            + "(POST /api/v2/customer-profile/profiles/" + partyIds.get(0) + "/identifier-transfers)"
                            + (rules.identifierAuthority() != null ? " or from the identifier authority '" + rules.identifierAuthority() + "'" : ""));
                }
            } else {
                if (def.maxValues() != null && current.size() + already + 1 > def.maxValues()) {
                    throw new IdentifierConflictException(key.attribute(), partyIds.isEmpty() ? List.of() : partyIds,
                            "'" + key.attribute() + "' would hold more than max_values (" + def.maxValues() + ") values");
                }
                changes.add(new IdentifierChange.AddCurrent(key, isLinking));
            }
            added.merge(key.attribute(), 1, Integer::sum);
        }
        return changes;
    }

    /** The authority's own record (same source_record_id) changing a single identifier it had sent before. */
    private boolean authorityTransfer(NormalizedObservation obs, SourceRecord existingRecord, String attribute) {
        if (rules.identifierAuthority() == null || !rules.identifierAuthority().equals(obs.source())) return false;
        if (existingRecord == null) return false;
        Contribution said = existingRecord.contributions().get(attribute);
        return said != null && !said.retracted();
    }

    private List<Contribution> contributions(NormalizedObservation obs) {
        List<Contribution> out = new ArrayList<>();
        obs.values().forEach((name, value) -> out.add(Contribution.of(name, value, obs.observedAt(), obs.explicit().contains(name))));
        for (AttributeDefinition def : template.attributes().values()) {
            if (obs.values().containsKey(def.name())) continue;
            UpdateBehavior update = rules.updateBehavior(def, obs.source());
            boolean sentNull = obs.nulls().contains(def.name());
            if (sentNull) {
                if (update == UpdateBehavior.REPLACE_ALL || rules.nullBehavior(def, obs.source()) == NullBehavior.RETRACT) {
                    out.add(Contribution.retraction(def.name(), obs.observedAt()));
                }
            } else if (update == UpdateBehavior.REPLACE_ALL && !def.identifier()) {
                out.add(Contribution.omission(def.name(), obs.observedAt()));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ operator actions

    /** An operator asserts that the profiles are one person. Where single identifiers differ, the survivor's stays current. */
    public ProfileView merge(List<String> profileIds, String reason) {
        LinkedHashSet<String> roots = new LinkedHashSet<>();
        for (int i = 0; i < profileIds.size(); i++) roots.add(activeRoot(profileIds.get(i), "profile_ids[" + i + "]"));
        if (roots.size() < 2) throw new StateConflictException("the profiles named are already one profile");
        List<ProfileNode> parties = roots.stream().map(nodes::get).sorted(ProfileNode::age).toList();
        guard.checkManual(parties.stream().map(p -> new MergeGuard.Party(p.id, identifiersOf(p.id))).toList(), this::neverSame);
        ProfileNode survivor = parties.get(0);
        for (ProfileNode other : parties.subList(1, parties.size())) {
            absorb(other, survivor, LinkOrigin.MANUAL, reason == null ? "manual merge" : reason, true);
        }
        survivor.version++;
        refresh(survivor.id);
        return view(survivor.id, null);
    }

    /** An operator asserts that two profiles are never the same person: no automatic merge may join them. */
    public void neverTheSame(String a, String b, String reason) {
        String ra = activeRoot(a, "profile_id");
        String rb = activeRoot(b, "other_profile_id");
        if (ra.equals(rb)) throw new StateConflictException("the two ids are already one profile (" + ra + "); unmerge them first");
        if (neverSame(ra, rb)) return;
        links.add(new IdentityLink(linkId(), ra, rb, LinkKind.DIFFERENT, LinkOrigin.MANUAL, LinkState.ASSERTED,
                reason == null ? "never the same person" : reason, clock.get(), List.of()));
        nodes.get(ra).version++;
        nodes.get(rb).version++;
    }

    /**
     * Undoes a merge: {@code absorbedId} (or, when null, the profile most recently merged into {@code profileId})
     * becomes a profile of its own again, with the records and identifiers it had. A "never the same" link is
     * asserted between the two, so the next bridging observation is refused (409) instead of merging them again.
     *
     * @return the restored profile
     */
    public ProfileView unmerge(String profileId, String absorbedId) {
        String root = activeRoot(profileId, "profile_id");
        ProfileNode split;
        if (absorbedId == null) {
            IdentityLink last = null;
            for (IdentityLink link : links) {
                if (link.kind() == LinkKind.SAME && link.asserted() && root(link.fromProfileId()).equals(root)) last = link;
            }
            if (last == null) throw new StateConflictException("profile " + root + " absorbed no other profile");
            split = nodes.get(last.fromProfileId());
        } else {
            split = nodes.get(absorbedId);
            if (split == null || split.status != ProfileStatus.ABSORBED || !root(split.id).equals(root)) {
                throw new StateConflictException("profile " + absorbedId + " was not merged into " + root);
            }
        }
        ProfileNode parent = nodes.get(split.survivorId);
        for (int i = links.size() - 1; i >= 0; i--) {
            IdentityLink link = links.get(i);
            if (link.kind() == LinkKind.SAME && link.asserted() && link.fromProfileId().equals(split.id)) {
                for (IdentifierKey key : link.demoted()) {
                    boolean linkingKey = template.attribute(key.attribute()).map(AttributeDefinition::linking).orElse(true);
                    if (linkingKey) {
                        ProfileNode owner = nodes.get(linkingIndex.getOrDefault(key, split.id));
                        if (owner != null && owner.removeAlias(key)) owner.addCurrent(key);
                    } else {
                        attachCurrent(split, key, false); // a non-linking value was dropped by the merge: it comes back
                    }
                }
                links.set(i, link.retract());
                break;
            }
        }
        parent.absorbed.remove(split.id);
        split.status = ProfileStatus.ACTIVE;
        split.survivorId = null;
        links.add(new IdentityLink(linkId(), split.id, root, LinkKind.DIFFERENT, LinkOrigin.MANUAL, LinkState.ASSERTED, "unmerged", clock.get(), List.of()));
        split.version++;
        nodes.get(root).version++;
        refresh(root);
        refresh(split.id);
        return view(split.id, null);
    }

    /** Adds an old identifier value as an alias: it finds the profile but is not current. */
    public ProfileView addAlias(String profileId, String attribute, String rawValue) {
        String root = activeRoot(profileId, "profile_id");
        IdentifierKey key = normalize(attribute, rawValue);
        AttributeDefinition def = template.attributes().get(attribute);
        if (!def.linking()) throw ValidationException.of("attribute", "'" + attribute + "' does not link profiles (links_profiles: false); it cannot be an alias");
        String owner = linkingIndex.get(key);
        if (owner != null) {
            if (root(owner).equals(root)) return view(root, null);
            throw new IdentifierConflictException(attribute, List.of(root, root(owner)), "the value already identifies profile " + root(owner));
        }
        nodes.get(root).addAlias(key);
        linkingIndex.put(key, root);
        nodes.get(root).version++;
        refresh(root);
        return view(root, null);
    }

    public ProfileView removeAlias(String profileId, String attribute, String rawValue) {
        String root = activeRoot(profileId, "profile_id");
        IdentifierKey key = normalize(attribute, rawValue);
        String owner = linkingIndex.get(key);
        if (owner == null || !root(owner).equals(root) || !nodes.get(owner).holdsAlias(key)) {
            throw new NotFoundException("profile " + root + " has no such alias of '" + attribute + "'");
        }
        nodes.get(owner).removeAlias(key);
        linkingIndex.remove(key);
        nodes.get(root).version++;
        refresh(root);
        return view(root, null);
    }

    /**
     * Makes {@code newValue} current and keeps the replaced value as an alias, atomically. For a {@code single}
     * identifier every current value is replaced; for {@code multiple}, {@code fromValue} names the one replaced.
     * A {@code fromValue} is a precondition (like {@code If-Match}): when it is not current, the caller's view is
     * stale and nothing changes — unless {@code newValue} is current already and {@code fromValue} no longer is,
     * which is this very transfer retried (nothing would be replaced): the profile is answered unchanged.
     */
    public ProfileView transferIdentifier(String profileId, String attribute, String fromValue, String newValue) {
        String root = activeRoot(profileId, "profile_id");
        IdentifierKey key = normalize(attribute, newValue);
        AttributeDefinition def = template.attributes().get(attribute);
        if (!def.single() && fromValue == null) throw ValidationException.of("from_value", "is required for a multiple identifier: name the value being replaced");
        IdentifierKey from = fromValue == null ? null : normalize(attribute, fromValue);
        Set<String> current = identifiersOf(root).current(attribute);
        boolean alreadyCurrent = current.contains(key.value());
        if (from != null && !current.contains(from.value())) {
            if (alreadyCurrent) return view(root, null);
            throw new FromValueConflictException(attribute, List.copyOf(current));
        }
        if (def.linking()) {
            String owner = linkingIndex.get(key);
            if (owner != null && !root(owner).equals(root)) {
                throw new IdentifierConflictException(attribute, List.of(root, root(owner)), "the new value already identifies profile " + root(owner));
            }
        }
        if (alreadyCurrent && (from == null || from.equals(key))) return view(root, null);
        ProfileNode node = nodes.get(root);
        if (def.single()) demoteAll(root, attribute);
        else demote(from, root);
        // a multiple identifier whose new value is current already keeps it: only the named value is replaced
        if (def.single() || !alreadyCurrent) {
            String owner = def.linking() ? linkingIndex.get(key) : null;
            if (owner != null) {
                nodes.get(owner).removeAlias(key);
                nodes.get(owner).addCurrent(key);
            } else {
                attachCurrent(node, key, def.linking());
            }
        }
        node.version++;
        refresh(root);
        return view(root, null);
    }

    /** Removes one source record and its contributions; identifier values only it had asserted leave the profile. */
    public ProfileView deleteRecord(String source, String sourceRecordId) {
        SourceRecordKey key = SourceRecordKey.explicit(source, sourceRecordId);
        String owner = recordOwner.get(key);
        if (owner == null) throw new NotFoundException("no record '" + sourceRecordId + "' from source '" + source + "'");
        String root = root(owner);
        SourceRecord removed = records.remove(key);
        recordOwner.remove(key);
        nodes.get(owner).records.remove(key);
        Set<IdentifierKey> stillAsserted = new HashSet<>();
        for (SourceRecord r : recordsOf(root)) assertedIdentifiers(r, stillAsserted);
        Set<IdentifierKey> asserted = new HashSet<>();
        assertedIdentifiers(removed, asserted);
        for (IdentifierKey k : asserted) {
            if (stillAsserted.contains(k)) continue;
            for (ProfileNode n : cluster(root)) {
                if (n.removeCurrent(k)) {
                    if (template.attributes().get(k.attribute()).linking()) linkingIndex.remove(k);
                    else removeShared(k, n.id);
                }
            }
        }
        nodes.get(root).version++;
        refresh(root);
        return view(root, null);
    }

    /** Erases a profile: records, contributions, identifiers, aliases. Only a tombstone (id, status) remains. */
    public List<String> erase(String profileId) {
        String root = activeRoot(profileId, "profile_id");
        List<String> erased = new ArrayList<>();
        for (ProfileNode n : cluster(root)) {
            for (SourceRecordKey k : n.records) {
                records.remove(k);
                recordOwner.remove(k);
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
            // links keep the demoted identifier values of a merge: those are personal data, so they go too
            for (int i = 0; i < links.size(); i++) {
                IdentityLink l = links.get(i);
                if ((l.fromProfileId().equals(n.id) || l.toProfileId().equals(n.id)) && !l.demoted().isEmpty()) {
                    links.set(i, new IdentityLink(l.id(), l.fromProfileId(), l.toProfileId(), l.kind(), l.origin(), l.state(), l.evidence(), l.at(), List.of()));
                }
            }
            n.survivorId = null;
            golden.remove(n.id);
            erased.add(n.id);
        }
        return erased;
    }

    /**
     * Puts a record back with fewer contributions ({@link Erasure}: another person's values removed from it), or
     * removes it when none is left; its profile is re-derived. Identifier entries are not touched: the values removed
     * are the erased profile's.
     */
    void replaceRecord(SourceRecord next) {
        String owner = recordOwner.get(next.key());
        if (owner == null) throw new NotFoundException("no record " + next.key());
        if (next.contributions().values().stream().allMatch(Contribution::retracted)) {
            records.remove(next.key());
            recordOwner.remove(next.key());
            nodes.get(owner).records.remove(next.key());
        } else {
            records.put(next.key(), next);
        }
        String root = root(owner);
        nodes.get(root).version++;
        if (nodes.get(root).status == ProfileStatus.ACTIVE) refresh(root);
    }

    // ------------------------------------------------------------------------------------------ reads

    /** A profile by id; an absorbed id answers its survivor with {@code redirectedFrom} set. */
    public Optional<ProfileView> get(String profileId) {
        ProfileNode n = nodes.get(profileId);
        if (n == null) return Optional.empty();
        String root = root(profileId);
        if (nodes.get(root).status != ProfileStatus.ACTIVE) return Optional.empty();
        return Optional.of(view(root, root.equals(profileId) ? null : profileId));
    }

    public Optional<ProfileStatus> status(String profileId) {
        return Optional.ofNullable(nodes.get(profileId)).map(n -> n.status);
    }

    /** The profile a (raw) identifier value finds: current values and aliases, normalized first. */
    public Optional<ProfileView> lookup(String attribute, String rawValue) {
        IdentifierKey key = normalize(attribute, rawValue);
        String owner = linkingIndex.get(key);
        if (owner != null) return Optional.of(view(root(owner), null));
        Set<String> owners = sharedRoots(key);
        return owners.size() == 1 ? Optional.of(view(owners.iterator().next(), null)) : Optional.empty();
    }

    /** Every active profile, ordered by id. */
    public List<ProfileView> profiles() {
        return nodes.values().stream().filter(n -> n.status == ProfileStatus.ACTIVE).map(n -> n.id).sorted().map(id -> view(id, null)).toList();
    }

    public List<IdentityLink> links() {
        return List.copyOf(links);
    }

    /** The source records of a profile's cluster, ordered by key. */
    public List<SourceRecord> recordsOf(String profileId) {
        List<SourceRecord> out = new ArrayList<>();
        for (ProfileNode n : cluster(root(profileId))) for (SourceRecordKey k : n.records) out.add(records.get(k));
        out.sort(Comparator.comparing(SourceRecord::key));
        return out;
    }

    /** Resolves a profile from nothing: its records and identity, through the pure resolver; never cached. */
    public GoldenProfile rebuild(String profileId) {
        String root = root(profileId);
        return resolver.resolve(recordsOf(root), identifiersOf(root));
    }

    /** The cached golden profile (what incremental updates produced). */
    public GoldenProfile cached(String profileId) {
        return goldenOf(root(profileId));
    }

    public ProfileIdentifiers identifiersOf(String profileId) {
        return union(cluster(root(profileId)));
    }

    // ------------------------------------------------------------------------------------------ persistence

    /**
     * Loads part of a stored graph: whole clusters (a root and every node absorbed into it), their records, and
     * every link touching them. A store loads the clusters an operation can reach — the owners of the values it
     * names — runs the operation, then writes {@link #changes()}. What is loaded becomes the baseline.
     */
    public void load(java.util.Collection<NodeState> states, java.util.Collection<SourceRecord> loadedRecords, java.util.Collection<IdentityLink> loadedLinks) {
        for (NodeState s : states) {
            if (nodes.containsKey(s.id())) continue;
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
            baselineNodes.put(n.id, s);
        }
        for (SourceRecord r : loadedRecords) {
            records.put(r.key(), r);
            baselineRecords.put(r.key(), r);
        }
        Set<String> known = new HashSet<>();
        links.forEach(l -> known.add(l.id()));
        for (IdentityLink l : loadedLinks) {
            if (known.add(l.id())) {
                links.add(l);
                baselineLinks.put(l.id(), l);
            }
        }
        // golden profiles of loaded clusters are resolved on demand (goldenOf): an upsert usually needs only one
    }

    /** Everything changed since the load (or the previous call), and resets the baseline. */
    public GraphChanges changes() {
        List<NodeState> changedNodes = new ArrayList<>();
        Set<String> touchedRoots = new TreeSet<>();
        for (ProfileNode n : nodes.values()) {
            NodeState now = state(n);
            if (!now.equals(baselineNodes.get(n.id))) {
                changedNodes.add(now);
                baselineNodes.put(n.id, now);
                touchedRoots.add(n.id);
            }
        }
        List<SourceRecord> changedRecords = new ArrayList<>();
        for (SourceRecord r : records.values()) {
            if (!r.equals(baselineRecords.get(r.key()))) {
                changedRecords.add(r);
                baselineRecords.put(r.key(), r);
                String owner = recordOwner.get(r.key());
                if (owner != null) touchedRoots.add(owner);
            }
        }
        List<SourceRecordKey> deleted = new ArrayList<>();
        for (SourceRecordKey k : List.copyOf(baselineRecords.keySet())) {
            if (!records.containsKey(k)) {
                deleted.add(k);
                baselineRecords.remove(k);
            }
        }
        List<IdentityLink> changedLinks = new ArrayList<>();
        for (IdentityLink l : links) {
            if (!l.equals(baselineLinks.get(l.id()))) {
                changedLinks.add(l);
                baselineLinks.put(l.id(), l);
            }
        }
        Map<String, ProfileView> roots = new TreeMap<>();
        for (String id : touchedRoots) {
            ProfileNode n = nodes.get(id);
            if (n.status == ProfileStatus.ERASED) continue;
            String root = root(id);
            if (nodes.get(root).status == ProfileStatus.ACTIVE) roots.put(root, view(root, null));
        }
        changedNodes.sort(Comparator.comparing(NodeState::id));
        changedRecords.sort(Comparator.comparing(SourceRecord::key));
        deleted.sort(null);
        return new GraphChanges(changedNodes, changedRecords, deleted, changedLinks, roots);
    }

    /** Every record the graph holds, ordered by key. */
    public List<SourceRecord> records() {
        return records.values().stream().sorted(Comparator.comparing(SourceRecord::key)).toList();
    }

    /** Every node the graph holds, as a store would keep it. */
    public List<NodeState> nodeStates() {
        return nodes.values().stream().map(IdentityGraph::state).sorted(Comparator.comparing(NodeState::id)).toList();
    }

    private static NodeState state(ProfileNode n) {
        return NodeState.of(n.id, n.createdAt, n.status, n.survivorId, n.absorbed, n.current, n.aliases, n.records, n.version);
    }

    private String linkId() {
        return "L" + System.nanoTime() + "-" + (++linkCounter) + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    // ------------------------------------------------------------------------------------------ internals

    private ProfileView view(String root, String redirectedFrom) {
        ProfileNode n = nodes.get(root);
        return new ProfileView(root, identifiersOf(root), goldenOf(root), n.createdAt, n.version, redirectedFrom);
    }

    private GoldenProfile goldenOf(String root) {
        GoldenProfile g = golden.get(root);
        return g != null ? g : refresh(root);
    }

    private GoldenProfile refresh(String root) {
        GoldenProfile g = resolver.resolve(recordsOf(root), identifiersOf(root));
        golden.put(root, g);
        return g;
    }

    private String root(String id) {
        ProfileNode n = nodes.get(id);
        while (n.status == ProfileStatus.ABSORBED) n = nodes.get(n.survivorId);
        return n.id;
    }

    private String activeRoot(String id, String field) {
        ProfileNode n = id == null ? null : nodes.get(id);
        if (n == null) throw new NotFoundException("no profile '" + id + "' (" + field + ")");
        String root = root(id);
        if (nodes.get(root).status == ProfileStatus.ERASED) throw new NotFoundException("profile '" + id + "' was erased (" + field + ")");
        return root;
    }

    private List<ProfileNode> cluster(String root) {
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

    private ProfileIdentifiers union(List<ProfileNode> members) {
        SortedMap<String, SortedSet<String>> current = new TreeMap<>();
        SortedMap<String, SortedSet<String>> aliases = new TreeMap<>();
        for (ProfileNode n : members) {
            n.current.forEach((k, v) -> current.computeIfAbsent(k, x -> new TreeSet<>()).addAll(v));
            n.aliases.forEach((k, v) -> aliases.computeIfAbsent(k, x -> new TreeSet<>()).addAll(v));
        }
        return new ProfileIdentifiers(current, aliases);
    }

    private boolean neverSame(String rootA, String rootB) {
        Set<String> a = new HashSet<>();
        cluster(rootA).forEach(n -> a.add(n.id));
        Set<String> b = new HashSet<>();
        cluster(rootB).forEach(n -> b.add(n.id));
        for (IdentityLink link : links) {
            if (link.kind() != LinkKind.DIFFERENT || !link.asserted()) continue;
            if ((a.contains(link.fromProfileId()) && b.contains(link.toProfileId())) || (b.contains(link.fromProfileId()) && a.contains(link.toProfileId()))) return true;
        }
        return false;
    }

    private Set<String> sharedRoots(IdentifierKey key) {
        Set<String> owners = sharedIndex.getOrDefault(key, Set.of());
        Set<String> out = new TreeSet<>();
        for (String o : owners) {
            String r = root(o);
            if (nodes.get(r).status == ProfileStatus.ACTIVE) out.add(r);
        }
        return out;
    }

    private void removeShared(IdentifierKey key, String nodeId) {
        Set<String> owners = sharedIndex.get(key);
        if (owners != null) {
            owners.remove(nodeId);
            if (owners.isEmpty()) sharedIndex.remove(key);
        }
    }

    private void attachCurrent(ProfileNode target, IdentifierKey key, boolean linking) {
        target.addCurrent(key);
        if (linking) linkingIndex.put(key, target.id);
        else sharedIndex.computeIfAbsent(key, k -> new TreeSet<>()).add(target.id);
    }

    /** Every current value of {@code attribute} in the cluster becomes an alias (non-linking values are dropped). */
    private void demoteAll(String root, String attribute) {
        for (ProfileNode n : cluster(root)) {
            for (String v : List.copyOf(n.current.getOrDefault(attribute, new TreeSet<>()))) demote(new IdentifierKey(attribute, v), n);
        }
    }

    private void demote(IdentifierKey key, String root) {
        for (ProfileNode n : cluster(root)) {
            if (n.holdsCurrent(key) && (linkingIndex.get(key) == null || linkingIndex.get(key).equals(n.id))) {
                demote(key, n);
                return;
            }
        }
    }

    private void demote(IdentifierKey key, ProfileNode owner) {
        owner.removeCurrent(key);
        if (template.attributes().get(key.attribute()).linking()) owner.addAlias(key);
        else removeShared(key, owner.id);
    }

    private void absorb(ProfileNode absorbed, ProfileNode survivor, LinkOrigin origin, String evidence, boolean demoteConflicts) {
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
        absorbed.status = ProfileStatus.ABSORBED;
        absorbed.survivorId = survivor.id;
        survivor.absorbed.add(absorbed.id);
        golden.remove(absorbed.id);
        links.add(new IdentityLink(linkId(), absorbed.id, survivor.id, LinkKind.SAME, origin, LinkState.ASSERTED, evidence, clock.get(), demoted));
    }

    private IdentifierKey normalize(String attribute, String rawValue) {
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

    private void assertedIdentifiers(SourceRecord record, Set<IdentifierKey> out) {
        for (Contribution c : record.contributions().values()) {
            if (c.retracted()) continue;
            Optional<AttributeDefinition> def = template.attribute(c.attribute()).filter(AttributeDefinition::identifier);
            if (def.isEmpty()) continue;
            if (c.value().isArray()) c.value().forEach(v -> out.add(new IdentifierKey(c.attribute(), v.asText())));
            else out.add(new IdentifierKey(c.attribute(), c.value().asText()));
        }
    }

    private static Set<String> changedAttributes(GoldenProfile before, GoldenProfile after) {
        Set<String> changed = new TreeSet<>();
        Map<String, Object> b = new LinkedHashMap<>();
        if (before != null) before.attributes().fields().forEachRemaining(e -> b.put(e.getKey(), e.getValue()));
        after.attributes().fields().forEachRemaining(e -> {
            if (!Objects.equals(b.remove(e.getKey()), e.getValue())) changed.add(e.getKey());
        });
        changed.addAll(b.keySet());
        return changed;
    }
}
