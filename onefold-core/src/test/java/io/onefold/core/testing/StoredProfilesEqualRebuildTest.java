package io.onefold.core.testing;

import static io.onefold.core.testing.Fixtures.obs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.model.ProfileIdentifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The rebuild invariant's own guarantees: it runs on every test without an annotation, and it names what differs. */
class StoredProfilesEqualRebuildTest {
    private final IdentityGraph watchedAtConstruction = Fixtures.omnichannelGraph();

    @Test
    void theCheckIsRegisteredOnEveryTestWithoutAnAnnotation() {
        assertThat(StoredProfilesEqualRebuild.active()).as("auto-detected extension (junit.jupiter.extensions.autodetection.enabled)").isTrue();
    }

    @Test
    void aGraphMadeByTheFixturesIsCheckedAfterTheTestEvenFromAFieldInitializer() {
        watchedAtConstruction.upsert(obs("salesforce_crm", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\",\"loyalty_tier\":\"Gold\"}"));
        // the test's scope holds the graph: closing it hands the graph over to be checked
        StoredProfilesEqualRebuild.open("probe", true);
        IdentityGraph inner = Fixtures.omnichannelGraph();
        List<RebuildSubject> watched = StoredProfilesEqualRebuild.close("probe");
        assertThat(watched).hasSize(1).allSatisfy(s -> assertThat(s.name()).contains("OmnichannelRetailProfile"));
        assertThat(inner.profiles()).isEmpty();
        assertThat(new GraphRebuild(watchedAtConstruction).differences()).isEmpty();
    }

    @Test
    void aDifferenceFailsWithTheProfileAndTheAttribute() {
        ObjectNode held = (ObjectNode) Fixtures.json("{\"loyalty_tier\":\"Platinum\",\"recent_intent\":\"refund\",\"lifetime_value\":10.0}");
        ObjectNode rebuilt = (ObjectNode) Fixtures.json("{\"loyalty_tier\":\"Gold\",\"recent_intent\":\"refund\",\"lifetime_value\":10}");
        List<ProfileDifference> differences = new ArrayList<>();
        RebuildComparison.golden("p-1", held, rebuilt, differences);
        RebuildComparison.identifiers("p-1", identifiers("email", "a@example.com"), identifiers("email", "b@example.com"), differences);
        assertThat(differences).extracting(ProfileDifference::field).as("10 and 10.0 are one stored value")
                .containsExactly("golden.loyalty_tier", "identifiers.current.email");

        RebuildSubject broken = new RebuildSubject() {
            public String name() {
                return "a broken store";
            }

            public List<ProfileDifference> differences() {
                return differences;
            }
        };
        assertThatThrownBy(() -> StoredProfilesEqualRebuild.verify(broken)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("differ from their rebuild from records and links (a broken store), 2 differences")
                .hasMessageContaining("profile p-1: golden.loyalty_tier: held \"Platinum\", rebuilt \"Gold\"")
                .hasMessageContaining("profile p-1: identifiers.current.email: held [a@example.com], rebuilt [b@example.com]");
    }

    private static ProfileIdentifiers identifiers(String attribute, String value) {
        SortedMap<String, SortedSet<String>> current = new TreeMap<>();
        current.put(attribute, new TreeSet<>(List.of(value)));
        return new ProfileIdentifiers(current, new TreeMap<>());
    }
}
