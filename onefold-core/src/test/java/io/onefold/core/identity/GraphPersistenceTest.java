package io.onefold.core.identity;

import static io.onefold.core.testing.Fixtures.obs;
import static io.onefold.core.testing.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.core.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Loading a stored graph (or a fragment of it) and reporting exactly what an operation changed. */
class GraphPersistenceTest {

    private static IdentityGraph scenario() {
        IdentityGraph g = Fixtures.omnichannelGraph();
        g.upsert(record("salesforce_crm", "C-1", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\",\"loyalty_tier\":\"Gold\"}"));
        g.upsert(obs("voice_ivr", "2026-11-02T00:00:00Z", "{\"phone_number\":\"+14155550101\"}"));
        g.upsert(obs("webchat_middleware", "2026-11-03T00:00:00Z", "{\"email\":\"a@example.com\",\"phone_number\":\"+14155550101\"}"));
        g.upsert(obs("webchat_middleware", "2026-11-03T00:00:00Z", "{\"email\":\"b@example.com\"}"));
        return g;
    }

    @Test
    void aGraphLoadedFromItsOwnStateShowsTheSameProfilesAndReportsNoChanges() {
        IdentityGraph original = scenario();
        IdentityGraph copy = Fixtures.omnichannelGraph();
        copy.load(original.nodeStates(), original.records(), original.links());
        assertThat(Fixtures.state(copy)).isEqualTo(Fixtures.state(original));
        assertThat(copy.changes().isEmpty()).isTrue();
    }

    @Test
    void changesReportExactlyTheRowsAnOperationTouched() {
        IdentityGraph original = scenario();
        IdentityGraph copy = Fixtures.omnichannelGraph();
        copy.load(original.nodeStates(), original.records(), original.links());

        UpsertResult r = copy.upsert(obs("webchat_middleware", "2026-11-04T00:00:00Z", "{\"email\":\"b@example.com\",\"recent_intent\":\"x\"}"));
        GraphChanges changes = copy.changes();
        assertThat(changes.nodes()).extracting(NodeState::id).containsExactly(r.profileId());
        assertThat(changes.records()).hasSize(1);
        assertThat(changes.links()).isEmpty();
        assertThat(changes.profiles()).containsOnlyKeys(r.profileId());
        assertThat(copy.changes().isEmpty()).as("the baseline moved").isTrue();

        String a = copy.lookup("email", "a@example.com").orElseThrow().profileId();
        copy.unmerge(a, null);
        GraphChanges unmerge = copy.changes();
        assertThat(unmerge.nodes()).hasSize(2);
        assertThat(unmerge.links()).hasSize(2); // the SAME link retracted, a DIFFERENT link asserted
        assertThat(unmerge.profiles()).hasSize(2);
    }

    @Test
    void aFragmentHoldingOnlyTheReachableClustersGivesTheSameAnswerAsTheWholeGraph() {
        IdentityGraph whole = scenario();
        String a = whole.lookup("email", "a@example.com").orElseThrow().profileId();
        IdentityGraph fragment = Fixtures.omnichannelGraph();
        List<NodeState> cluster = whole.nodeStates().stream()
                .filter(n -> n.id().equals(a) || a.equals(n.survivorId())).toList();
        fragment.load(cluster, whole.recordsOf(a), whole.links());

        var viaWhole = whole.upsert(obs("salesforce_crm", "2026-11-05T00:00:00Z", "{\"phone_number\":\"+14155550101\",\"loyalty_tier\":\"Platinum\"}"));
        var viaFragment = fragment.upsert(obs("salesforce_crm", "2026-11-05T00:00:00Z", "{\"phone_number\":\"+14155550101\",\"loyalty_tier\":\"Platinum\"}"));
        assertThat(Fixtures.describe(viaFragment.profile())).isEqualTo(Fixtures.describe(viaWhole.profile()));
    }
}
