package io.onefold.cli.match;

import io.onefold.core.matching.BlockingRule;
import io.onefold.core.matching.Comparison;
import io.onefold.core.matching.ComparisonLevel;
import io.onefold.core.matching.MatchingRules;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints matching rules as the match commands show them: each comparison's kind and levels (m, u, weight), the blocking rules, prior and thresholds. */
final class RulesPrinter {
    private RulesPrinter() {}

    static void print(PrintWriter out, MatchingRules rules) {
        for (Comparison c : rules.comparisons()) {
            StringBuilder levels = new StringBuilder();
            for (ComparisonLevel l : c.levels()) {
                levels.append(String.format(Locale.ROOT, "%n      %-28s m=%.4f u=%.6f weight=%6.2f%s", l.predicate().label(), l.m(), l.u(), l.weight(),
                        l.termFrequency() ? " (term-frequency adjusted)" : ""));
            }
            out.printf(Locale.ROOT, "  compare %s as %s:%s%n", c.attribute(), c.kind().code(), levels);
        }
        for (BlockingRule b : rules.blockingRules()) out.println("  block on " + b.label());
        out.printf(Locale.ROOT, "  prior %.6g; auto_merge_threshold %s, review_threshold %s%n", rules.prior(), rules.autoMergeThreshold(), rules.reviewThreshold());
    }
}
