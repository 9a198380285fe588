package io.onefold.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.core.testing.Fixtures;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * What probabilistic matching promises about order (docs/matching.md, "Order"):
 * <ul>
 *   <li>a replay of the same observations in the same order gives the same profiles, links and evidence;</li>
 *   <li>where merge protection never intervenes (no identifiers that could conflict), which records end in one profile
 *       does not depend on arrival order either: an incoming record merges with every profile holding a record it
 *       scores at or above the threshold, so profiles are the connected components of the "scores above the
 *       threshold" graph over records, whatever order built them. Review links, evidence and ids may differ.</li>
 * </ul>
 */
class MatchingOrderProperties {
    private static final List<String> GIVEN = List.of("John", "Mary", "Ahmed", "Li");
    private static final List<String> SURNAME = List.of("Smith", "Smyth", "Jones", "Khan");
    private static final List<String> DOB = List.of("1980-04-12", "1980-12-04", "1975-01-30", "1991-07-02");
    private static final List<String> CITY = List.of("Boston", "Denver");

    /** A record of one of four people, with some of its values changed (a typo, a swapped date, another city) or left out. */
    record Rec(int id, int person, int given, int surname, int dob, int city, int missing) {
        String json() {
            StringBuilder out = new StringBuilder("{");
            String g = GIVEN.get((person + given) % GIVEN.size());
            if (given == 1) g = g.substring(0, g.length() - 1) + "e"; // a typo
            add(out, "given_name", missing == 1 ? null : g);
            add(out, "surname", missing == 2 ? null : SURNAME.get((person + surname) % SURNAME.size()));
            add(out, "date_of_birth", missing == 3 ? null : DOB.get((person + dob) % DOB.size()));
            add(out, "city", missing == 4 ? null : CITY.get((person + city) % CITY.size()));
            return out.append('}').toString();
        }

        private static void add(StringBuilder out, String name, String value) {
            if (value == null) return;
            if (out.length() > 1) out.append(',');
            out.append('"').append(name).append("\":\"").append(value).append('"');
        }
    }

    @Provide
    Arbitrary<List<Rec>> records() {
        Arbitrary<Integer> mostlySame = Arbitraries.frequency(net.jqwik.api.Tuple.of(6, 0), net.jqwik.api.Tuple.of(1, 1), net.jqwik.api.Tuple.of(1, 2));
        return Combinators.combine(Arbitraries.integers().between(0, 3), mostlySame, mostlySame, mostlySame, mostlySame,
                Arbitraries.integers().between(0, 6)).as((p, g, s, d, c, m) -> new Rec(0, p, g, s, d, c, m)).list().ofMinSize(1).ofMaxSize(10)
                .map(list -> {
                    List<Rec> numbered = new ArrayList<>();
                    for (int i = 0; i < list.size(); i++) {
                        Rec r = list.get(i);
                        numbered.add(new Rec(i, r.person(), r.given(), r.surname(), r.dob(), r.city(), r.missing()));
                    }
                    return numbered;
                });
    }

    private static IdentityGraph run(List<Rec> order) {
        IdentityGraph g = Fixtures.matchingGraph();
        for (Rec r : order) g.upsert(Fixtures.record("crm", "r" + r.id(), "2026-03-01T10:00:00Z", r.json()));
        return g;
    }

    /** Which records share a profile, as sets of record ids. */
    private static Set<String> partition(IdentityGraph g) {
        return g.profiles().stream()
                .map(p -> g.recordsOf(p.profileId()).stream().map(r -> r.key().sourceRecordId()).sorted().collect(Collectors.joining(",")))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Property(tries = 300)
    void aReplayInTheSameOrderGivesTheSameProfilesAndLinks(@ForAll("records") List<Rec> records) {
        IdentityGraph first = run(records);
        IdentityGraph again = run(records);
        assertThat(Fixtures.state(again)).isEqualTo(Fixtures.state(first));
        assertThat(again.links()).extracting(l -> l.fromProfileId() + " " + l.kind() + " " + l.toProfileId() + " " + l.evidence())
                .isEqualTo(first.links().stream().map(l -> l.fromProfileId() + " " + l.kind() + " " + l.toProfileId() + " " + l.evidence()).toList());
    }

    @Property(tries = 300)
    void whoEndsInOneProfileDoesNotDependOnArrivalOrder(@ForAll("records") List<Rec> records, @ForAll long seed) {
        List<Rec> shuffled = new ArrayList<>(records);
        Collections.shuffle(shuffled, new Random(seed));
        IdentityGraph inOrder = run(records);
        net.jqwik.api.statistics.Statistics.label("records merged into another's profile").collect(records.size() - inOrder.profiles().size() > 0);
        net.jqwik.api.statistics.Statistics.label("possible matches queued").collect(inOrder.links().stream().anyMatch(l -> l.kind() == LinkKind.POSSIBLE_MATCH));
        assertThat(partition(run(shuffled))).isEqualTo(partition(inOrder));
    }
}
