package io.onefold.core.properties;

import static io.onefold.core.properties.PropertyFixtures.describe;
import static io.onefold.core.properties.PropertyFixtures.profilesModuloIds;

import io.onefold.core.error.OnefoldException;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.model.Observation;
import io.onefold.core.properties.PropertyFixtures.ObsSpec;
import io.onefold.core.testing.GraphRebuild;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
 * Promise (PRODUCT §1 "How to hold it in code": "rebuilding a profile from scratch gives exactly what incremental
 * updates gave"; the golden profile is always derived from source records and identity links by the pure engine):
 * <ul>
 *   <li>{@link #rebuildEqualsCache}: after every operation of a random sequence (upserts, manual merges, unmerges,
 *       "never the same" links, alias additions and removals, identifier transfers, record deletions — refused ones
 *       included), every active profile as the graph holds it (golden attributes, lineage, identifiers) equals its rebuild
 *       in a fresh graph loaded with the records, nodes and links alone ({@link GraphRebuild}, the check
 *       {@code StoredProfilesEqualRebuild} runs after every engine test).</li>
 *   <li>{@link #replayByObservedAtGivesTheSameProfiles}: after a random sequence of upserts only, replaying every
 *       accepted observation in {@code observed_at} order (what {@code onefold resolve} does) into a fresh graph gives
 *       the same profiles (modulo ids) as the incremental graph. A sequence whose replay is refused somewhere is
 *       skipped (a refusal depends by nature on what arrived first); the statistics show how many.</li>
 * </ul>
 */
class RebuildProperties {

    @Property(tries = 1000)
    void rebuildEqualsCache(@ForAll(supplier = GraphOperations.Scenarios.class) GraphOperations.Scenario scenario) {
        GraphOperations.run(scenario, graph -> null, (graph, before, applied, history) ->
                Assertions.assertThat(new GraphRebuild(graph).differences()).as("profiles versus their rebuild after%n  %s", history).isEmpty());
    }

    record Scenario(boolean authorityPerson, List<ObsSpec> specs) {
        List<Observation> observations() {
            return PropertyFixtures.observations(specs, authorityPerson);
        }
    }

    @Provide
    Arbitrary<Scenario> upserts() {
        return Arbitraries.integers().between(1, 3).flatMap(persons -> Combinators.combine(
                Arbitraries.of(false, true),
                PropertyFixtures.obsSpecs(persons).list().ofMinSize(1).ofMaxSize(8)).as(Scenario::new));
    }

    @Property(tries = 1000)
    void replayByObservedAtGivesTheSameProfiles(@ForAll("upserts") Scenario scenario) {
        IdentityGraph incremental = PropertyFixtures.graph();
        List<Observation> observations = scenario.observations();
        List<Observation> accepted = new ArrayList<>();
        for (Observation o : observations) {
            try {
                incremental.upsert(o);
                accepted.add(o);
            } catch (OnefoldException refused) {
                Statistics.label("refused in the sequence").collect(refused.code());
            }
        }
        List<Observation> byTime = new ArrayList<>(accepted);
        byTime.sort(Comparator.comparing(Observation::observedAt)); // stable: ties keep arrival order
        IdentityGraph replayed = PropertyFixtures.graph();
        try {
            for (Observation o : byTime) replayed.upsert(o);
        } catch (OnefoldException refused) {
            Statistics.label("sequences").collect("skipped: replay refused " + refused.code());
            Assume.that(false);
        }
        Statistics.label("sequences").collect("replayed");
        Assertions.assertThat(profilesModuloIds(replayed))
                .as(() -> String.format("profiles replayed by observed_at%s%nversus incremental%s", describe(byTime), describe(observations)))
                .isEqualTo(profilesModuloIds(incremental));
    }
}
