package io.onefold.core.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * End to end on labelled data, labels used only for scoring: synthetic people, and Splink's fake_1000 (a copy in the
 * test resources, MIT licence beside it). FEBRL3 and FEBRL4 are larger and run as a benchmark command
 * ({@code io.onefold.benchmarks.MatchingQuality}).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MatchEvaluationTest {
    @Test
    void synthetic_people_are_found_again_with_inferred_rules() {
        EvaluationResult result = MatchEvaluation.inferAndRun("synthetic", SyntheticPeople.generate(500, 3), SyntheticPeople.COLUMNS,
                false, InferenceOptions.DEFAULTS, TrainingOptions.DEFAULTS);
        assertThat(result.metrics().f1()).isGreaterThan(0.9);
    }

    @Test
    void fake_1000_reaches_the_issues_target_with_inferred_rules() throws IOException {
        List<LabelledRecord> rows = LabelledCsv.parse(MatchingRulesParserTest.resource("splink-fake_1000.csv"), null, "unique_id", "cluster");
        EvaluationResult result = MatchEvaluation.inferAndRun("fake_1000", rows, List.of("first_name", "surname", "dob", "city", "email"),
                false, InferenceOptions.DEFAULTS, TrainingOptions.DEFAULTS);
        assertThat(result.metrics().f1()).isGreaterThanOrEqualTo(0.86);
        assertThat(result.metrics().truthClusters()).isEqualTo(181);
    }

    @Test
    void the_same_input_gives_the_same_figures() {
        List<LabelledRecord> rows = SyntheticPeople.generate(200, 9);
        EvaluationResult first = MatchEvaluation.inferAndRun("a", rows, SyntheticPeople.COLUMNS, false, InferenceOptions.DEFAULTS, TrainingOptions.DEFAULTS);
        EvaluationResult second = MatchEvaluation.inferAndRun("a", rows, SyntheticPeople.COLUMNS, false, InferenceOptions.DEFAULTS, TrainingOptions.DEFAULTS);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void csv_fields_follow_rfc_4180_quoting() {
        assertThat(LabelledCsv.fields("a,\"b,c\",\"say \"\"hi\"\"\",")).containsExactly("a", "b,c", "say \"hi\"", "");
    }
}
