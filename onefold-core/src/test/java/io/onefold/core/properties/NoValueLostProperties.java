package io.onefold.core.properties;

import static io.onefold.core.properties.PropertyFixtures.describe;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.core.error.OnefoldException;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.identity.ProfileView;
import io.onefold.core.identity.UpsertResult;
import io.onefold.core.model.Observation;
import io.onefold.core.properties.PropertyFixtures.ObsSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Promise (PRODUCT §1 "null semantics"): with the default {@code null_behavior: ignore} and
 * {@code update_behavior: merge}, an omitted attribute and an explicit null never remove another source's value —
 * the guide's "phantom merge" that nulled loyalty tiers cannot happen. After any sequence of upserts (rule set
 * {@link PropertyFixtures#IGNORE_RULES}: every strategy, staleness, overrides, no retract, no replace_all), every
 * attribute to which some accepted observation gave a non-null value still has a golden value on the profile that
 * observation reached (following merges).
 */
class NoValueLostProperties {

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
    void nullsAndOmissionsNeverEraseAValue(@ForAll("scenarios") Scenario scenario) {
        IdentityGraph graph = PropertyFixtures.graph(PropertyFixtures.IGNORE_RULES);
        List<Observation> observations = scenario.observations();
        record Given(String profileId, String attribute, Observation from) {}
        List<Given> given = new ArrayList<>();
        int nulls = 0;
        for (Observation o : observations) {
            UpsertResult result;
            try {
                result = graph.upsert(o);
            } catch (OnefoldException refused) {
                Statistics.label("refused").collect(refused.code());
                continue;
            }
            for (Map.Entry<String, JsonNode> field : o.profileData().properties()) {
                JsonNode v = field.getValue();
                boolean isNull = v.isNull() || (v.isArray() && v.isEmpty() && !field.getKey().equals("purchase_history"));
                if (isNull) nulls++;
                else given.add(new Given(result.profileId(), field.getKey(), o));
            }
        }
        Statistics.label("explicit nulls in the sequence").collect(nulls > 0);
        for (Given g : given) {
            Optional<ProfileView> profile = graph.get(g.profileId());
            Assertions.assertThat(profile).as(() -> String.format("profile %s reached by%n  %s", g.profileId(), describe(g.from()))).isPresent();
            JsonNode golden = profile.get().golden().attributes().get(g.attribute());
            Assertions.assertThat(golden != null && !golden.isNull())
                    .as(() -> String.format("'%s' was given a value by%n  %s%nbut profile %s has none after the sequence%s%ngolden: %s", g.attribute(),
                            describe(g.from()), g.profileId(), describe(observations), profile.get().golden().attributes()))
                    .isTrue();
        }
    }
}
