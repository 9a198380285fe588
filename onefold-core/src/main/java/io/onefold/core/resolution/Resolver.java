package io.onefold.core.resolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.json.CanonicalJson;
import io.onefold.core.json.Json;
import io.onefold.core.model.Contribution;
import io.onefold.core.model.ProfileIdentifiers;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.rules.AttributeRule;
import io.onefold.core.rules.MergeRuleSet;
import io.onefold.core.rules.ResolutionStrategy;
import io.onefold.core.rules.StalenessThreshold;
import io.onefold.core.schema.AttributeDefinition;
import io.onefold.core.schema.AttributeType;
import io.onefold.core.schema.Instants;
import io.onefold.core.schema.ProfileTemplate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The merge engine: a pure function from a profile's source records, its identifiers and the rules to its
 * golden record and lineage. Nothing here reads a clock, a database or the order records arrived in.
 *
 * <h2>Design</h2>
 * <ol>
 *   <li><b>Effective records.</b> Records without a {@code source_record_id} are keyed by the profile they
 *       first attached to; after a merge one profile can hold several such records of one source. They are
 *       folded into one effective record per source (register order per attribute), so a merge changes no
 *       golden value that a single profile receiving the same observations would not have had.</li>
 *   <li><b>Candidates.</b> Each effective record's contribution to an attribute is a candidate; retractions
 *       are listed in lineage as {@code RETRACTED} and take no part (an implied one, for an attribute the record
 *       never sent, is not listed at all).</li>
 *   <li><b>Staleness.</b> A candidate older than the freshest candidate by more than its threshold (the
 *       attribute rule's, else its source's) ranks after every fresh one.</li>
 *   <li><b>Total order.</b> Fresh first; then the strategy's keys; then source id, canonical value and record
 *       id — so the winner is a function of the set of candidates, never of arrival order.</li>
 *   <li><b>Explicit override.</b> The newest fresh candidate from an {@code override_sources} source that the
 *       observation flagged {@code explicit} beats the winner when it is strictly newer than the winner.</li>
 * </ol>
 * Identifiers take their golden value from the identity graph (current values); their lineage still lists
 * every contribution, with {@code ALIAS}, {@code BLOCKED} or {@code NOT_CURRENT} for the ones not current.
 */
public final class Resolver {
    private final ProfileTemplate template;
    private final MergeRuleSet rules;

    public Resolver(ProfileTemplate template, MergeRuleSet rules) {
        this.template = template;
        this.rules = rules;
    }

    public ProfileTemplate template() {
        return template;
    }

    public MergeRuleSet rules() {
        return rules;
    }

    /** One effective record's contribution to one attribute, with its ranking inputs. */
    private record Candidate(String source, String recordId, int priority, Contribution contribution, boolean stale, int support) {
        Instant observedAt() {
            return contribution.observedAt();
        }

        String canonical() {
            return contribution.canonical();
        }

        LineageEntry entry(LossReason reason) {
            return new LineageEntry(source, recordId, contribution.observedAt(), contribution.value(), priority,
                    contribution.explicit(), stale, reason);
        }

        Candidate with(boolean stale, int support) {
            return new Candidate(source, recordId, priority, contribution, stale, support);
        }
    }

    /** Deterministic tail of every order: source id, canonical value, record id (null first). */
    private static final Comparator<Candidate> TAIL = Comparator.comparing(Candidate::source)
            .thenComparing(Candidate::canonical)
            .thenComparing(Candidate::recordId, Comparator.nullsFirst(Comparator.naturalOrder()));

    public GoldenProfile resolve(Collection<SourceRecord> records, ProfileIdentifiers identity) {
        Map<String, Map<String, Candidate>> byAttribute = candidates(records);
        ObjectNode golden = Json.object();
        SortedMap<String, AttributeLineage> lineage = new TreeMap<>();
        List<String> names = new ArrayList<>(template.attributes().keySet());
        names.sort(null);
        for (String name : names) {
            AttributeDefinition def = template.attributes().get(name);
            List<Candidate> all = new ArrayList<>(byAttribute.getOrDefault(name, Map.of()).values());
            // an implied retraction withdrew nothing: it takes no part, and is not listed
            all.removeIf(c -> c.contribution().implied());
            AttributeLineage result = def.identifier() ? identity(def, all, identity) : resolve(def, all);
            if (result == null) continue;
            if (result.value() != null) golden.set(name, result.value());
            lineage.put(name, result);
        }
        return new GoldenProfile(golden, lineage);
    }

    private Map<String, Map<String, Candidate>> candidates(Collection<SourceRecord> records) {
        // effective record id: "source\u0000recordId" or "source\u0000" for the folded implicit records
        // presized (about one entry per attribute of the template): read by name only, so its order does not matter
        Map<String, Map<String, Candidate>> byAttribute = HashMap.newHashMap(template.attributes().size());
        for (SourceRecord record : records) {
            String recordId = record.key().sourceRecordId();
            String effective = record.source() + '\u0000' + (recordId == null ? "" : recordId);
            int priority = rules.priority(record.source());
            for (Contribution c : record.contributions().values()) {
                Map<String, Candidate> forAttribute = byAttribute.computeIfAbsent(c.attribute(), k -> new HashMap<>());
                Candidate existing = forAttribute.get(effective);
                Contribution folded = Contribution.fold(existing == null ? null : existing.contribution(), c);
                if (existing == null || !folded.equals(existing.contribution())) {
                    forAttribute.put(effective, new Candidate(record.source(), recordId, priority, folded, false, 0));
                }
            }
        }
        return byAttribute;
    }

    private AttributeLineage resolve(AttributeDefinition def, List<Candidate> all) {
        if (all.isEmpty()) return null;
        ResolutionStrategy strategy = rules.strategy(def.name());
        Optional<AttributeRule> rule = rules.rule(def.name());
        List<LineageEntry> losers = new ArrayList<>();
        List<Candidate> live = new ArrayList<>();
        for (Candidate c : all) {
            if (c.contribution().retracted()) losers.add(c.entry(LossReason.RETRACTED));
            else live.add(c);
        }
        if (live.isEmpty()) return new AttributeLineage(def.name(), strategy.name(), null, List.of(), sortEntries(losers));
        live = rank(def, live, strategy == ResolutionStrategy.MOST_FREQUENT);
        if (strategy == ResolutionStrategy.UNION) return union(def, rule, live, losers);

        live.sort(order(def, strategy));
        Candidate ranked = live.get(0);
        Candidate winner = ranked;
        Set<String> overrideSources = rule.map(AttributeRule::overrideSources).orElse(Set.of());
        if (!overrideSources.isEmpty()) {
            Optional<Candidate> override = live.stream()
                    .filter(c -> !c.stale() && c.contribution().explicit() && overrideSources.contains(c.source()))
                    .min(Comparator.comparing(Candidate::observedAt).reversed().thenComparing(TAIL));
            if (override.isPresent() && override.get().observedAt().isAfter(ranked.observedAt())) winner = override.get();
        }
        boolean overridden = winner != ranked;
        for (Candidate c : live) {
            if (c == winner) continue;
            losers.add(c.entry(reason(def, strategy, c, winner, overridden)));
        }
        return new AttributeLineage(def.name(), strategy.name(), winner.contribution().value(),
                List.of(winner.entry(null)), sortEntries(losers));
    }

    /** Marks stale candidates and, for MOST_FREQUENT, counts the fresh records agreeing on each value. */
    private List<Candidate> rank(AttributeDefinition def, List<Candidate> live, boolean countSupport) {
        Instant freshest = live.stream().map(Candidate::observedAt).max(Comparator.naturalOrder()).orElseThrow();
        List<Candidate> marked = new ArrayList<>(live.size());
        for (Candidate c : live) {
            StalenessThreshold threshold = rules.staleness(def.name(), c.source());
            marked.add(c.with(threshold != null && threshold.isStale(freshest, c.observedAt()), 0));
        }
        if (!countSupport) return marked;
        Map<String, Integer> support = new HashMap<>();
        for (Candidate c : marked) if (!c.stale()) support.merge(c.canonical(), 1, Integer::sum);
        List<Candidate> out = new ArrayList<>(marked.size());
        for (Candidate c : marked) out.add(c.with(c.stale(), support.getOrDefault(c.canonical(), 0)));
        return out;
    }

    private Comparator<Candidate> order(AttributeDefinition def, ResolutionStrategy strategy) {
        Comparator<Candidate> fresh = Comparator.comparing(Candidate::stale);
        Comparator<Candidate> priority = Comparator.comparingInt(Candidate::priority);
        Comparator<Candidate> newest = Comparator.comparing(Candidate::observedAt).reversed();
        Comparator<Candidate> oldest = Comparator.comparing(Candidate::observedAt);
        Comparator<Candidate> value = (a, b) -> compareValues(def, a.contribution().value(), b.contribution().value());
        Comparator<Candidate> keys = switch (strategy) {
            case SOURCE_PRIORITY -> priority.thenComparing(newest);
            case MOST_RECENT -> newest.thenComparing(priority);
            case OLDEST -> oldest.thenComparing(priority);
            case MOST_FREQUENT -> Comparator.comparingInt(Candidate::support).reversed().thenComparing(priority).thenComparing(newest);
            case MAX -> value.reversed().thenComparing(priority).thenComparing(newest);
            case MIN -> value.thenComparing(priority).thenComparing(newest);
            case UNION -> priority.thenComparing(newest);
        };
        return fresh.thenComparing(keys).thenComparing(TAIL);
    }

    private LossReason reason(AttributeDefinition def, ResolutionStrategy strategy, Candidate c, Candidate w, boolean overridden) {
        if (c.canonical().equals(w.canonical())) return LossReason.SAME_VALUE;
        if (overridden) return LossReason.OVERRIDDEN;
        if (c.stale() && !w.stale()) return LossReason.STALE;
        int byPriority = Integer.compare(c.priority(), w.priority());
        int byTime = c.observedAt().compareTo(w.observedAt());
        return switch (strategy) {
            case SOURCE_PRIORITY, UNION -> byPriority > 0 ? LossReason.LOWER_PRIORITY : byTime < 0 ? LossReason.OLDER : LossReason.TIE_BREAK;
            case MOST_RECENT -> byTime < 0 ? LossReason.OLDER : byPriority > 0 ? LossReason.LOWER_PRIORITY : LossReason.TIE_BREAK;
            case OLDEST -> byTime > 0 ? LossReason.NEWER : byPriority > 0 ? LossReason.LOWER_PRIORITY : LossReason.TIE_BREAK;
            case MOST_FREQUENT -> c.support() < w.support() ? LossReason.OUTVOTED
                    : byPriority > 0 ? LossReason.LOWER_PRIORITY : byTime < 0 ? LossReason.OLDER : LossReason.TIE_BREAK;
            case MAX -> compareValues(def, c.contribution().value(), w.contribution().value()) < 0 ? LossReason.SMALLER
                    : byPriority > 0 ? LossReason.LOWER_PRIORITY : byTime < 0 ? LossReason.OLDER : LossReason.TIE_BREAK;
            case MIN -> compareValues(def, c.contribution().value(), w.contribution().value()) > 0 ? LossReason.LARGER
                    : byPriority > 0 ? LossReason.LOWER_PRIORITY : byTime < 0 ? LossReason.OLDER : LossReason.TIE_BREAK;
        };
    }

    private AttributeLineage union(AttributeDefinition def, Optional<AttributeRule> rule, List<Candidate> live, List<LineageEntry> losers) {
        live.sort(order(def, ResolutionStrategy.UNION));
        String key = rule.map(AttributeRule::unionKey).orElse(null);
        Integer cap = def.maxValues();
        ArrayNode values = Json.NODES.arrayNode();
        Set<String> seen = new HashSet<>();
        List<LineageEntry> winners = new ArrayList<>();
        for (Candidate c : live) {
            JsonNode v = c.contribution().value();
            List<JsonNode> elements = new ArrayList<>();
            if (v.isArray()) v.forEach(elements::add);
            else elements.add(v);
            boolean added = false;
            boolean cut = false;
            for (JsonNode e : elements) {
                String identity = key != null && e.isObject() && e.has(key) ? CanonicalJson.of(e.get(key)) : CanonicalJson.of(e);
                if (seen.contains(identity)) continue;
                if (cap != null && values.size() >= cap) {
                    cut = true;
                    continue;
                }
                seen.add(identity);
                values.add(e);
                added = true;
            }
            if (added) winners.add(c.entry(null));
            else losers.add(c.entry(cut ? LossReason.OVER_LIMIT : LossReason.SAME_VALUE));
        }
        JsonNode golden = def.single() && def.type() != AttributeType.ARRAY ? values.get(0) : values;
        return new AttributeLineage(def.name(), ResolutionStrategy.UNION.name(), golden, winners, sortEntries(losers));
    }

    private AttributeLineage identity(AttributeDefinition def, List<Candidate> all, ProfileIdentifiers identity) {
        Set<String> current = identity.current(def.name());
        Set<String> aliases = identity.aliases(def.name());
        if (all.isEmpty() && current.isEmpty()) return null;
        List<LineageEntry> winners = new ArrayList<>();
        List<LineageEntry> losers = new ArrayList<>();
        for (Candidate c : all) {
            JsonNode v = c.contribution().value();
            if (v == null) {
                losers.add(c.entry(LossReason.RETRACTED));
                continue;
            }
            List<String> values = new ArrayList<>();
            if (v.isArray()) v.forEach(e -> values.add(e.asText()));
            else values.add(v.asText());
            if (values.stream().anyMatch(current::contains)) winners.add(c.entry(null));
            else if (values.stream().anyMatch(aliases::contains)) losers.add(c.entry(LossReason.ALIAS));
            else if (values.stream().allMatch(def.blockedValues()::contains)) losers.add(c.entry(LossReason.BLOCKED));
            else losers.add(c.entry(LossReason.NOT_CURRENT));
        }
        JsonNode value = null;
        if (!current.isEmpty()) {
            if (def.single()) value = Json.NODES.textNode(current.iterator().next());
            else {
                ArrayNode list = Json.NODES.arrayNode();
                current.forEach(list::add);
                value = list;
            }
        }
        return new AttributeLineage(def.name(), "IDENTITY", value, sortEntries(winners), sortEntries(losers));
    }

    /** MAX/MIN order: numbers numerically, dates chronologically (a date is midnight UTC), strings by text. */
    static int compareValues(AttributeDefinition def, JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue());
        if ((def.type() == AttributeType.DATE || def.type() == AttributeType.DATETIME) && a.isTextual() && b.isTextual()) {
            int byInstant = Instants.sortKey(a.textValue()).compareTo(Instants.sortKey(b.textValue()));
            return byInstant != 0 ? byInstant : a.textValue().compareTo(b.textValue());
        }
        if (a.isTextual() && b.isTextual()) return a.textValue().compareTo(b.textValue());
        return CanonicalJson.of(a).compareTo(CanonicalJson.of(b));
    }

    private static final Comparator<LineageEntry> ENTRY_ORDER = Comparator.comparingInt(LineageEntry::priority)
            .thenComparing(LineageEntry::observedAt, Comparator.reverseOrder())
            .thenComparing(LineageEntry::source)
            .thenComparing(LineageEntry::sourceRecordId, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(e -> e.value() == null ? "null" : CanonicalJson.of(e.value()));

    private static List<LineageEntry> sortEntries(List<LineageEntry> entries) {
        List<LineageEntry> sorted = new ArrayList<>(entries);
        sorted.sort(ENTRY_ORDER);
        return sorted;
    }

}
