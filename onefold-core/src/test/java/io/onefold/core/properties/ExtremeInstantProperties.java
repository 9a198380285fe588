package io.onefold.core.properties;

import static io.onefold.core.properties.PropertyFixtures.describe;

import io.onefold.core.error.OnefoldException;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.identity.ProfileView;
import io.onefold.core.json.ProfileJson;
import io.onefold.core.model.Observation;
import io.onefold.core.properties.PropertyFixtures.ObsSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.assertj.core.api.Assertions;

/**
 * Promise (issue 15, item 2): no {@code observed_at} from {@link Instant#MIN} to {@link Instant#MAX} makes resolution
 * throw. The API refuses instants outside its range, but a store may hold older data; each profile must still resolve
 * (and rebuild to the same golden record) under every staleness threshold, the largest the parser accepts included.
 *
 * <p>Generated: the engine properties' observation sets (every strategy and option of {@link PropertyFixtures#RULES}),
 * each observation given an instant drawn from the whole range, its ends and the calendar's ends often.
 */
class ExtremeInstantProperties {
    private static final List<String> THRESHOLDS = List.of("P30D", "P6M", "PT12H", "P1000000000Y",
            "P2147483647Y11M2147483647DT2562047788015215H");

    record Scenario(List<ObsSpec> specs, List<Instant> instants, String threshold) {
        List<Observation> observations() {
            List<Observation> out = new ArrayList<>();
            List<Observation> plain = PropertyFixtures.observations(specs, false);
            for (int i = 0; i < plain.size(); i++) {
                Observation o = plain.get(i);
                out.add(new Observation(o.source(), o.profileData(), instants.get(i % instants.size()), o.sourceRecordId(), o.explicit(), o.profileId()));
            }
            return out;
        }
    }

    static Arbitrary<Instant> anyInstant() {
        Arbitrary<Instant> uniform = Combinators.combine(
                Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
                Arbitraries.integers().between(0, 999_999_999)).as(Instant::ofEpochSecond);
        Arbitrary<Instant> edges = Arbitraries.of(Instant.MIN, Instant.MAX, Instant.parse("-999999999-01-01T00:00:00Z"),
                Instant.parse("+999999999-12-31T23:59:59.999999999Z"), Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59Z"), PropertyFixtures.T0);
        return Arbitraries.frequencyOf(Tuple.of(1, uniform), Tuple.of(1, edges), Tuple.of(1, Arbitraries.of(PropertyFixtures.TIMES)));
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Combinators.combine(PropertyFixtures.obsSpecs(2).list().ofMinSize(1).ofMaxSize(8),
                anyInstant().list().ofMinSize(1).ofMaxSize(8), Arbitraries.of(THRESHOLDS)).as(Scenario::new);
    }

    @Property(tries = 1000)
    void noInstantMakesResolutionThrow(@ForAll("scenarios") Scenario scenario) {
        String rules = PropertyFixtures.RULES.replace("\"P30D\"", "\"" + scenario.threshold() + "\"")
                .replace("\"P90D\"", "\"" + scenario.threshold() + "\"");
        IdentityGraph graph = PropertyFixtures.graph(rules);
        List<Observation> observations = scenario.observations();
        for (Observation o : observations) {
            try {
                graph.upsert(o);
            } catch (OnefoldException refused) {
                // a refusal (a conflict) is an answer; any other exception fails the property
            }
        }
        for (ProfileView v : graph.profiles()) {
            ProfileJson.lineage(v.golden().lineage());
            Assertions.assertThat(graph.rebuild(v.profileId()).attributes()).as(describe(observations)).isEqualTo(v.golden().attributes());
        }
    }
}
