package io.onefold.core.matching;

import io.onefold.core.matching.LevelPredicate.DateTransposed;
import io.onefold.core.matching.LevelPredicate.DateWithin;
import io.onefold.core.matching.LevelPredicate.Else;
import io.onefold.core.matching.LevelPredicate.Exact;
import io.onefold.core.matching.LevelPredicate.ExactLocalPart;
import io.onefold.core.matching.LevelPredicate.JaroWinklerAtLeast;
import io.onefold.core.matching.LevelPredicate.LevenshteinAtMost;
import io.onefold.core.matching.LevelPredicate.NumberWithin;
import java.util.ArrayList;
import java.util.List;

/**
 * The levels inference gives each kind of value, from the strictest to {@code else}; the thresholds are Splink's
 * defaults for the same kinds (names: Jaro-Winkler 0.92 / 0.88 / 0.7; emails: exact, same local part, 0.88; dates:
 * exact, one edit, within a month, a year, ten years), plus transposed day and month for dates. Exact levels of
 * values that repeat across people (names, codes, categories, emails) are term-frequency adjusted; dates are not
 * (a birthday's frequency is near uniform).
 *
 * <p>The m and u given here only start training: m falls with each level (most matches agree exactly), u rises to
 * {@code else} (most non-matches disagree).
 */
final class LevelTemplates {
    private LevelTemplates() {}

    static Comparison comparison(String attribute, ValueKind kind) {
        List<LevelPredicate> tests = switch (kind) {
            case NAME -> List.of(new Exact(), new JaroWinklerAtLeast(0.92), new JaroWinklerAtLeast(0.88), new JaroWinklerAtLeast(0.7));
            case TEXT -> List.of(new Exact(), new LevenshteinAtMost(2), new JaroWinklerAtLeast(0.88));
            case CATEGORY -> List.of(new Exact());
            case CODE -> List.of(new Exact(), new LevenshteinAtMost(1));
            case EMAIL -> List.of(new Exact(), new ExactLocalPart(), new JaroWinklerAtLeast(0.88));
            case DATE -> List.of(new Exact(), new DateTransposed(), new LevenshteinAtMost(1), DateWithin.days(31),
                    DateWithin.years(1), DateWithin.years(10));
            case NUMBER -> List.of(new Exact(), new NumberWithin(0, 0.01), new NumberWithin(0, 0.1));
        };
        boolean frequencies = kind != ValueKind.DATE && kind != ValueKind.NUMBER;
        int agreeing = tests.size();
        List<ComparisonLevel> levels = new ArrayList<>();
        for (int l = 0; l < agreeing; l++) {
            double m = 0.9 * Math.pow(2, -l - 1) / (1 - Math.pow(2, -agreeing));
            double u = 0.1 * Math.pow(2, l - agreeing) / (1 - Math.pow(2, -agreeing));
            levels.add(new ComparisonLevel(tests.get(l), m, u, frequencies && l == 0));
        }
        levels.add(new ComparisonLevel(new Else(), 0.1, 0.9, false));
        return new Comparison(attribute, kind, levels);
    }
}
