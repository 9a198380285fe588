package io.onefold.benchmarks.matching;

import io.onefold.core.matching.BlockingRule;
import io.onefold.core.matching.Comparison;
import io.onefold.core.matching.EvaluationResult;
import io.onefold.core.matching.InferenceOptions;
import io.onefold.core.matching.LabelledCsv;
import io.onefold.core.matching.LabelledRecord;
import io.onefold.core.matching.MatchEvaluation;
import io.onefold.core.matching.PairwiseMetrics;
import io.onefold.core.matching.TrainingOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Parses the flags of {@link io.onefold.benchmarks.MatchingQuality}, runs the evaluation and prints the figures. */
public final class MatchingQualityRun {
    private MatchingQualityRun() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) throw new IllegalArgumentException("expected a --flag, got " + args[i]);
            flags.put(args[i].substring(2), args[i + 1]);
        }
        for (String required : List.of("csv", "id-column", "truth-column", "compare")) {
            if (!flags.containsKey(required)) {
                System.err.println("usage: MatchingQuality --csv FILE [--second-csv FILE] --id-column COL --truth-column COL"
                        + " --compare COL[,COL...] [--union true] [--seed N]");
                System.exit(2);
            }
        }
        String id = flags.get("id-column");
        String truth = flags.get("truth-column");
        List<LabelledRecord> rows = new ArrayList<>(LabelledCsv.parse(Files.readString(Path.of(flags.get("csv"))), "a", id, truth));
        // with two files: a linkage (pairs only across files) unless --union, which deduplicates both files together
        // as the upsert pipeline will (it does not know that each file alone holds no duplicates)
        boolean linkage = flags.containsKey("second-csv") && !Boolean.parseBoolean(flags.getOrDefault("union", "false"));
        if (flags.containsKey("second-csv")) rows.addAll(LabelledCsv.parse(Files.readString(Path.of(flags.get("second-csv"))), "b", id, truth));
        List<String> compare = List.of(flags.get("compare").split(","));
        TrainingOptions training = TrainingOptions.DEFAULTS.withSeed(Long.parseLong(flags.getOrDefault("seed", "42")));

        long started = System.nanoTime();
        EvaluationResult result = MatchEvaluation.inferAndRun("evaluation", rows, compare, linkage, InferenceOptions.DEFAULTS, training);
        long millis = (System.nanoTime() - started) / 1_000_000;

        System.out.printf(Locale.ROOT, "records %d, %s, %d ms%n", rows.size(), linkage ? "linkage" : "deduplication", millis);
        for (Comparison c : result.rules().comparisons()) {
            StringBuilder levels = new StringBuilder();
            for (var l : c.levels()) {
                levels.append(String.format(Locale.ROOT, " [%s m=%.4f u=%.5f w=%.2f]", l.predicate().label(), l.m(), l.u(), l.weight()));
            }
            System.out.printf(Locale.ROOT, "  compare %s as %s:%s%n", c.attribute(), c.kind().code(), levels);
        }
        for (BlockingRule b : result.rules().blockingRules()) System.out.println("  block on " + b.label());
        System.out.printf(Locale.ROOT, "prior %.3g; candidate pairs %d holding %d true pairs%n", result.rules().prior(),
                result.candidatePairs(), result.truePairsBlocked());
        print("at auto_merge_threshold " + result.rules().autoMergeThreshold(), result.metrics());
        System.out.printf(Locale.ROOT, "review band [%s, %s): %d pairs, %d of them true%n", result.rules().reviewThreshold(),
                result.rules().autoMergeThreshold(), result.reviewPairs(), result.trueReviewPairs());
        for (var t : result.sweep()) print("  threshold " + t.threshold(), t.metrics());
    }

    private static void print(String label, PairwiseMetrics m) {
        System.out.printf(Locale.ROOT, "%s: precision %.4f recall %.4f F1 %.4f; clusters %d (truth %d); pairs predicted %d, true %d, both %d%n",
                label, m.precision(), m.recall(), m.f1(), m.clusters(), m.truthClusters(), m.predictedPairs(), m.truePairs(), m.truePositives());
    }
}
