package io.onefold.core.properties;

import io.onefold.core.identity.GraphChanges;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.identity.IdentityLink;
import io.onefold.core.identity.NodeState;
import io.onefold.core.identity.ProfileStatus;
import io.onefold.core.identity.ProfileView;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.assertj.core.api.Assertions;

/**
 * Promise (the store writes {@link IdentityGraph#changes()} and nothing else): what {@code changes()} reports — the
 * graph only compares what operations touched — is exactly what a comparison of the whole graph with the previous
 * report gives: the nodes, records and links that differ (in their order), the records gone, and the view of every
 * active root whose cluster changed. Checked after random sequences of every operation (refused ones included),
 * reporting after every operation or after every second or third.
 */
class ChangeTrackingProperties {

    /** The graph as a store holds it after a report. */
    private record Stored(Map<String, NodeState> nodes, Map<SourceRecordKey, SourceRecord> records, Map<String, IdentityLink> links) {
        static Stored of(IdentityGraph graph) {
            Map<String, NodeState> nodes = new HashMap<>();
            graph.nodeStates().forEach(n -> nodes.put(n.id(), n));
            Map<SourceRecordKey, SourceRecord> records = new HashMap<>();
            graph.records().forEach(r -> records.put(r.key(), r));
            Map<String, IdentityLink> links = new HashMap<>();
            graph.links().forEach(l -> links.put(l.id(), l));
            return new Stored(nodes, records, links);
        }
    }

    @Property(tries = 1000)
    void changesEqualAComparisonOfTheWholeGraphWithThePreviousReport(
            @ForAll(supplier = GraphOperations.Scenarios.class) GraphOperations.Scenario scenario, @ForAll @IntRange(min = 1, max = 3) int reportEvery) {
        Stored[] reported = {new Stored(Map.of(), Map.of(), Map.of())};
        int[] since = {0};
        GraphOperations.run(scenario, graph -> null, (graph, before, applied, history) -> {
            if (++since[0] < reportEvery) return;
            since[0] = 0;
            GraphChanges expected = byWholeComparison(graph, reported[0]);
            GraphChanges actual = graph.changes();
            Assertions.assertThat(actual).as("changes() versus a comparison of the whole graph after%n  %s", history).isEqualTo(expected);
            reported[0] = Stored.of(graph);
        });
    }

    /** What the graph held before it compared only what was touched: every row against the previous report. */
    private static GraphChanges byWholeComparison(IdentityGraph graph, Stored previous) {
        List<NodeState> nodes = graph.nodeStates().stream().filter(n -> !n.equals(previous.nodes().get(n.id()))).toList();
        List<SourceRecord> records = graph.records().stream().filter(r -> !r.equals(previous.records().get(r.key()))).toList();
        Set<SourceRecordKey> held = new TreeSet<>();
        graph.records().forEach(r -> held.add(r.key()));
        List<SourceRecordKey> deleted = new ArrayList<>(previous.records().keySet().stream().filter(k -> !held.contains(k)).sorted().toList());
        List<IdentityLink> links = graph.links().stream().filter(l -> !l.equals(previous.links().get(l.id()))).toList();

        Map<SourceRecordKey, String> owners = new HashMap<>();
        graph.nodeStates().forEach(n -> n.records().forEach(k -> owners.put(k, n.id())));
        Set<String> touched = new TreeSet<>();
        nodes.forEach(n -> touched.add(n.id()));
        records.forEach(r -> Optional.ofNullable(owners.get(r.key())).ifPresent(touched::add));
        Map<String, ProfileView> profiles = new TreeMap<>();
        for (String id : touched) {
            if (graph.status(id).orElseThrow() == ProfileStatus.ERASED) continue;
            // get() answers the active root a node belongs to (redirected from an absorbed id); reports carry no redirection
            graph.get(id).ifPresent(v -> profiles.put(v.profileId(), graph.get(v.profileId()).orElseThrow()));
        }
        return new GraphChanges(nodes, records, deleted, links, profiles);
    }
}
