package io.onefold.core.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MatchTrainerTest {
    private static List<LabelledRecord> labelled;
    private static MatchingRules untrained;
    private static MatchingRules trained;

    @BeforeAll
    static void train() {
        labelled = SyntheticPeople.generate(400, 11);
        untrained = SyntheticPeople.inferredRules(labelled);
        trained = MatchTrainer.train(untrained, SyntheticPeople.prepared(untrained, labelled), false, TrainingOptions.DEFAULTS);
    }

    @Test
    void exact_agreement_is_evidence_for_a_match_and_else_against_it() {
        for (Comparison c : trained.comparisons()) {
            assertThat(c.levels().getFirst().weight()).as("%s exact", c.attribute()).isPositive();
            assertThat(c.levels().getLast().weight()).as("%s else", c.attribute()).isNegative();
        }
    }

    @Test
    void each_comparisons_m_and_u_are_distributions_over_its_levels() {
        for (Comparison c : trained.comparisons()) {
            assertThat(c.levels().stream().mapToDouble(ComparisonLevel::m).sum()).as("%s m", c.attribute()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
            assertThat(c.levels().stream().mapToDouble(ComparisonLevel::u).sum()).as("%s u", c.attribute()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    /** Within a factor of three: the synthetic people share names and cities far more than real ones do. */
    @Test
    void the_prior_is_close_to_the_true_share_of_matching_pairs() {
        long truePairs = 0;
        for (int i = 0; i < labelled.size(); i++) {
            for (int j = i + 1; j < labelled.size(); j++) {
                if (Objects.equals(labelled.get(i).truth(), labelled.get(j).truth())) truePairs++;
            }
        }
        double actual = truePairs / (labelled.size() * (labelled.size() - 1) / 2.0);
        assertThat(trained.prior()).isBetween(actual / 3, actual * 3);
    }

    @Test
    void u_matches_the_share_of_random_pairs_agreeing() {
        Comparison city = trained.comparisons().stream().filter(c -> c.attribute().equals("city")).findFirst().orElseThrow();
        // eight cities drawn uniformly: two different people share one with probability 1/8
        assertThat(city.levels().getFirst().u()).isBetween(0.10, 0.16);
    }

    @Test
    void training_keeps_the_rules_shape_and_thresholds() {
        assertThat(trained.blockingRules()).isEqualTo(untrained.blockingRules());
        assertThat(trained.autoMergeThreshold()).isEqualTo(untrained.autoMergeThreshold());
        assertThat(trained.comparisons()).extracting(Comparison::attribute).isEqualTo(untrained.comparisons().stream().map(Comparison::attribute).toList());
    }
}
