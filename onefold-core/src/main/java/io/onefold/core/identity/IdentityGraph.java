package io.onefold.core.identity;

import io.onefold.core.model.NormalizedObservation;
import io.onefold.core.model.Observation;
import io.onefold.core.model.ProfileIdentifiers;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.resolution.GoldenProfile;
import io.onefold.core.resolution.Resolver;
import io.onefold.core.rules.MergeRuleSet;
import io.onefold.core.schema.IdentifierNormalizer;
import io.onefold.core.schema.ObservationValidator;
import io.onefold.core.schema.ProfileTemplate;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
 * (no linking value, record or profile id) and exactly one profile holds them; blocked values never match. A value
 * matched as an alias changes no current value. A new value for a {@code single} identifier already set is a
 * conflict — unless it comes from the identifier authority's own record, newer than what that record said before:
 * then it is an automatic transfer (an older one arriving late becomes an alias, so arrival order does not matter).
 *
 * <h2>Where each part lives</h2>
 * This class is the facade; the work is done by package-private collaborators:
 * <ul>
 *   <li>{@link IdentityIndex}: layers 1 and 2 — nodes, the linking and shared value indexes, records and their
 *       owners; roots, clusters, identifier unions. The one place that changes them, noting what it changed.</li>
 *   <li>{@link IdentityLinks}: the links, in the order they were made; retracted, never deleted.</li>
 *   <li>{@link UpsertPlanner}: what an observation names and what it will do, checked before anything changes
 *       ({@link UpsertPlan}, {@link IdentifierChange}).</li>
 *   <li>{@link IdentityCommands}: carrying out an upsert plan, and the operator's commands.</li>
 *   <li>{@link GoldenCache}: layer 3, resolved on demand and refreshed by the commands.</li>
 *   <li>{@link ChangeTracker}: {@link #load} and the baseline that {@link #changes} compares against — only for
 *       what operations touched since, so that one operation on a graph of thousands of clusters costs what it
 *       touched.</li>
 * </ul>
 *
 * <p>Not thread-safe: callers serialize writes (the store's single writer does).
 */
public final class IdentityGraph {
    private final ProfileTemplate template;
    private final MergeRuleSet rules;
    private final ObservationValidator validator;
    private final IdentityLinks links;
    private final IdentityIndex index;
    private final GoldenCache golden;
    private final UpsertPlanner planner;
    private final IdentityCommands commands;
    private final ChangeTracker tracker;
    private final ProbabilisticMatcher matcher;
    private final MergeGuard guard;
    private final ProfileMatching matching;
    private final MatchExplainer explainer;

    public IdentityGraph(ProfileTemplate template, MergeRuleSet rules, IdentifierNormalizer normalizer, ProfileIdFactory ids, Supplier<Instant> clock) {
        this.template = template;
        this.rules = rules;
        this.validator = new ObservationValidator(template, normalizer);
        this.guard = new MergeGuard(template);
        this.links = new IdentityLinks(clock);
        this.index = new IdentityIndex(template, normalizer, links, new CandidateIndex(rules.matching().orElse(null)));
        this.golden = new GoldenCache(index, new Resolver(template, rules));
        this.matcher = new ProbabilisticMatcher(index);
        this.planner = new UpsertPlanner(template, rules, validator, guard, index, matcher);
        this.explainer = new MatchExplainer(index, matcher, guard);
        this.matching = new ProfileMatching(index, links, golden, explainer);
        this.commands = new IdentityCommands(template, guard, ids, index, links, golden, matching);
        this.tracker = new ChangeTracker(index, links, golden);
    }

    public ProfileTemplate template() {
        return template;
    }

    public MergeRuleSet rules() {
        return rules;
    }

    /**
     * Reuses what a batch computed for matching before the graph runs (the pipeline scores candidate records before it
     * reads their clusters): the incoming observations' values and keys, and their scores against records the graph
     * holds unchanged. Refused under other matching rules than the graph's, or without any.
     */
    public void reuse(MatchMemo memo) {
        index.candidates().reuse(memo);
    }

    // ------------------------------------------------------------------------------------------ upsert

    public UpsertResult upsert(Observation observation) {
        return upsert(validator.validate(observation));
    }

    /** An upsert of an observation already validated against this graph's template (the service validates on the caller's thread). */
    public UpsertResult upsert(NormalizedObservation obs) {
        return commands.upsert(planner.plan(obs));
    }

    // ------------------------------------------------------------------------------------------ operator actions

    /** An operator asserts that the profiles are one person. Where single identifiers differ, the survivor's stays current. */
    public ProfileView merge(List<String> profileIds, String reason) {
        return commands.merge(profileIds, reason);
    }

    /** An operator asserts that two profiles are never the same person: no automatic merge may join them. */
    public void neverTheSame(String a, String b, String reason) {
        commands.neverTheSame(a, b, reason);
    }

    /**
     * Undoes a merge: {@code absorbedId} (or, when null, the profile most recently merged into {@code profileId})
     * becomes a profile of its own again, with the records and identifiers it had. A "never the same" link is
     * asserted between the two, so the next bridging observation is refused (409) instead of merging them again.
     *
     * @return the restored profile
     */
    public ProfileView unmerge(String profileId, String absorbedId) {
        return commands.unmerge(profileId, absorbedId);
    }

    /** An operator accepts a queued possible match: the two profiles merge (as a manual merge) and the link is retracted. */
    public ProfileView acceptMatch(String linkId, String reason) {
        return commands.acceptMatch(linkId, reason);
    }

    /** An operator rejects a queued possible match: the two profiles are linked as never the same, the link is retracted. */
    public void rejectMatch(String linkId, String reason) {
        commands.rejectMatch(linkId, reason);
    }

    /**
     * Why two profiles would or would not merge: their best pair of records' score under the active matching rules,
     * the decision the thresholds give, and what merge protection says. Changes nothing.
     */
    public MatchExplanation explainMatch(String profileId, String otherProfileId) {
        return explainer.explain(profileId, otherProfileId);
    }

    /**
     * Scores two existing profiles and does what an upsert would have done with them: an automatic merge at or above
     * the auto-merge threshold (through merge protection; a refusal queues them instead), a possible match between the
     * thresholds, nothing below or for a "never the same" pair. {@code foundBy} names what found the pair in the
     * evidence ({@code onefold match rebuild}).
     */
    public MatchApplied applyMatch(String profileId, String otherProfileId, String foundBy) {
        if (!matcher.active()) throw new io.onefold.core.error.StateConflictException("the active rule set has no matching rules (its 'matching' section)");
        return matching.apply(profileId, otherProfileId, foundBy);
    }

    /** Adds an old identifier value as an alias: it finds the profile but is not current. */
    public ProfileView addAlias(String profileId, String attribute, String rawValue) {
        return commands.addAlias(profileId, attribute, rawValue);
    }

    public ProfileView removeAlias(String profileId, String attribute, String rawValue) {
        return commands.removeAlias(profileId, attribute, rawValue);
    }

    /**
     * Makes {@code newValue} current and keeps the replaced value as an alias, atomically. For a {@code single}
     * identifier every current value is replaced; for {@code multiple}, {@code fromValue} names the one replaced.
     * A {@code fromValue} is a precondition (like {@code If-Match}): when it is not current, the caller's view is
     * stale and nothing changes — unless {@code newValue} is current already and {@code fromValue} no longer is,
     * which is this very transfer retried (nothing would be replaced): the profile is answered unchanged.
     */
    public ProfileView transferIdentifier(String profileId, String attribute, String fromValue, String newValue) {
        return commands.transferIdentifier(profileId, attribute, fromValue, newValue);
    }

    /** Removes one source record and its contributions; identifier values only it had asserted leave the profile. */
    public ProfileView deleteRecord(String source, String sourceRecordId) {
        return commands.deleteRecord(source, sourceRecordId);
    }

    /** Erases a profile: records, contributions, identifiers, aliases. Only a tombstone (id, status) remains. */
    public List<String> erase(String profileId) {
        return commands.erase(profileId);
    }

    /**
     * Puts a record back with fewer contributions ({@link Erasure}: another person's values removed from it), or
     * removes it when none is left; its profile is re-derived. Identifier entries are not touched: the values removed
     * are the erased profile's.
     */
    void replaceRecord(SourceRecord next) {
        commands.replaceRecord(next);
    }

    // ------------------------------------------------------------------------------------------ reads

    /** A profile by id; an absorbed id answers its survivor with {@code redirectedFrom} set. */
    public Optional<ProfileView> get(String profileId) {
        ProfileNode n = index.node(profileId);
        if (n == null) return Optional.empty();
        String root = index.root(profileId);
        if (index.node(root).status != ProfileStatus.ACTIVE) return Optional.empty();
        return Optional.of(golden.view(root, root.equals(profileId) ? null : profileId));
    }

    public Optional<ProfileStatus> status(String profileId) {
        return Optional.ofNullable(index.node(profileId)).map(n -> n.status);
    }

    /** The profile a (raw) identifier value finds: current values and aliases, normalized first. */
    public Optional<ProfileView> lookup(String attribute, String rawValue) {
        IdentifierKey key = index.keyOf(attribute, rawValue);
        String owner = index.owner(key);
        if (owner != null) return Optional.of(golden.view(index.root(owner), null));
        Set<String> owners = index.sharedRoots(key);
        return owners.size() == 1 ? Optional.of(golden.view(owners.iterator().next(), null)) : Optional.empty();
    }

    /** Every active profile, ordered by id. */
    public List<ProfileView> profiles() {
        return index.nodes().stream().filter(n -> n.status == ProfileStatus.ACTIVE).map(n -> n.id).sorted().map(id -> golden.view(id, null)).toList();
    }

    public List<IdentityLink> links() {
        return List.copyOf(links.all());
    }

    /** The source records of a profile's cluster, ordered by key. */
    public List<SourceRecord> recordsOf(String profileId) {
        return index.recordsOf(profileId);
    }

    /** Resolves a profile from nothing: its records and identity, through the pure resolver; never cached. */
    public GoldenProfile rebuild(String profileId) {
        return golden.rebuild(index.root(profileId));
    }

    /** The cached golden profile (what incremental updates produced). */
    public GoldenProfile cached(String profileId) {
        return golden.of(index.root(profileId));
    }

    public ProfileIdentifiers identifiersOf(String profileId) {
        return index.identifiersOf(profileId);
    }

    // ------------------------------------------------------------------------------------------ persistence

    /**
     * Loads part of a stored graph: whole clusters (a root and every node absorbed into it), their records, and
     * every link touching them. A store loads the clusters an operation can reach — the owners of the values it
     * names — runs the operation, then writes {@link #changes()}. What is loaded becomes the baseline; golden
     * profiles are resolved only when an operation or a reader needs them.
     */
    public void load(Collection<NodeState> states, Collection<SourceRecord> loadedRecords, Collection<IdentityLink> loadedLinks) {
        tracker.load(states, loadedRecords, loadedLinks);
    }

    /** Everything changed since the load (or the previous call), and resets the baseline. */
    public GraphChanges changes() {
        return tracker.changes();
    }

    /** Every record the graph holds, ordered by key. */
    public List<SourceRecord> records() {
        return index.records().stream().sorted(Comparator.comparing(SourceRecord::key)).toList();
    }

    /** Every node the graph holds, as a store would keep it. */
    public List<NodeState> nodeStates() {
        return index.nodes().stream().map(ProfileNode::state).sorted(Comparator.comparing(NodeState::id)).toList();
    }

    // for tests of this package: what the collaborators did, counted

    ChangeTracker changeTracker() {
        return tracker;
    }

    GoldenCache goldenCache() {
        return golden;
    }
}
