package io.onefold.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onefold.core.error.ConfigurationException;
import io.onefold.core.error.Violation;
import io.onefold.core.matching.MatchingRules;
import io.onefold.core.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** The rule set's {@code matching} section: parsed with the rules, its problems reported under {@code matching.}, checked against the template. */
class MergeRuleSetMatchingTest {
    private static final String SOURCES = "\"rule_name\":\"R\",\"sources\":[{\"source_id\":\"crm\",\"priority\":1}]";
    private static final String COMPARISON = "{\"attribute\":\"surname\",\"kind\":\"name\",\"levels\":[{\"comparator\":\"exact\",\"m\":0.9,\"u\":0.01},"
            + "{\"comparator\":\"else\",\"m\":0.1,\"u\":0.99}]}";

    private static MergeRuleSet parse(String matching) {
        return MergeRuleSetParser.parse(Fixtures.json("{" + SOURCES + (matching == null ? "" : ",\"matching\":" + matching) + "}"));
    }

    @Test
    void withoutASectionThereIsNoMatching() {
        assertThat(parse(null).matching()).isEmpty();
        assertThat(parse("null").matching()).isEmpty();
    }

    @Test
    void theSectionsNameDefaultsToTheRuleSetsAndItsFlagsAreRead() {
        MatchingRules m = parse("{\"prior\":0.001,\"auto_merge_threshold\":0.99,\"review_threshold\":0.9,\"score_matched_profiles\":true,"
                + "\"comparisons\":[" + COMPARISON + "],\"blocking_rules\":[{\"keys\":[{\"attribute\":\"surname\"}]}]}").matching().orElseThrow();
        assertThat(m.name()).isEqualTo("R");
        assertThat(m.scoreMatchedProfiles()).isTrue();
        assertThat(m.comparisons()).hasSize(1);
    }

    @Test
    void everyProblemOfTheSectionIsReportedUnderItsPath() {
        assertThatThrownBy(() -> parse("{\"prior\":2,\"auto_merge_threshold\":0.99,\"review_threshold\":0.995,\"comparisons\":[" + COMPARISON
                + "],\"blocking_rules\":[]}"))
                .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.details()).extracting(Violation::field)
                        .contains("matching.prior", "matching.review_threshold", "matching.blocking_rules"));
        assertThatThrownBy(() -> parse("[1]")).isInstanceOfSatisfying(ConfigurationException.class,
                e -> assertThat(e.details()).extracting(Violation::field).containsExactly("matching"));
    }

    @Test
    void aComparedAttributeTheTemplateLacksIsAWarning() {
        MergeRuleSet rules = parse("{\"prior\":0.001,\"auto_merge_threshold\":0.99,\"review_threshold\":0.9,"
                + "\"comparisons\":[" + COMPARISON + "],\"blocking_rules\":[{\"keys\":[{\"attribute\":\"surname\"}]}]}");
        assertThat(rules.warningsAgainst(Fixtures.template("template.json"))).extracting(Violation::field).contains("matching.comparisons[0].attribute");
        assertThat(rules.warningsAgainst(Fixtures.matchingTemplate())).extracting(Violation::field).doesNotContain("matching.comparisons[0].attribute");
    }
}
