package io.onefold.core.matching;

import static io.onefold.core.matching.CandidatePairs.pair;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ClusteringTest {
    @Test
    void pairs_at_or_above_the_threshold_join_components_transitively() {
        long[] pairs = {pair(0, 1), pair(1, 2), pair(3, 4), pair(2, 5)};
        double[] probabilities = {0.99, 0.95, 0.98, 0.5};
        assertThat(Clustering.connectedComponents(6, pairs, probabilities, 0.95)).containsExactly(0, 0, 0, 3, 3, 5);
    }

    @Test
    void pairwise_metrics_count_pairs_within_clusters() {
        // predicted {0,1,2} {3} ; truth {0,1} {2,3}: predicted pairs 3, true pairs 2, both 1
        PairwiseMetrics m = PairwiseMetrics.of(new int[] {0, 0, 0, 3}, List.of("a", "a", "b", "b"));
        assertThat(m.predictedPairs()).isEqualTo(3);
        assertThat(m.truePairs()).isEqualTo(2);
        assertThat(m.truePositives()).isEqualTo(1);
        assertThat(m.precision()).isEqualTo(1 / 3.0);
        assertThat(m.recall()).isEqualTo(0.5);
        assertThat(m.f1()).isEqualTo(2 * (1 / 3.0) * 0.5 / (1 / 3.0 + 0.5));
        assertThat(m.clusters()).isEqualTo(2);
        assertThat(m.truthClusters()).isEqualTo(2);
    }

    @Test
    void candidate_pairs_in_a_linkage_never_join_records_of_one_source() {
        MatchingRules rules = new MatchingRules("link", 0.01, 0.99, 0.9, List.of(LevelTemplates.comparison("surname", ValueKind.NAME)),
                List.of(BlockingRule.exact("surname")));
        List<MatchRecord> records = List.of(rules.prepare("a1", "a", java.util.Map.of("surname", "smith")),
                rules.prepare("a2", "a", java.util.Map.of("surname", "smith")), rules.prepare("b1", "b", java.util.Map.of("surname", "smith")));
        assertThat(CandidatePairs.of(records, rules.blockingRules(), true)).containsExactly(pair(0, 2), pair(1, 2));
        assertThat(CandidatePairs.of(records, rules.blockingRules(), false)).containsExactly(pair(0, 1), pair(0, 2), pair(1, 2));
        assertThat(CandidatePairs.allPairs(records, true)).isEqualTo(2);
    }
}
