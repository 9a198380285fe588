package io.onefold.core.identity;

import io.onefold.core.error.IdentifierConflictException;
import io.onefold.core.error.ValidationException;
import io.onefold.core.matching.MatchDecision;
import io.onefold.core.error.Violation;
import io.onefold.core.model.Contribution;
import io.onefold.core.model.NormalizedObservation;
import io.onefold.core.model.ProfileIdentifiers;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.core.rules.MergeRuleSet;
import io.onefold.core.schema.AttributeDefinition;
import io.onefold.core.schema.NullBehavior;
import io.onefold.core.schema.ObservationValidator;
import io.onefold.core.schema.ProfileTemplate;
import io.onefold.core.schema.UpdateBehavior;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides what an upsert does, checking everything before anything changes (the matching rules are on
 * {@link IdentityGraph}): which profiles the observation names — none, one, or several to merge if {@link MergeGuard}
 * allows — and what happens to the cluster's identifiers: new values, a {@code single} identifier already set (a
 * conflict, unless the identifier authority's own record transfers it), an alias that comes back as current.
 * Reads the {@link IdentityIndex}; changes nothing.
 */
final class UpsertPlanner {
    private final ProfileTemplate template;
    private final MergeRuleSet rules;
    private final ObservationValidator validator;
    private final MergeGuard guard;
    private final IdentityIndex index;
    private final ProbabilisticMatcher matcher;

    UpsertPlanner(ProfileTemplate template, MergeRuleSet rules, ObservationValidator validator, MergeGuard guard, IdentityIndex index,
                  ProbabilisticMatcher matcher) {
        this.template = template;
        this.rules = rules;
        this.validator = validator;
        this.guard = guard;
        this.index = index;
        this.matcher = matcher;
    }

    UpsertPlan plan(NormalizedObservation obs) {
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
        if (obs.profileId() != null) roots.add(index.activeRoot(obs.profileId(), "profile_id"));
        if (explicitKey != null && index.recordOwner(explicitKey) != null) roots.add(index.root(index.recordOwner(explicitKey)));
        for (IdentifierKey key : linking) {
            String owner = index.owner(key);
            if (owner != null) roots.add(index.root(owner));
        }
        if (roots.isEmpty() && linking.isEmpty()) {
            // a shared value (a household phone) decides only when nothing more specific is known
            for (IdentifierKey key : shared) {
                Set<String> owners = index.sharedRoots(key);
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
        if (roots.size() > 1) {
            guard.checkAutomatic(parties(roots), incomingValues(linking, shared, roots), index::neverSame);
        }
        // 3. probabilistic matching: profiles the identifiers did not name, merged or queued for review
        Map<String, MatchCandidate> matched = new LinkedHashMap<>();
        List<MatchCandidate> reviews = new ArrayList<>();
        if (matcher.scores(roots)) {
            for (MatchCandidate c : matcher.candidates(obs, roots)) {
                LinkedHashSet<String> with = new LinkedHashSet<>(roots);
                with.addAll(matched.keySet());
                if (with.stream().anyMatch(r -> index.neverSame(r, c.profileId()))) continue; // an operator said so
                if (c.score().decision() != MatchDecision.AUTO_MERGE) {
                    reviews.add(c);
                    continue;
                }
                with.add(c.profileId());
                try {
                    guard.checkAutomatic(parties(with), incomingValues(linking, shared, with), index::neverSame);
                    matched.put(c.profileId(), c);
                } catch (IdentifierConflictException refused) {
                    reviews.add(c.blocked(refused.getMessage()));
                }
            }
        }
        if (create && matched.isEmpty()) {
            List<Violation> missing = validator.missingRequired(obs);
            if (!missing.isEmpty()) throw new ValidationException(missing);
        }
        LinkedHashSet<String> all = new LinkedHashSet<>(roots);
        all.addAll(matched.keySet());
        List<ProfileNode> parties = all.stream().map(index::node).sorted(ProfileNode::age).toList();
        ProfileIdentifiers clusterIds = parties.isEmpty() ? ProfileIdentifiers.NONE : index.union(parties.stream().flatMap(p -> index.cluster(p.id).stream()).toList());
        SourceRecord existingRecord = explicitKey == null ? null : index.record(explicitKey);
        List<IdentifierChange> changes = planIdentifiers(obs, linking, shared, clusterIds, existingRecord,
                parties.stream().map(p -> p.id).toList());
        return new UpsertPlan(obs, create, parties, linking, explicitKey, changes, contributions(obs), matched, reviews);
    }

    /** The roots as merge parties, oldest first (the order every message and decision names them in). */
    private List<MergeGuard.Party> parties(Collection<String> roots) {
        return roots.stream().map(index::node).sorted(ProfileNode::age).map(n -> new MergeGuard.Party(n.id, index.identifiersOf(n.id))).toList();
    }

    /** The observation's identifier values that none of the parties holds yet, per attribute. */
    private Map<String, Set<String>> incomingValues(List<IdentifierKey> linking, List<IdentifierKey> shared, Set<String> roots) {
        Map<String, Set<String>> incoming = new HashMap<>();
        for (IdentifierKey key : linking) {
            if (index.owner(key) == null) incoming.computeIfAbsent(key.attribute(), k -> new TreeSet<>()).add(key.value());
        }
        for (IdentifierKey key : shared) {
            if (index.sharedRoots(key).stream().noneMatch(roots::contains)) incoming.computeIfAbsent(key.attribute(), k -> new TreeSet<>()).add(key.value());
        }
        return incoming;
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
            if (isLinking && index.owner(key) != null) {
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

    /** What the observation contributes to its source record: its values, and the retractions and omissions its rules imply. */
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
}
