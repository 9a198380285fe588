package io.onefold.core.identity;

import io.onefold.core.error.FromValueConflictException;
import io.onefold.core.error.IdentifierConflictException;
import io.onefold.core.error.NotFoundException;
import io.onefold.core.error.StateConflictException;
import io.onefold.core.error.ValidationException;
import io.onefold.core.model.Contribution;
import io.onefold.core.model.NormalizedObservation;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.core.resolution.GoldenProfile;
import io.onefold.core.schema.AttributeDefinition;
import io.onefold.core.schema.ProfileTemplate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The operations that change the graph: carrying out a checked upsert plan, and the operator's commands — merge,
 * "never the same", unmerge, alias addition and removal, identifier transfer, record deletion, erasure. Each checks
 * what it needs before it changes anything, changes the {@link IdentityIndex}, bumps the versions of the roots it
 * changed and refreshes their golden profiles ({@link GoldenCache}).
 */
final class IdentityCommands {
    private final ProfileTemplate template;
    private final MergeGuard guard;
    private final ProfileIdFactory ids;
    private final IdentityIndex index;
    private final IdentityLinks links;
    private final GoldenCache golden;
    private final ProfileMatching matching;

    IdentityCommands(ProfileTemplate template, MergeGuard guard, ProfileIdFactory ids, IdentityIndex index, IdentityLinks links, GoldenCache golden,
                     ProfileMatching matching) {
        this.matching = matching;
        this.template = template;
        this.guard = guard;
        this.ids = ids;
        this.index = index;
        this.links = links;
        this.golden = golden;
    }

    // ------------------------------------------------------------------------------------------ upsert

    /** Step 3 of an upsert: the plan's checks passed, nothing can be refused any more. */
    UpsertResult upsert(UpsertPlan plan) {
        NormalizedObservation obs = plan.observation();
        boolean create = plan.create();
        List<ProfileNode> parties = plan.parties();
        SourceRecordKey explicitKey = plan.explicitKey();
        ProfileNode target;
        List<String> absorbed = new ArrayList<>();
        GoldenProfile before = null;
        // a profile matched only probabilistically still gets a node of its own, absorbed at once: an unmerge restores it
        ProfileNode fresh = create ? newNode(obs) : null;
        if (parties.isEmpty()) {
            target = fresh;
        } else {
            target = parties.get(0);
            // only what is cached: a loaded cluster is not resolved for this (its changed attributes are then all of them)
            before = golden.cachedOrNull(target.id);
            List<ProfileNode> merged = new ArrayList<>(parties.subList(1, parties.size()));
            if (fresh != null) merged.add(fresh);
            for (ProfileNode other : merged) {
                index.absorb(other, target, LinkOrigin.AUTOMATIC, MatchEvidence.of(plan, other.id, target.id), false);
                golden.forget(other.id);
                absorbed.add(other.id);
            }
        }
        ProfileNode holder = fresh != null ? fresh : holder(target, absorbed, plan.linking(), explicitKey);
        for (IdentifierChange change : plan.changes()) change.apply(index, target, holder);

        SourceRecordKey key = explicitKey != null ? explicitKey : SourceRecordKey.implicit(obs.source(), holder.id);
        List<Contribution> incoming = plan.incoming();
        SourceRecord previous = index.record(key);
        boolean newRecord = previous == null;
        boolean recordChanged;
        if (explicitKey == null && !create && absorbed.isEmpty() && changesNothing(target.id, obs.source(), incoming)) {
            // the source's implicit records in this cluster (one per profile merged in, folded into one by the
            // resolver) already say all of it: replaying an observation after a merge changes nothing
            recordChanged = false;
        } else {
            if (newRecord) {
                previous = SourceRecord.empty(key);
                index.addRecord(holder, key);
            }
            SourceRecord next = previous.apply(incoming, obs.observedAt());
            index.putRecord(next);
            recordChanged = newRecord || !next.sameContributions(previous);
        }
        boolean reviewed = queueReviews(target, plan.reviews());
        boolean changed = create || !absorbed.isEmpty() || !plan.changes().isEmpty() || recordChanged || reviewed;
        if (changed) index.bumpVersion(target);
        // nothing changed: the cached golden profile is still exact (rebuild() checks that in tests)
        GoldenProfile after = changed || !golden.holds(target.id) ? golden.refresh(target.id) : golden.cachedOrNull(target.id);
        Outcome outcome = !absorbed.isEmpty() ? Outcome.MERGED : create ? Outcome.CREATED : changed ? Outcome.UPDATED : Outcome.UNCHANGED;
        return new UpsertResult(outcome, golden.view(target.id, null), absorbed, GoldenCache.changedAttributes(before, after));
    }

    private ProfileNode newNode(NormalizedObservation obs) {
        NewProfileId issued = ids.newProfile(obs);
        String id = issued.id();
        // a content-derived id repeats when the same observation creates a profile again (after an erasure,
        // say): derive the next one deterministically, so `onefold resolve` stays stable
        for (int n = 1; index.node(id) != null; n++) {
            id = java.util.UUID.nameUUIDFromBytes((issued.id() + "#" + n).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        }
        return index.create(id, issued.createdAt());
    }

    /** The plan's reviews queued from the upserted profile; true if any link was added. */
    private boolean queueReviews(ProfileNode target, List<MatchCandidate> reviews) {
        boolean added = false;
        for (MatchCandidate c : reviews) added |= matching.queue(target, c, null);
        return added;
    }

    /**
     * Which node of the cluster receives a new record and the new identifiers it brings: the one node owning every
     * linking identifier the observation matched on — so that an unmerge takes the record with the identifiers it
     * was matched by (a CRM record found by an email goes back with that email); for a known record, the node holding
     * it; else the root.
     */
    private ProfileNode holder(ProfileNode root, List<String> absorbed, Collection<IdentifierKey> linking, SourceRecordKey explicitKey) {
        if (explicitKey != null && index.recordOwner(explicitKey) != null) return index.node(index.recordOwner(explicitKey));
        if (!absorbed.isEmpty()) return root;
        String owner = null;
        for (IdentifierKey key : linking) {
            String o = index.owner(key);
            if (o == null) continue;
            if (owner != null && !owner.equals(o)) return root;
            owner = o;
        }
        return owner == null ? root : index.node(owner);
    }

    /** Whether every contribution is already superseded by (or equal to) the folded implicit records of the source in the cluster. */
    private boolean changesNothing(String root, String source, List<Contribution> incoming) {
        Map<String, Contribution> folded = new HashMap<>();
        for (ProfileNode n : index.cluster(root)) {
            for (SourceRecordKey k : n.records) {
                if (!k.isImplicit() || !k.source().equals(source)) continue;
                for (Contribution c : index.record(k).contributions().values()) folded.merge(c.attribute(), c, Contribution::fold);
            }
        }
        if (folded.isEmpty()) return false;
        for (Contribution c : incoming) {
            Contribution current = folded.get(c.attribute());
            if (!Contribution.fold(current, c).equals(current)) return false;
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------ operator actions

    ProfileView merge(List<String> profileIds, String reason) {
        LinkedHashSet<String> roots = new LinkedHashSet<>();
        for (int i = 0; i < profileIds.size(); i++) roots.add(index.activeRoot(profileIds.get(i), "profile_ids[" + i + "]"));
        if (roots.size() < 2) throw new StateConflictException("the profiles named are already one profile");
        List<ProfileNode> parties = roots.stream().map(index::node).sorted(ProfileNode::age).toList();
        guard.checkManual(parties.stream().map(p -> new MergeGuard.Party(p.id, index.identifiersOf(p.id))).toList(), index::neverSame);
        ProfileNode survivor = parties.get(0);
        for (ProfileNode other : parties.subList(1, parties.size())) {
            index.absorb(other, survivor, LinkOrigin.MANUAL, reason == null ? "manual merge" : reason, true);
            golden.forget(other.id);
        }
        index.bumpVersion(survivor);
        golden.refresh(survivor.id);
        return golden.view(survivor.id, null);
    }

    ProfileView acceptMatch(String linkId, String reason) {
        int position = queued(linkId);
        IdentityLink link = links.all().get(position);
        String a = index.activeRoot(link.fromProfileId(), "link.from_profile_id");
        String b = index.activeRoot(link.toProfileId(), "link.to_profile_id");
        ProfileView merged = a.equals(b) ? golden.view(a, null) : merge(List.of(a, b), reason == null ? "possible match accepted" : reason);
        links.replace(position, link.retract());
        return merged;
    }

    void rejectMatch(String linkId, String reason) {
        int position = queued(linkId);
        IdentityLink link = links.all().get(position);
        neverTheSame(link.fromProfileId(), link.toProfileId(), reason == null ? "possible match rejected" : reason);
        links.replace(position, link.retract());
    }

    /** The position of an asserted possible-match link; 404 when there is no such link, 409 when it was decided already. */
    private int queued(String linkId) {
        List<IdentityLink> all = links.all();
        for (int i = 0; i < all.size(); i++) {
            IdentityLink l = all.get(i);
            if (!l.id().equals(linkId) || l.kind() != LinkKind.POSSIBLE_MATCH) continue;
            if (!l.asserted()) throw new StateConflictException("possible match " + linkId + " was decided already");
            return i;
        }
        throw new NotFoundException("no possible match " + linkId);
    }

    void neverTheSame(String a, String b, String reason) {
        String ra = index.activeRoot(a, "profile_id");
        String rb = index.activeRoot(b, "other_profile_id");
        if (ra.equals(rb)) throw new StateConflictException("the two ids are already one profile (" + ra + "); unmerge them first");
        if (index.neverSame(ra, rb)) return;
        links.add(ra, rb, LinkKind.DIFFERENT, LinkOrigin.MANUAL, reason == null ? "never the same person" : reason, List.of());
        index.bumpVersion(index.node(ra));
        index.bumpVersion(index.node(rb));
    }

    ProfileView unmerge(String profileId, String absorbedId) {
        String root = index.activeRoot(profileId, "profile_id");
        List<IdentityLink> all = links.all();
        ProfileNode split;
        if (absorbedId == null) {
            IdentityLink last = null;
            for (IdentityLink link : all) {
                if (link.kind() == LinkKind.SAME && link.asserted() && index.root(link.fromProfileId()).equals(root)) last = link;
            }
            if (last == null) throw new StateConflictException("profile " + root + " absorbed no other profile");
            split = index.node(last.fromProfileId());
        } else {
            split = index.node(absorbedId);
            if (split == null || split.status != ProfileStatus.ABSORBED || !index.root(split.id).equals(root)) {
                throw new StateConflictException("profile " + absorbedId + " was not merged into " + root);
            }
        }
        // a demoted value comes back only where it still is: an operator may have moved it to another profile since
        Set<String> splitCluster = new HashSet<>();
        for (ProfileNode n : index.cluster(root)) splitCluster.add(n.id);
        Set<String> splitSide = subtree(split);
        for (int i = all.size() - 1; i >= 0; i--) {
            IdentityLink link = all.get(i);
            if (link.kind() == LinkKind.SAME && link.asserted() && link.fromProfileId().equals(split.id)) {
                for (IdentifierKey key : link.demoted()) {
                    boolean linkingKey = template.attribute(key.attribute()).map(AttributeDefinition::linking).orElse(true);
                    if (linkingKey) {
                        String ownerId = index.owner(key);
                        if (ownerId != null && !splitCluster.contains(ownerId)) continue;
                        ProfileNode owner = index.node(ownerId != null ? ownerId : split.id);
                        // a single identifier given a new current value since the merge (a transfer, an authority's record)
                        // keeps it on whichever side of the split the value lands: the demoted one stays an alias
                        boolean replaced = template.attribute(key.attribute()).map(AttributeDefinition::single).orElse(false)
                                && owner != null && hasCurrent(sideOf(owner.id, splitSide, splitCluster), key.attribute());
                        if (owner != null && owner.holdsAlias(key) && !replaced) index.makeCurrent(owner, key);
                    } else {
                        index.attachCurrent(split, key, false); // a non-linking value was dropped by the merge: it comes back
                    }
                }
                links.replace(i, link.retract());
                break;
            }
        }
        index.split(split);
        links.add(split.id, root, LinkKind.DIFFERENT, LinkOrigin.MANUAL, "unmerged", List.of());
        index.bumpVersion(split);
        index.bumpVersion(index.node(root));
        golden.refresh(root);
        golden.refresh(split.id);
        return golden.view(split.id, null);
    }

    /** A node and every node absorbed into it, directly or not: what an unmerge of that node takes away. */
    private Set<String> subtree(ProfileNode top) {
        Set<String> out = new HashSet<>();
        java.util.ArrayDeque<ProfileNode> todo = new java.util.ArrayDeque<>(List.of(top));
        while (!todo.isEmpty()) {
            ProfileNode n = todo.pop();
            if (out.add(n.id)) n.absorbed.forEach(id -> todo.push(index.node(id)));
        }
        return out;
    }

    /** The nodes that will be one profile with {@code nodeId} once the split is done. */
    private static Set<String> sideOf(String nodeId, Set<String> splitSide, Set<String> cluster) {
        if (splitSide.contains(nodeId)) return splitSide;
        Set<String> rest = new HashSet<>(cluster);
        rest.removeAll(splitSide);
        return rest;
    }

    private boolean hasCurrent(Set<String> nodeIds, String attribute) {
        for (String id : nodeIds) if (!index.node(id).current.getOrDefault(attribute, new java.util.TreeSet<>()).isEmpty()) return true;
        return false;
    }

    ProfileView addAlias(String profileId, String attribute, String rawValue) {
        String root = index.activeRoot(profileId, "profile_id");
        IdentifierKey key = index.keyOf(attribute, rawValue);
        AttributeDefinition def = template.attributes().get(attribute);
        if (!def.linking()) throw ValidationException.of("attribute", "'" + attribute + "' does not link profiles (links_profiles: false); it cannot be an alias");
        String owner = index.owner(key);
        if (owner != null) {
            if (index.root(owner).equals(root)) return golden.view(root, null);
            throw new IdentifierConflictException(attribute, List.of(root, index.root(owner)), "the value already identifies profile " + index.root(owner));
        }
        index.attachAlias(index.node(root), key);
        index.bumpVersion(index.node(root));
        golden.refresh(root);
        return golden.view(root, null);
    }

    ProfileView removeAlias(String profileId, String attribute, String rawValue) {
        String root = index.activeRoot(profileId, "profile_id");
        IdentifierKey key = index.keyOf(attribute, rawValue);
        String owner = index.owner(key);
        if (owner == null || !index.root(owner).equals(root) || !index.node(owner).holdsAlias(key)) {
            throw new NotFoundException("profile " + root + " has no such alias of '" + attribute + "'");
        }
        index.detachAlias(index.node(owner), key);
        index.bumpVersion(index.node(root));
        golden.refresh(root);
        return golden.view(root, null);
    }

    ProfileView transferIdentifier(String profileId, String attribute, String fromValue, String newValue) {
        String root = index.activeRoot(profileId, "profile_id");
        IdentifierKey key = index.keyOf(attribute, newValue);
        AttributeDefinition def = template.attributes().get(attribute);
        if (!def.single() && fromValue == null) throw ValidationException.of("from_value", "is required for a multiple identifier: name the value being replaced");
        IdentifierKey from = fromValue == null ? null : index.keyOf(attribute, fromValue);
        Set<String> current = index.identifiersOf(root).current(attribute);
        boolean alreadyCurrent = current.contains(key.value());
        if (from != null && !current.contains(from.value())) {
            if (alreadyCurrent) return golden.view(root, null);
            throw new FromValueConflictException(attribute, List.copyOf(current));
        }
        if (def.linking()) {
            String owner = index.owner(key);
            if (owner != null && !index.root(owner).equals(root)) {
                throw new IdentifierConflictException(attribute, List.of(root, index.root(owner)), "the new value already identifies profile " + index.root(owner));
            }
        }
        if (alreadyCurrent && (from == null || from.equals(key))) return golden.view(root, null);
        ProfileNode node = index.node(root);
        if (def.single()) index.demoteAll(root, attribute);
        else index.demote(from, root);
        // a multiple identifier whose new value is current already keeps it: only the named value is replaced
        if (def.single() || !alreadyCurrent) {
            String owner = def.linking() ? index.owner(key) : null;
            if (owner != null) index.makeCurrent(index.node(owner), key);
            else index.attachCurrent(node, key, def.linking());
        }
        index.bumpVersion(node);
        golden.refresh(root);
        return golden.view(root, null);
    }

    ProfileView deleteRecord(String source, String sourceRecordId) {
        SourceRecordKey key = SourceRecordKey.explicit(source, sourceRecordId);
        String owner = index.recordOwner(key);
        if (owner == null) throw new NotFoundException("no record '" + sourceRecordId + "' from source '" + source + "'");
        String root = index.root(owner);
        SourceRecord removed = index.removeRecord(key);
        Set<IdentifierKey> stillAsserted = new HashSet<>();
        for (SourceRecord r : index.recordsOf(root)) assertedIdentifiers(r, stillAsserted);
        Set<IdentifierKey> asserted = new HashSet<>();
        assertedIdentifiers(removed, asserted);
        for (IdentifierKey k : asserted) {
            if (stillAsserted.contains(k)) continue;
            for (ProfileNode n : index.cluster(root)) index.detachCurrent(n, k);
        }
        index.bumpVersion(index.node(root));
        golden.refresh(root);
        return golden.view(root, null);
    }

    List<String> erase(String profileId) {
        String root = index.activeRoot(profileId, "profile_id");
        List<String> erased = new ArrayList<>();
        for (ProfileNode n : index.cluster(root)) {
            index.erase(n);
            golden.forget(n.id);
            erased.add(n.id);
        }
        return erased;
    }

    void replaceRecord(SourceRecord next) {
        String owner = index.recordOwner(next.key());
        if (owner == null) throw new NotFoundException("no record " + next.key());
        if (next.contributions().values().stream().allMatch(Contribution::retracted)) index.removeRecord(next.key());
        else index.putRecord(next);
        String root = index.root(owner);
        index.bumpVersion(index.node(root));
        if (index.node(root).status == ProfileStatus.ACTIVE) golden.refresh(root);
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
}
