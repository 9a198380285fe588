package io.onefold.core.properties;

import static io.onefold.core.properties.PropertyFixtures.describe;
import static io.onefold.core.properties.PropertyFixtures.profilesById;

import io.onefold.core.error.OnefoldException;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.identity.Outcome;
import io.onefold.core.identity.UpsertResult;
import io.onefold.core.model.Observation;
import io.onefold.core.properties.PropertyFixtures.ObsSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.assertj.core.api.Assertions;

/**
 * Promise (PRODUCT §1 "Observations": "Replaying an identical observation changes nothing and emits no event"):
 * applying the same observation a second time answers {@link Outcome#UNCHANGED} and leaves every profile as it was —
 * ids, identifiers, aliases, golden attributes, lineage and version numbers.
 *
 * <p>{@link #secondUpsertChangesNothing}: each observation of a random sequence is applied twice in a row (a client
 * retry). {@link #replayingAnEarlierObservationChangesNothing}: after the whole sequence, each accepted observation is
 * replayed once more (a late duplicate delivery, a re-sent batch), which must equally change nothing.
 * An observation that was refused must be refused again and change nothing either.
 */
class IdempotenceProperties {

    record Scenario(boolean authorityPerson, List<ObsSpec> specs) {
        List<Observation> observations() {
            return PropertyFixtures.observations(specs, authorityPerson);
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Arbitraries.integers().between(1, 3).flatMap(persons -> Combinators.combine(
                Arbitraries.frequency(Tuple.of(2, false), Tuple.of(1, true)),
                PropertyFixtures.obsSpecs(persons).list().ofMinSize(1).ofMaxSize(8)).as(Scenario::new));
    }

    @Property(tries = 1000)
    void secondUpsertChangesNothing(@ForAll("scenarios") Scenario scenario) {
        IdentityGraph graph = PropertyFixtures.graph();
        List<Observation> applied = new ArrayList<>();
        for (Observation o : scenario.observations()) {
            applied.add(o);
            Outcome first;
            try {
                first = graph.upsert(o).outcome();
            } catch (OnefoldException refused) {
                Statistics.label("first upsert").collect("refused");
                Map<String, String> before = profilesById(graph, true);
                Assertions.assertThatThrownBy(() -> graph.upsert(o)).as(() -> "a refused observation is refused again" + describe(applied))
                        .isInstanceOf(OnefoldException.class);
                Assertions.assertThat(profilesById(graph, true)).as(() -> "a refused observation changes nothing" + describe(applied)).isEqualTo(before);
                continue;
            }
            Statistics.label("first upsert").collect(first);
            Map<String, String> before = profilesById(graph, true);
            UpsertResult second = graph.upsert(o);
            Assertions.assertThat(second.outcome()).as(() -> "outcome of the second identical upsert after" + describe(applied)).isEqualTo(Outcome.UNCHANGED);
            Assertions.assertThat(second.changedAttributes()).as(() -> "changed attributes of the second upsert after" + describe(applied)).isEmpty();
            Assertions.assertThat(profilesById(graph, true)).as(() -> "profiles (with versions) after the second upsert after" + describe(applied)).isEqualTo(before);
        }
    }

    @Property(tries = 1000)
    void replayingAnEarlierObservationChangesNothing(@ForAll("scenarios") Scenario scenario) {
        IdentityGraph graph = PropertyFixtures.graph();
        List<Observation> observations = scenario.observations();
        List<Observation> accepted = new ArrayList<>();
        for (Observation o : observations) {
            try {
                graph.upsert(o);
                accepted.add(o);
            } catch (OnefoldException refused) {
                Statistics.label("refused in the sequence").collect(refused.code());
            }
        }
        Statistics.label("accepted observations").collect(accepted.size());
        for (Observation o : accepted) {
            Map<String, String> before = profilesById(graph, true);
            UpsertResult replay = graph.upsert(o);
            Assertions.assertThat(replay.outcome()).as(() -> String.format("outcome of replaying%n  %s%nafter the sequence%s", describe(o), describe(observations)))
                    .isEqualTo(Outcome.UNCHANGED);
            Assertions.assertThat(profilesById(graph, true)).as(() -> String.format("profiles (with versions) after replaying%n  %s%nafter the sequence%s", describe(o), describe(observations)))
                    .isEqualTo(before);
        }
    }
}
