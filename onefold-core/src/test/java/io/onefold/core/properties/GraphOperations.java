package io.onefold.core.properties;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.error.OnefoldException;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.identity.IdentityLink;
import io.onefold.core.identity.LinkKind;
import io.onefold.core.identity.ProfileView;
import io.onefold.core.model.Observation;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.core.properties.PropertyFixtures.ObsSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ArbitrarySupplier;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Random sequences of every operation of the identity graph — upserts (some targeting a profile id, some carrying a
 * person's second email), manual merges, unmerges, "never the same" links, alias additions and removals, identifier
 * transfers, record deletions and erasures — as small integer specs resolved against the graph when applied (a profile index is
 * taken modulo the number of active profiles), so that jqwik shrinks them to readable counterexamples.
 */
final class GraphOperations {
    private GraphOperations() {}

    sealed interface Op {}

    /**
     * @param variant 0–3 plain; 4 targets an existing profile by {@code profile_id} alone, with a device id shared by
     *                every person as its only identifier; 5 carries the person's second email
     *                (a conflict unless transferred); 6 carries a device id shared by every person (non-linking)
     */
    record Upsert(ObsSpec spec, int variant, int target) implements Op {}

    record Merge(int a, int b) implements Op {}

    record Unmerge(int link, boolean nameAbsorbed) implements Op {}

    record NeverSame(int a, int b) implements Op {}

    record AddAlias(int profile, int attribute, int value) implements Op {}

    record RemoveAlias(int profile, int pick) implements Op {}

    record Transfer(int profile, int attribute, int from, int value) implements Op {}

    /** @param srid -1: a record that may not exist; otherwise one of the existing records, picked by source and person */
    record DeleteRecord(int source, int person, int srid) implements Op {}

    record Erase(int profile) implements Op {}

    static final List<String> IDENTIFIERS = List.of("email", "phone_number", "household_phone", "device_id");

    /** Identifier values operators type in: the persons' own values, former values, and values shared between persons. */
    static String identifierValue(int attribute, int index) {
        int i = Math.floorMod(index, 6);
        int person = i % 3;
        return switch (IDENTIFIERS.get(attribute)) {
            case "email" -> i < 3 ? PropertyFixtures.email(person, 0) : "old" + person + "@example.com";
            case "phone_number" -> i < 3 ? PropertyFixtures.phone(person, 0, 0) : i < 5 ? PropertyFixtures.phone(person, 1, 1) : "+1 212 555 1999";
            case "household_phone" -> i < 3 ? PropertyFixtures.household(person) : "646-555-2999";
            default -> i == 0 ? "device-shared-0" : i == 1 ? PropertyFixtures.device(person) : "device-new-" + i;
        };
    }

    /**
     * A random sequence of operations over one to three persons, of whom person 0 is, one time in three, the identifier
     * authority's case (see {@link PropertyFixtures#observation}).
     */
    record Scenario(boolean authorityPerson, List<Op> ops) {}

    /** {@code @ForAll(supplier = GraphOperations.Scenarios.class)}: the sequences the identity and rebuild properties run. */
    static final class Scenarios implements ArbitrarySupplier<Scenario> {
        @Override
        public Arbitrary<Scenario> get() {
            return Arbitraries.integers().between(1, 3).flatMap(persons -> Combinators.combine(
                    Arbitraries.frequency(Tuple.of(2, false), Tuple.of(1, true)),
                    ops(persons).list().ofMinSize(4).ofMaxSize(16)).as(Scenario::new));
        }
    }

    /** What a property checks after each operation, given what it noted before it and, for messages, every operation so far. */
    @FunctionalInterface
    interface Check<B> {
        void after(IdentityGraph graph, B before, Applied applied, String history);
    }

    /**
     * Runs the scenario on a fresh graph issuing sequential ids ({@link PropertyFixtures#sequentialGraph()}): notes
     * {@code before} ahead of each operation, applies it, then runs {@code check}; counts the operations in the statistics.
     */
    static <B> void run(Scenario scenario, java.util.function.Function<IdentityGraph, B> before, Check<B> check) {
        IdentityGraph graph = PropertyFixtures.sequentialGraph();
        List<String> done = new ArrayList<>();
        for (Op op : scenario.ops()) {
            B noted = before.apply(graph);
            Applied applied = apply(graph, op, scenario.authorityPerson());
            done.add(applied.description() + (applied.refused() == null ? "" : "  -> refused " + applied.refused().code()));
            Statistics.label("operations").collect(op.getClass().getSimpleName() + (applied.refused() == null ? "" : " (refused)"));
            check.after(graph, noted, applied, String.join("\n  ", done));
        }
    }

    static Arbitrary<Op> ops(int persons) {
        Arbitrary<Integer> small = Arbitraries.integers().between(0, 7);
        // device ids are the one non-linking multiple identifier: transfers between shared values are the subtle case
        Arbitrary<Integer> attribute = Arbitraries.frequency(Tuple.of(2, 0), Tuple.of(2, 1), Tuple.of(1, 2), Tuple.of(4, 3));
        Arbitrary<Integer> variant = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.integers().between(0, 3)),
                Tuple.of(3, Arbitraries.just(4)), Tuple.of(1, Arbitraries.just(5)), Tuple.of(1, Arbitraries.just(6)));
        Arbitrary<Op> upsert = Combinators.combine(PropertyFixtures.obsSpecs(persons), variant, small).as(Upsert::new);
        Arbitrary<Op> merge = Combinators.combine(small, small).as(Merge::new);
        Arbitrary<Op> unmerge = Combinators.combine(small, Arbitraries.of(true, false)).as(Unmerge::new);
        Arbitrary<Op> neverSame = Combinators.combine(small, small).as(NeverSame::new);
        Arbitrary<Op> addAlias = Combinators.combine(small, attribute, small).as(AddAlias::new);
        Arbitrary<Op> removeAlias = Combinators.combine(small, small).as(RemoveAlias::new);
        Arbitrary<Op> transfer = Combinators.combine(small, attribute, small, small).as(Transfer::new);
        Arbitrary<Op> delete = Combinators.combine(Arbitraries.integers().between(0, PropertyFixtures.SOURCES.size() - 1),
                Arbitraries.integers().between(0, persons - 1), Arbitraries.integers().between(-1, 1)).as(DeleteRecord::new);
        Arbitrary<Op> erase = small.map(Erase::new);
        return Arbitraries.frequencyOf(
                Tuple.of(10, upsert),
                Tuple.of(1, erase),
                Tuple.of(2, merge),
                Tuple.of(2, unmerge),
                Tuple.of(1, neverSame),
                Tuple.of(1, addAlias),
                Tuple.of(1, removeAlias),
                Tuple.of(5, transfer),
                Tuple.of(2, delete));
    }

    /** What applying an op did. {@code refused} is the Onefold error it raised, or null. */
    record Applied(String description, OnefoldException refused, Observation upserted) {}

    static Applied apply(IdentityGraph graph, Op op, boolean authorityPerson) {
        List<String> ids = graph.profiles().stream().map(ProfileView::profileId).toList();
        String description = op.toString();
        Observation upserted = null;
        try {
            switch (op) {
                case Upsert u -> {
                    Observation o = PropertyFixtures.observation(u.spec(), authorityPerson);
                    ObjectNode data = o.profileData();
                    if (u.variant() == 5 && data.has("email")) data.put("email", "other" + u.spec().person() + "@example.com");
                    if (u.variant() == 6 && data.has("email")) data.putArray("device_id").add("device-shared-0");
                    String target = u.variant() == 4 && !ids.isEmpty() ? ids.get(u.target() % ids.size()) : null;
                    String recordId = o.sourceRecordId();
                    if (target != null) { // a device seen on a known profile: only the profile id finds it
                        IDENTIFIERS.forEach(data::remove);
                        data.putArray("device_id").add("device-shared-0");
                        recordId = null;
                    }
                    o = new Observation(o.source(), data, o.observedAt(), recordId, o.explicit(), target);
                    upserted = o;
                    description = "upsert " + PropertyFixtures.describe(o);
                    graph.upsert(o);
                }
                case Merge m -> {
                    if (ids.isEmpty()) return new Applied("merge: no profile", null, null);
                    List<String> pair = List.of(ids.get(m.a() % ids.size()), ids.get(m.b() % ids.size()));
                    description = "merge " + pair;
                    graph.merge(pair, "test");
                }
                case Unmerge u -> {
                    List<IdentityLink> same = graph.links().stream().filter(l -> l.kind() == LinkKind.SAME && l.asserted()).toList();
                    if (same.isEmpty()) {
                        if (ids.isEmpty()) return new Applied("unmerge: no profile", null, null);
                        String id = ids.get(u.link() % ids.size());
                        description = "unmerge(" + id + ", null)";
                        graph.unmerge(id, null);
                    } else {
                        IdentityLink link = same.get(u.link() % same.size());
                        String absorbed = u.nameAbsorbed() ? link.fromProfileId() : null;
                        description = "unmerge(" + link.toProfileId() + ", " + absorbed + ")";
                        graph.unmerge(link.toProfileId(), absorbed);
                    }
                }
                case NeverSame n -> {
                    if (ids.isEmpty()) return new Applied("never the same: no profile", null, null);
                    String a = ids.get(n.a() % ids.size());
                    String b = ids.get(n.b() % ids.size());
                    description = "neverTheSame(" + a + ", " + b + ")";
                    graph.neverTheSame(a, b, "test");
                }
                case AddAlias a -> {
                    if (ids.isEmpty()) return new Applied("add alias: no profile", null, null);
                    String id = ids.get(a.profile() % ids.size());
                    String attribute = IDENTIFIERS.get(a.attribute());
                    String value = identifierValue(a.attribute(), a.value());
                    description = "addAlias(" + id + ", " + attribute + ", " + value + ")";
                    graph.addAlias(id, attribute, value);
                }
                case RemoveAlias r -> {
                    if (ids.isEmpty()) return new Applied("remove alias: no profile", null, null);
                    String id = ids.get(r.profile() % ids.size());
                    List<String[]> aliases = new ArrayList<>();
                    for (Map.Entry<String, SortedSet<String>> e : graph.get(id).orElseThrow().identifiers().aliases().entrySet()) {
                        for (String v : e.getValue()) aliases.add(new String[] {e.getKey(), v});
                    }
                    String[] alias = aliases.isEmpty() ? new String[] {"email", "nobody@example.com"} : aliases.get(r.pick() % aliases.size());
                    description = "removeAlias(" + id + ", " + alias[0] + ", " + alias[1] + ")";
                    graph.removeAlias(id, alias[0], alias[1]);
                }
                case Transfer t -> {
                    if (ids.isEmpty()) return new Applied("transfer: no profile", null, null);
                    String attribute = IDENTIFIERS.get(t.attribute());
                    // prefer the profiles that have a current value to transfer from, and (half of the time) a value that
                    // another profile holds too (a non-linking value shared by several profiles is the subtle case)
                    List<ProfileView> profiles = graph.profiles();
                    Map<String, Long> holdersOf = new java.util.HashMap<>();
                    for (ProfileView v : profiles) for (String value : v.identifiers().current(attribute)) holdersOf.merge(value, 1L, Long::sum);
                    List<String> holders = profiles.stream().filter(v -> !v.identifiers().current(attribute).isEmpty()).map(ProfileView::profileId).toList();
                    String id = holders.isEmpty() ? ids.get(t.profile() % ids.size()) : holders.get(t.profile() % holders.size());
                    List<String> current = new ArrayList<>(graph.get(id).orElseThrow().identifiers().current(attribute));
                    current.sort(java.util.Comparator.comparing((String value) -> holdersOf.getOrDefault(value, 0L) < 2)); // shared first
                    String from = current.isEmpty() ? null : t.from() < 4 ? current.get(0) : current.get(t.from() % current.size());
                    String value = identifierValue(t.attribute(), t.value());
                    description = "transferIdentifier(" + id + ", " + attribute + ", " + from + " -> " + value + ")";
                    graph.transferIdentifier(id, attribute, from, value);
                }
                case DeleteRecord d -> {
                    List<SourceRecordKey> existing = new ArrayList<>();
                    for (String id : ids) {
                        for (SourceRecord r : graph.recordsOf(id)) if (!r.key().isImplicit()) existing.add(r.key());
                    }
                    String source;
                    String recordId;
                    if (d.srid() >= 0 && !existing.isEmpty()) {
                        SourceRecordKey key = existing.get((d.source() * 3 + d.person()) % existing.size());
                        source = key.source();
                        recordId = key.sourceRecordId();
                    } else {
                        source = PropertyFixtures.SOURCES.get(d.source());
                        recordId = PropertyFixtures.sourceRecordId(source, d.person(), 1);
                    }
                    description = "deleteRecord(" + source + ", " + recordId + ")";
                    graph.deleteRecord(source, recordId);
                }
                case Erase e -> {
                    if (ids.isEmpty()) return new Applied("erase: no profile", null, null);
                    String id = ids.get(e.profile() % ids.size());
                    description = "erase(" + id + ")";
                    graph.erase(id);
                }
            }
        } catch (OnefoldException refused) {
            return new Applied(description, refused, upserted);
        }
        return new Applied(description, null, upserted);
    }
}
