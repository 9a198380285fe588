package io.onefold.core.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.onefold.core.error.ConfigurationException;
import io.onefold.core.error.Violation;
import io.onefold.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MatchingRulesParserTest {
    static String resource(String name) throws IOException {
        try (InputStream in = MatchingRulesParserTest.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("no test resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<Violation> violationsOf(String fixture) throws IOException {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> MatchingRulesParser.parse(Json.parse(resource("invalid-matching-rules/" + fixture))));
        assertThat(e).as("parsing %s must fail", fixture).isNotNull();
        return e.details();
    }

    @Test
    void trained_rules_written_as_json_parse_back_to_the_same_rules() {
        List<LabelledRecord> labelled = SyntheticPeople.generate(60, 7);
        MatchingRules untrained = SyntheticPeople.inferredRules(labelled);
        MatchingRules trained = MatchTrainer.train(untrained, SyntheticPeople.prepared(untrained, labelled), false, TrainingOptions.DEFAULTS);
        assertThat(MatchingRulesParser.parse(MatchingRulesJson.write(trained))).isEqualTo(trained);
    }

    @Test
    void every_comparator_parses() throws IOException {
        MatchingRules rules = MatchingRulesParser.parse(Json.parse(resource("every-comparator.json")));
        assertThat(rules.comparisons()).hasSize(3);
        assertThat(rules.comparisons().get(0).levels().get(1).predicate()).isEqualTo(new LevelPredicate.SwappedWith("email", 1.0));
        assertThat(rules.comparisons().get(2).levels()).extracting(l -> l.predicate().label())
                .containsExactly("exact", "day and month transposed", "levenshtein <= 1", "within 31 days", "within 10 years", "else");
        assertThat(rules.blockingRules()).extracting(BlockingRule::label).containsExactly("dob", "surname & prefix(email, 3)", "soundex(surname)");
        assertThat(MatchingRulesParser.parse(MatchingRulesJson.write(rules))).isEqualTo(rules);
    }

    @Test
    void every_problem_is_reported_at_once_with_its_field() throws IOException {
        assertThat(violationsOf("every-problem-at-once.json")).extracting(Violation::field).containsExactlyInAnyOrder(
                "prior", "review_threshold", "shape",
                "comparisons[0].kind", "comparisons[0].levels[0].term_frequency", "comparisons[0].levels[1].threshold",
                "comparisons[1].levels", "comparisons[2].levels[0].other", "comparisons[3].levels[0].comparator", "comparisons[3].levels[0].u",
                "blocking_rules[0].keys[0].attribute", "blocking_rules[1].keys", "blocking_rules[2].keys[0]");
    }

    @Test
    void an_unknown_comparator_names_the_valid_ones() throws IOException {
        assertThat(violationsOf("every-problem-at-once.json")).filteredOn(v -> v.field().equals("comparisons[3].levels[0].comparator"))
                .extracting(Violation::reason).containsExactly("unknown value 'soundex'; valid values are " + MatchingRulesParser.COMPARATORS);
    }
}
