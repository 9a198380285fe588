package io.onefold.core.properties;

import static io.onefold.core.properties.PropertyFixtures.profilesById;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.error.OnefoldException;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.identity.ProfileView;
import io.onefold.core.json.Json;
import io.onefold.core.model.Observation;
import io.onefold.core.schema.AttributeDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.assertj.core.api.Assertions;

/**
 * Promises of PRODUCT §1 "Identity" (merge protection) and of {@link IdentityGraph} ("a refused operation leaves the
 * graph exactly as it was"), checked after every operation of a random sequence of upserts, manual merges, unmerges,
 * "never the same" links, alias changes, identifier transfers, record deletions and erasures:
 * <ul>
 *   <li>a {@code single} identifier never has two current values on one profile, and {@code max_values} holds;</li>
 *   <li>a linking identifier value (current or alias) belongs to at most one active profile, and looking it up
 *       finds that profile;</li>
 *   <li>an operation refused with an Onefold error changes nothing: same profiles, identifiers, golden records,
 *       lineage, versions and links.</li>
 * </ul>
 * {@link #upsertsFailOnlyWithOnefoldErrors}: as {@code onefold resolve} runs the engine (content-hash profile ids,
 * upserts only), any observations — small identifier-only ones, so that duplicates are common, some whose only
 * identifier is the non-linking household phone — are either applied or refused with an Onefold error (a 4xx, a
 * rejects-file line), never with another exception (a 500, a crashed {@code onefold resolve}).
 */
class IdentityInvariantProperties {

    /** What an operation must leave as it was if it is refused. */
    record Before(Map<String, String> profiles, int links) {}

    @Property(tries = 1000)
    void identityInvariantsHoldAndRefusalsChangeNothing(@ForAll(supplier = GraphOperations.Scenarios.class) GraphOperations.Scenario scenario) {
        GraphOperations.run(scenario, graph -> new Before(profilesById(graph, true), graph.links().size()), (graph, before, applied, history) -> {
            if (applied.refused() != null) {
                PropertyFixtures.assertSameProfiles(profilesById(graph, true), before.profiles(), "after a refused operation:\n  " + history);
                Assertions.assertThat(graph.links()).as("links after a refused operation:%n  %s", history).hasSize(before.links());
            }
            checkIdentity(graph, history);
        });
    }

    private static void checkIdentity(IdentityGraph graph, String history) {
        Map<String, String> owner = new HashMap<>();
        for (ProfileView v : graph.profiles()) {
            for (AttributeDefinition def : graph.template().identifiers()) {
                Set<String> current = v.identifiers().current(def.name());
                if (def.single()) {
                    Assertions.assertThat(current).as("current values of the single identifier '%s' of profile %s after%n  %s",
                            def.name(), v.profileId(), history).hasSizeLessThanOrEqualTo(1);
                } else if (def.maxValues() != null) {
                    Assertions.assertThat(current).as("current values of '%s' (max_values %d) of profile %s after%n  %s",
                            def.name(), def.maxValues(), v.profileId(), history).hasSizeLessThanOrEqualTo(def.maxValues());
                }
                if (!def.linking()) continue;
                List<String> values = new ArrayList<>(current);
                values.addAll(v.identifiers().aliases(def.name()));
                for (String value : values) {
                    String previous = owner.put(def.name() + "=" + value, v.profileId());
                    Assertions.assertThat(previous).as("'%s' = %s is held by profiles %s and %s after%n  %s", def.name(), value, previous,
                            v.profileId(), history).isNull();
                    Assertions.assertThat(graph.lookup(def.name(), value).map(ProfileView::profileId))
                            .as("lookup of '%s' = %s (held by %s) after%n  %s", def.name(), value, v.profileId(), history)
                            .hasValue(v.profileId());
                }
            }
        }
    }

    /** A small identifier-only observation: duplicates (retries, duplicate lines) are common. */
    record IdObs(int person, int source, int time, boolean email, boolean phone, boolean household) {
        Observation observation() {
            ObjectNode data = Json.object();
            if (email) data.put("email", PropertyFixtures.email(person, 0));
            if (phone) data.put("phone_number", PropertyFixtures.phone(person, 0, 0));
            if (household || data.isEmpty()) data.put("household_phone", PropertyFixtures.household(person));
            return new Observation(PropertyFixtures.SOURCES.get(source), data, PropertyFixtures.TIMES.get(time), null, List.of(), null);
        }
    }

    @Provide
    Arbitrary<List<IdObs>> identifierObservations() {
        return Combinators.combine(Arbitraries.integers().between(0, 1), Arbitraries.integers().between(0, 1),
                Arbitraries.integers().between(0, 1), Arbitraries.of(false, true), Arbitraries.of(false, true), Arbitraries.of(false, true))
                .as(IdObs::new).list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 1000)
    void upsertsFailOnlyWithOnefoldErrors(@ForAll("identifierObservations") List<IdObs> sequence) {
        IdentityGraph graph = PropertyFixtures.graph();
        List<Observation> done = new ArrayList<>();
        for (IdObs spec : sequence) {
            Observation o = spec.observation();
            done.add(o);
            try {
                graph.upsert(o);
                Statistics.label("upserts").collect("applied");
            } catch (OnefoldException refused) {
                Statistics.label("upserts").collect("refused " + refused.code());
            } catch (RuntimeException e) {
                throw new AssertionError("upsert failed with " + e + " (not an Onefold error) after" + PropertyFixtures.describe(done), e);
            }
        }
    }
}
