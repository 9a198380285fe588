package io.onefold.core.properties;

import static io.onefold.core.properties.PropertyFixtures.describe;
import static io.onefold.core.properties.PropertyFixtures.profilesById;

import io.onefold.core.error.OnefoldException;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.identity.ProfileView;
import io.onefold.core.model.Observation;
import io.onefold.core.properties.PropertyFixtures.ObsSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.assertj.core.api.Assertions;

/**
 * Promise (PRODUCT §1 "Identity": "Merges are reversible ... an unmerge restores the profiles as they were (golden
 * records and identifiers; ids included)"): two profiles built from disjoint observations, manually merged with
 * {@code graph.merge(List.of(a, b), "test")} and then unmerged with {@code graph.unmerge(survivorId, absorbedId)},
 * are exactly as before — same ids, current identifiers, aliases, golden attributes and lineage — and every other
 * profile is untouched.
 *
 * <p>The profiles come from 2–8 random observations of 2–3 persons (so there are usually several profiles; the two
 * merged are picked at random, and may themselves be the result of automatic merges or identifier transfers). Each
 * person has its own email, phones, household phone and device id, so their single identifiers differ and the merge
 * has to demote the absorbed profile's ones.
 */
class MergeUnmergeProperties {

    record Scenario(boolean authorityPerson, List<ObsSpec> specs) {
        List<Observation> observations() {
            return PropertyFixtures.observations(specs, authorityPerson);
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Arbitraries.integers().between(2, 3).flatMap(persons -> Combinators.combine(
                Arbitraries.frequency(Tuple.of(2, false), Tuple.of(1, true)),
                PropertyFixtures.obsSpecs(persons).list().ofMinSize(2).ofMaxSize(8)).as(Scenario::new));
    }

    @Property(tries = 1000)
    void unmergeRestoresBothProfiles(@ForAll("scenarios") Scenario scenario,
                                     @ForAll @IntRange(min = 0, max = 63) int pickA,
                                     @ForAll @IntRange(min = 0, max = 63) int pickB,
                                     @ForAll boolean survivorFirstInRequest,
                                     @ForAll boolean nameAbsorbed) {
        IdentityGraph graph = PropertyFixtures.graph();
        List<Observation> observations = scenario.observations();
        for (Observation o : observations) {
            try {
                graph.upsert(o);
            } catch (OnefoldException refused) {
                Statistics.label("refused upserts").collect(refused.code());
            }
        }
        List<ProfileView> profiles = graph.profiles();
        Statistics.label("tries").collect(profiles.size() >= 2 ? "merged and unmerged" : "skipped: fewer than two profiles");
        Assume.that(profiles.size() >= 2);
        String a = profiles.get(pickA % profiles.size()).profileId();
        List<String> others = new ArrayList<>(profiles.stream().map(ProfileView::profileId).filter(id -> !id.equals(a)).toList());
        String b = others.get(pickB % others.size());

        Map<String, String> before = profilesById(graph, false);
        ProfileView merged = graph.merge(survivorFirstInRequest ? List.of(a, b) : List.of(b, a), "test");
        String survivor = merged.profileId();
        String absorbed = survivor.equals(a) ? b : a;
        Assertions.assertThat(survivor).isIn(a, b);
        Assertions.assertThat(graph.get(absorbed)).as("the absorbed id answers its survivor").hasValueSatisfying(v -> {
            Assertions.assertThat(v.profileId()).isEqualTo(survivor);
            Assertions.assertThat(v.redirectedFrom()).isEqualTo(absorbed);
        });
        Statistics.label("linking single identifiers demoted by the merge").collect(!graph.links().get(graph.links().size() - 1).demoted().isEmpty());

        ProfileView restored = graph.unmerge(survivor, nameAbsorbed ? absorbed : null);
        Assertions.assertThat(restored.profileId()).isEqualTo(absorbed);
        PropertyFixtures.assertSameProfiles(profilesById(graph, false), before, String.format(
                "after merge(%s, %s) and unmerge(%s, %s) of profiles built by%s", a, b, survivor, nameAbsorbed ? absorbed : null, describe(observations)));
    }
}
