package io.onefold.core.identity;

import static io.onefold.core.testing.Fixtures.obs;
import static io.onefold.core.testing.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.core.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What one operation costs on a graph holding many clusters (a bulk batch's): {@link IdentityGraph#changes()} compares
 * only what the operation touched with the baseline, and golden profiles are resolved only for the clusters an
 * operation reaches. Counted, never timed.
 */
class ChangeTrackerTest {
    private static final int CLUSTERS = 200;

    /**
     * {@link #CLUSTERS} profiles, each with one CRM record (two of them merged: a link), and a caller known by phone
     * alone — stored, then loaded into a fresh graph.
     */
    private static IdentityGraph loadedGraphOfManyClusters() {
        IdentityGraph stored = Fixtures.omnichannelGraph();
        for (int i = 0; i < CLUSTERS; i++) {
            stored.upsert(record("salesforce_crm", "C-" + i, "2026-11-01T00:00:00Z", "{\"email\":\"p" + i + "@example.com\",\"loyalty_tier\":\"Gold\"}"));
        }
        stored.upsert(obs("voice_ivr", "2026-11-01T00:00:00Z", "{\"phone_number\":\"+14155550199\"}"));
        stored.merge(List.of(stored.lookup("email", "p0@example.com").orElseThrow().profileId(),
                stored.lookup("email", "p1@example.com").orElseThrow().profileId()), "test");
        IdentityGraph loaded = Fixtures.omnichannelGraph();
        loaded.load(stored.nodeStates(), stored.records(), stored.links());
        return loaded;
    }

    @Test
    void changesAfterOneUpsertCompareOnlyTheRowsItTouchedNotTheWholeGraph() {
        IdentityGraph graph = loadedGraphOfManyClusters();
        ChangeTracker tracker = graph.changeTracker();
        assertThat(graph.changes().isEmpty()).as("a load alone changes nothing").isTrue();
        assertThat(tracker.compared()).as("rows compared after a load alone").isZero();

        UpsertResult r = graph.upsert(record("salesforce_crm", "C-7", "2026-11-02T00:00:00Z", "{\"email\":\"p7@example.com\",\"loyalty_tier\":\"Platinum\"}"));
        GraphChanges changes = graph.changes();

        assertThat(changes.nodes()).extracting(NodeState::id).containsExactly(r.profileId());
        assertThat(changes.records()).hasSize(1);
        assertThat(changes.profiles()).containsOnlyKeys(r.profileId());
        // the graph holds 201 nodes, 201 records and a link: a scan of it would compare 403 rows
        assertThat(tracker.compared()).as("rows compared for one upsert: its node and its record").isEqualTo(2);
    }

    @Test
    void changesAfterAnUnmergeCompareTheClusterAndItsLinksOnly() {
        IdentityGraph graph = loadedGraphOfManyClusters();
        ChangeTracker tracker = graph.changeTracker();
        String p0 = graph.lookup("email", "p0@example.com").orElseThrow().profileId();

        graph.unmerge(p0, null);
        GraphChanges changes = graph.changes();

        assertThat(changes.nodes()).hasSize(2);
        assertThat(changes.links()).hasSize(2); // the SAME link retracted, a DIFFERENT link asserted
        assertThat(tracker.compared()).as("rows compared for an unmerge: two nodes, two links").isEqualTo(4);
        assertThat(graph.changes().isEmpty()).as("the baseline moved").isTrue();
        assertThat(tracker.compared()).as("nothing touched since: nothing compared").isEqualTo(4);
    }

    @Test
    void anUnmergeDeepInAClusterReportsTheNodeThatHeldTheAbsorbedOne() {
        IdentityGraph graph = Fixtures.omnichannelGraph();
        String z = graph.upsert(obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"z@example.com\"}")).profileId();
        String x = graph.upsert(obs("webchat_middleware", "2026-11-02T00:00:00Z", "{\"email\":\"x@example.com\"}")).profileId();
        String y = graph.upsert(obs("webchat_middleware", "2026-11-03T00:00:00Z", "{\"email\":\"y@example.com\"}")).profileId();
        graph.merge(List.of(x, y), "test"); // y into x
        graph.merge(List.of(z, x), "test"); // x, holding y, into z
        graph.changes();

        graph.unmerge(z, y);
        GraphChanges changes = graph.changes();

        assertThat(changes.nodes()).extracting(NodeState::id).as("y restored, z's version, x no longer holding y")
                .containsExactlyInAnyOrder(x, y, z);
        NodeState xNow = changes.nodes().stream().filter(n -> n.id().equals(x)).findFirst().orElseThrow();
        assertThat(xNow.absorbed()).isEmpty();
        assertThat(changes.profiles()).containsOnlyKeys(y, z);
    }

    @Test
    void loadingResolvesNoGoldenProfileAndAnUpsertResolvesOnlyItsCluster() {
        IdentityGraph graph = loadedGraphOfManyClusters();
        GoldenCache golden = graph.goldenCache();
        assertThat(golden.resolutions()).as("resolved by the load").isZero();

        graph.upsert(record("salesforce_crm", "C-7", "2026-11-02T00:00:00Z", "{\"email\":\"p7@example.com\",\"loyalty_tier\":\"Platinum\"}"));
        assertThat(golden.resolutions()).as("resolved by an upsert updating one cluster").isEqualTo(1);

        graph.changes();
        assertThat(golden.resolutions()).as("resolved again to report the changes").isEqualTo(1);

        graph.upsert(record("salesforce_crm", "C-7", "2026-11-02T00:00:00Z", "{\"email\":\"p7@example.com\",\"loyalty_tier\":\"Platinum\"}"));
        assertThat(golden.resolutions()).as("resolved by a replay that changes nothing").isEqualTo(1);

        UpsertResult merged = graph.upsert(obs("webchat_middleware", "2026-11-03T00:00:00Z", "{\"email\":\"p8@example.com\",\"phone_number\":\"+14155550199\"}"));
        assertThat(merged.outcome()).isEqualTo(Outcome.MERGED);
        assertThat(golden.resolutions()).as("resolved by an upsert merging two loaded clusters: the survivor only").isEqualTo(2);
    }
}
