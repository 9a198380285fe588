package io.onefold.core.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.onefold.core.matching.LevelPredicate.Else;
import io.onefold.core.matching.LevelPredicate.Exact;
import io.onefold.core.matching.LevelPredicate.JaroWinklerAtLeast;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MatchScorerTest {
    /** surname: exact (m 0.8, u 0.01, term-frequency adjusted), jaro_winkler ≥ 0.85 (0.15, 0.04), else (0.05, 0.95); dob: exact or else. */
    private static final MatchingRules RULES = new MatchingRules("people", 0.01, 0.99, 0.9, List.of(
            new Comparison("surname", ValueKind.NAME, List.of(new ComparisonLevel(new Exact(), 0.8, 0.01, true),
                    new ComparisonLevel(new JaroWinklerAtLeast(0.85), 0.15, 0.04, false), new ComparisonLevel(new Else(), 0.05, 0.95, false))),
            new Comparison("dob", ValueKind.DATE, List.of(new ComparisonLevel(new Exact(), 0.9, 0.001, false),
                    new ComparisonLevel(new Else(), 0.1, 0.999, false)))),
            List.of(BlockingRule.exact("dob")));

    private static MatchRecord person(String surname, String dob) {
        java.util.HashMap<String, String> raw = new java.util.HashMap<>();
        raw.put("surname", surname);
        raw.put("dob", dob);
        return RULES.prepare(surname + dob, null, raw);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    @Test
    void the_weight_is_the_prior_plus_each_levels_log2_m_over_u() {
        MatchScore score = new MatchScorer(RULES, TermFrequencies.NONE).score(person("Smith", "1956-04-09"), person("smyth", "09/04/1956"));
        assertThat(score.priorWeight()).isCloseTo(log2(0.01 / 0.99), within(1e-12));
        assertThat(score.comparisons()).extracting(ComparisonScore::attribute, ComparisonScore::level, ComparisonScore::label)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("surname", 1, "jaro_winkler >= 0.85"),
                        org.assertj.core.groups.Tuple.tuple("dob", 0, "exact"));
        double expected = log2(0.01 / 0.99) + log2(0.15 / 0.04) + log2(0.9 / 0.001);
        assertThat(score.weight()).isCloseTo(expected, within(1e-12));
        assertThat(score.probability()).isCloseTo(Math.pow(2, expected) / (1 + Math.pow(2, expected)), within(1e-12));
        assertThat(score.decision()).as("probability %s", score.probability()).isEqualTo(MatchDecision.REVIEW);
    }

    @Test
    void a_missing_value_meets_the_null_level_and_adds_nothing() {
        MatchScore score = new MatchScorer(RULES, TermFrequencies.NONE).score(person(null, "1956-04-09"), person("smith", "1956-04-09"));
        assertThat(score.comparisons().getFirst()).isEqualTo(new ComparisonScore("surname", Comparison.NULL_LEVEL, "null", 0, false));
    }

    @Test
    void agreeing_on_a_common_value_is_weaker_evidence_than_on_a_rare_one() {
        TermFrequencies frequencies = (attribute, value) -> value.equals("smith") ? 0.2 : 0.0005;
        MatchScorer scorer = new MatchScorer(RULES, frequencies);
        ComparisonScore common = scorer.score(person("smith", "1956-04-09"), person("smith", "1970-01-01")).comparisons().getFirst();
        ComparisonScore rare = scorer.score(person("onefold", "1956-04-09"), person("onefold", "1970-01-01")).comparisons().getFirst();
        assertThat(common.weight()).isCloseTo(log2(0.8 / 0.2), within(1e-12));
        assertThat(rare.weight()).isCloseTo(log2(0.8 / 0.0005), within(1e-12));
        assertThat(common.termFrequencyAdjusted()).isTrue();
        assertThat(new MatchScorer(RULES, TermFrequencies.NONE).score(person("smith", "x"), person("smith", "y")).comparisons().getFirst().weight())
                .as("unknown frequency: the level's own u").isCloseTo(log2(0.8 / 0.01), within(1e-12));
    }

    @Test
    void the_thresholds_decide_merge_review_or_nothing() {
        assertThat(RULES.decide(0.995)).isEqualTo(MatchDecision.AUTO_MERGE);
        assertThat(RULES.decide(0.99)).isEqualTo(MatchDecision.AUTO_MERGE);
        assertThat(RULES.decide(0.95)).isEqualTo(MatchDecision.REVIEW);
        assertThat(RULES.decide(0.5)).isEqualTo(MatchDecision.NO_MATCH);
    }

    @Test
    void an_explanation_carries_no_value_of_either_record() {
        MatchScore score = new MatchScorer(RULES, (a, v) -> 0.1).score(person("Zebedee", "1956-04-09"), person("zebedee", "1956-04-10"));
        assertThat(score.toString()).doesNotContainIgnoringCase("zebedee").doesNotContain("1956");
        assertThat(MatchScoreJson.write(score).toString()).doesNotContainIgnoringCase("zebedee").doesNotContain("1956");
    }

    @Test
    void candidates_come_best_first_with_ties_by_id() {
        MatchScorer scorer = new MatchScorer(RULES, TermFrequencies.NONE);
        MatchRecord incoming = person("smith", "1956-04-09");
        MatchRecord weak = RULES.prepare("b", null, Map.of("surname", "jones", "dob", "1956-04-09"));
        MatchRecord strong = RULES.prepare("c", null, Map.of("surname", "smith", "dob", "1956-04-09"));
        MatchRecord strongToo = RULES.prepare("a", null, Map.of("surname", "smith", "dob", "1956-04-09"));
        assertThat(scorer.scoreAll(incoming, List.of(weak, strong, strongToo))).extracting(s -> s.candidate().id())
                .containsExactly("a", "c", "b");
    }

    @Test
    void blocking_keys_name_their_rule_and_skip_records_missing_a_part() {
        assertThat(RULES.blockingKeys(person("smith", "1956-04-09"))).containsExactly("0:1956-04-09");
        assertThat(RULES.blockingKeys(person("smith", null))).isEmpty();
    }
}
