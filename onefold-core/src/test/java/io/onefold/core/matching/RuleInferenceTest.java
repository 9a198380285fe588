package io.onefold.core.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RuleInferenceTest {
    private static final List<LabelledRecord> PEOPLE = SyntheticPeople.generate(400, 5);
    private static final MatchingRules RULES = SyntheticPeople.inferredRules(PEOPLE);

    @Test
    void each_column_is_compared_by_the_kind_its_values_show() {
        Map<String, ValueKind> kinds = new HashMap<>();
        RULES.comparisons().forEach(c -> kinds.put(c.attribute(), c.kind()));
        assertThat(kinds).containsExactlyInAnyOrderEntriesOf(Map.of("given_name", ValueKind.NAME, "surname", ValueKind.NAME,
                "dob", ValueKind.DATE, "email", ValueKind.EMAIL, "city", ValueKind.CATEGORY));
    }

    @Test
    void every_blocking_rule_stays_within_the_candidate_budget() {
        List<MatchRecord> records = SyntheticPeople.prepared(RULES, PEOPLE);
        assertThat(RULES.blockingRules()).isNotEmpty().hasSizeLessThanOrEqualTo(InferenceOptions.DEFAULTS.maxBlockingRules());
        for (BlockingRule rule : RULES.blockingRules()) {
            long pairs = CandidatePairs.of(records, rule, false).length;
            assertThat(2.0 * pairs / records.size()).as(rule.label()).isLessThanOrEqualTo(InferenceOptions.DEFAULTS.maxCandidatesPerRule());
        }
    }

    @Test
    void no_blocking_rule_contains_another_and_each_adds_an_attribute() {
        Set<String> seen = new HashSet<>();
        List<BlockingRule> rules = RULES.blockingRules();
        for (int i = 0; i < rules.size(); i++) {
            Set<String> attributes = attributes(rules.get(i));
            for (int j = 0; j < i; j++) assertThat(attributes.containsAll(attributes(rules.get(j)))).as(rules.get(i).label()).isFalse();
            assertThat(seen.containsAll(attributes)).as(rules.get(i).label()).isFalse();
            seen.addAll(attributes);
        }
    }

    @Test
    void a_category_is_never_a_blocking_key_alone() {
        assertThat(RULES.blockingRules()).noneMatch(r -> r.parts().size() == 1 && r.parts().getFirst().attribute().equals("city"));
    }

    @Test
    void attributes_the_data_shows_swapped_get_a_swapped_level_after_exact() {
        List<String> swapLevels = RULES.comparisons().stream()
                .flatMap(c -> c.levels().stream().filter(l -> l.predicate() instanceof LevelPredicate.SwappedWith).map(l -> c.attribute() + " " + l.predicate().label()))
                .toList();
        assertThat(swapLevels).containsExactly("given_name swapped with surname (jaro_winkler >= 0.92)");
        assertThat(RULES.comparisons().getFirst().levels().get(1).predicate()).isInstanceOf(LevelPredicate.SwappedWith.class);
    }

    private static Set<String> attributes(BlockingRule rule) {
        Set<String> out = new HashSet<>();
        rule.parts().forEach(p -> out.add(p.attribute()));
        return out;
    }
}
