package io.onefold.core.properties;

import static io.onefold.core.properties.PropertyFixtures.describe;
import static io.onefold.core.properties.PropertyFixtures.profilesModuloIds;

import io.onefold.core.error.OnefoldException;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.identity.Outcome;
import io.onefold.core.model.Observation;
import io.onefold.core.properties.PropertyFixtures.ObsSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.assertj.core.api.Assertions;

/**
 * Promise (PRODUCT §1 "Contribution", §4 "Order independence"): every arrival order of the same observations
 * yields identical profiles, whenever each observation is accepted in every order. Profiles are compared modulo
 * ids (ids are content hashes of the creating observation, so they legitimately depend on order): the sorted list
 * of (current identifiers, aliases, golden attributes) of every active profile.
 *
 * <p>Generated sets: 2–8 observations of 1–3 persons that share no identifier, random sources (every source and
 * strategy of {@link PropertyFixtures#RULES}), record ids, observed_at from four instants (ties are common), values
 * from small pools, explicit nulls and {@code explicit} flags. In half of the sets person 0 is the identifier
 * authority's case: its CRM record sends one of two emails over time (automatic identifier transfers).
 * Each set is applied in six orders: as generated, reversed, and four random shuffles. A set where some order is
 * refused (an {@link OnefoldException}) is skipped ({@code Assume}); the "set" statistics show how many (none so far).
 * Besides the promised comparison, lineage (winners, losers, reasons) must agree too.
 */
class OrderIndependenceProperties {

    record Scenario(boolean authorityPerson, List<ObsSpec> specs) {
        List<Observation> observations() {
            return PropertyFixtures.observations(specs, authorityPerson);
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Arbitraries.integers().between(1, 3).flatMap(persons -> {
            Arbitrary<Boolean> authority = Arbitraries.of(false, true);
            return Combinators.combine(authority, PropertyFixtures.obsSpecs(persons).list().ofMinSize(2).ofMaxSize(8))
                    .as(Scenario::new);
        });
    }

    @Property(tries = 1000)
    void everyArrivalOrderGivesTheSameProfiles(@ForAll("scenarios") Scenario scenario, @ForAll Random random) {
        List<Observation> original = scenario.observations();
        List<List<Observation>> orders = new ArrayList<>();
        orders.add(original);
        List<Observation> reversed = new ArrayList<>(original);
        Collections.reverse(reversed);
        orders.add(reversed);
        for (int i = 0; i < 4; i++) {
            List<Observation> shuffled = new ArrayList<>(original);
            Collections.shuffle(shuffled, random);
            orders.add(shuffled);
        }

        List<List<String>> results = new ArrayList<>();
        List<List<String>> lineages = new ArrayList<>();
        boolean merged = false;
        for (List<Observation> order : orders) {
            IdentityGraph graph = PropertyFixtures.graph();
            try {
                for (Observation o : order) merged |= graph.upsert(o).outcome() == Outcome.MERGED;
            } catch (OnefoldException refused) {
                Statistics.label("set").collect("skipped: " + refused.code());
                Assume.that(false);
            }
            results.add(profilesModuloIds(graph));
            lineages.add(PropertyFixtures.profilesWithLineageModuloIds(graph));
        }
        Statistics.label("set").collect("accepted in every order");
        Statistics.label("authority person").collect(scenario.authorityPerson());
        Statistics.label("profiles").collect(results.get(0).size());
        Statistics.label("automatic merge in some order").collect(merged);
        Statistics.label("aliases (identifier transfers)").collect(results.get(0).stream().anyMatch(p -> !p.contains("\"aliases\":{}")));

        for (int i = 1; i < orders.size(); i++) {
            int n = i;
            Assertions.assertThat(results.get(i))
                    .as(() -> String.format("profiles after order %d%s%nversus the original order%s", n, describe(orders.get(n)), describe(orders.get(0))))
                    .isEqualTo(results.get(0));
        }
        // stricter: lineage (winners, losers and reasons) is a function of the same contributions, so it agrees too
        for (int i = 1; i < orders.size(); i++) {
            int n = i;
            Assertions.assertThat(lineages.get(i))
                    .as(() -> String.format("lineage after order %d%s%nversus the original order%s", n, describe(orders.get(n)), describe(orders.get(0))))
                    .isEqualTo(lineages.get(0));
        }
    }
}
