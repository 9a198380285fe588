package io.onefold.core.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A score never depends on which record is first: {@code score(a, b)} equals {@code score(b, a)} in every part (each
 * comparison's level and weight, the total, the probability, the decision), for every kind of value the inference
 * knows, with missing values and term-frequency adjustment.
 */
class ScoringProperties {
    private static final List<String> ATTRIBUTES = List.of("name", "text", "category", "code", "email", "date", "number");
    private static final MatchingRules RULES = new MatchingRules("all-kinds", 0.001, 0.99, 0.9, withNameSwappedWithText(),
            List.of(BlockingRule.exact("name")));
    /** Frequencies that differ per value, so that using one side's value for the other would show. */
    private static final TermFrequencies FREQUENCIES = (attribute, value) -> (Math.floorMod(value.hashCode(), 97) + 1) / 1000.0;
    private static final MatchScorer SCORER = new MatchScorer(RULES, FREQUENCIES);

    /** One comparison per kind; the name's levels also test for the name and the text swapped. */
    private static List<Comparison> withNameSwappedWithText() {
        List<Comparison> comparisons = new java.util.ArrayList<>(
                ATTRIBUTES.stream().map(a -> LevelTemplates.comparison(a, ValueKind.fromCode(a).orElseThrow())).toList());
        List<ComparisonLevel> levels = new java.util.ArrayList<>(comparisons.getFirst().levels());
        levels.add(1, new ComparisonLevel(new LevelPredicate.SwappedWith("text", 0.8), 0.05, 0.0001, false));
        comparisons.set(0, comparisons.getFirst().withLevels(levels));
        return comparisons;
    }

    @Provide
    Arbitrary<MatchRecord> record() {
        Arbitrary<String> text = Arbitraries.strings().withChars("abc .@").ofMaxLength(8).injectNull(0.2);
        Arbitrary<String> date = Arbitraries.of("1956-04-09", "1956-09-04", "1956-04-10", "1957-04-09", "1966-04-09", "1956-14-09", "x").injectNull(0.2);
        Arbitrary<String> number = Arbitraries.of("100", "100.5", "101", "110", "200", "n/a").injectNull(0.2);
        return Combinators.combine(text, text, text, text, text, date, number).as((n, t, c, k, e, d, x) -> {
            Map<String, String> raw = new HashMap<>();
            String[] values = {n, t, c, k, e, d, x};
            for (int i = 0; i < values.length; i++) raw.put(ATTRIBUTES.get(i), values[i]);
            return RULES.prepare("r", null, raw);
        });
    }

    @Property
    void a_score_is_the_same_whichever_record_comes_first(@ForAll("record") MatchRecord a, @ForAll("record") MatchRecord b) {
        assertThat(SCORER.score(a, b)).isEqualTo(SCORER.score(b, a));
        assertThat(SCORER.weight(a, b)).isEqualTo(SCORER.weight(b, a));
    }

    @Property
    void the_fast_weight_is_the_explained_weight(@ForAll("record") MatchRecord a, @ForAll("record") MatchRecord b) {
        assertThat(SCORER.weight(a, b)).isEqualTo(SCORER.score(a, b).weight());
    }
}
