package io.onefold.cli.match;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.core.error.OnefoldException;
import io.onefold.core.json.Json;
import io.onefold.core.matching.LabelledCsv;
import io.onefold.core.matching.LabelledRecord;
import io.onefold.core.matching.MatchingRules;
import io.onefold.core.matching.MatchingRulesParser;
import io.onefold.core.matching.PairwiseMetrics;
import io.onefold.core.rules.MergeRuleSetParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code onefold match evaluate}: labelled CSV through the upsert pipeline of a fresh store, scored against its truth column. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure probabilistic matching on labelled data through the real upsert pipeline.",
                "Prints pairwise precision, recall and F1 and the profile count against a truth column.",
                "The records go into a fresh embedded store (a temporary data directory, deleted afterwards) whose template holds the compared",
                "columns (each a non-identifier string attribute) and whose rule set holds the matching rules: inferred from the compared",
                "columns' values and trained without labels, or given with --rules (used as they are). Every record is one upsert keyed by its",
                "id column, in file order, in batches of " + PipelineEvaluation.BATCH + " (what 'onefold ingest' runs); each record's profile is read back from the store.",
                "The truth column is read only for the scores. The same input and flags give the same output.",
                "With --second-csv the two files are linked: each is its own source, and training samples non-matches across them.",
                "",
                "Exit codes: 0 done, 1 failure, 2 unusable arguments."})
public final class MatchEvaluateCommand implements Callable<Integer> {
    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "Labelled records: a header row, then one record per row.")
    Path csv;

    @Option(names = "--second-csv", paramLabel = "FILE", description = "A second file to link with the first (same columns).")
    Path secondCsv;

    @Option(names = "--id-column", required = true, paramLabel = "COL", description = "The record id column (unique within a file).")
    String idColumn;

    @Option(names = "--truth-column", required = true, paramLabel = "COL", description = "The true entity of each record; used only for scoring.")
    String truthColumn;

    @Option(names = "--compare", required = true, split = ",", paramLabel = "COL", description = "The compared columns, comma-separated.")
    List<String> compare;

    @Option(names = "--rules", paramLabel = "FILE", description = {"Matching rules to use as they are instead of inferred and trained ones: either matching rules",
            "(as the 'matching' section holds them, with a name) or a whole rule set with a 'matching' section (only that section is used)."})
    Path rules;

    @Option(names = "--threshold", paramLabel = "P", description = "The auto-merge threshold, a match probability in (0, 1) (default: the rules'; inferred rules 0.99).")
    Double threshold;

    @Option(names = "--seed", paramLabel = "N", description = "The training's random seed (default ${DEFAULT-VALUE}).", defaultValue = "42")
    long seed;

    @Option(names = "--skip-offline", description = "Skip the comparison with the core alone on the same rules (made for inferred rules only).")
    boolean noOffline;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<List<LabelledRecord>> files = new ArrayList<>();
        MatchingRules given;
        try {
            if (threshold != null && !(threshold > 0 && threshold < 1)) throw new IllegalArgumentException("--threshold must be a probability in (0, 1)");
            files.add(read(csv, "a", "--csv"));
            if (secondCsv != null) files.add(read(secondCsv, "b", "--second-csv"));
            for (String c : compare) {
                if (c.isBlank()) throw new IllegalArgumentException("--compare names an empty column");
                if (!files.getFirst().isEmpty() && !files.getFirst().getFirst().values().containsKey(c)) {
                    throw new IllegalArgumentException("--compare: '" + c + "' is not a column of " + csv + "; columns are " + files.getFirst().getFirst().values().keySet());
                }
                if (c.equals(truthColumn)) throw new IllegalArgumentException("--compare: '" + c + "' is the truth column");
            }
            given = rules == null ? null : rules(rules);
        } catch (IllegalArgumentException | IOException e) {
            err.println("onefold match evaluate: " + e.getMessage());
            return 2;
        } catch (OnefoldException e) {
            err.println("onefold match evaluate: " + e.getMessage() + (e.details().isEmpty() ? "" : " " + e.details()));
            return 2;
        }
        long started = System.nanoTime();
        PipelineEvaluation.Result r;
        try {
            r = PipelineEvaluation.run(files, compare, given, threshold, seed, !noOffline);
        } catch (RuntimeException e) {
            err.println("onefold match evaluate: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return 1;
        }
        out.printf(Locale.ROOT, "records %d (%s), compared: %s%n", r.records(), files.size() > 1 ? "linkage of two files" : "deduplication", String.join(", ", compare));
        out.println(r.trained() ? "matching rules inferred from the compared columns and trained without labels (seed " + seed + "):" : "matching rules from " + rules + ":");
        RulesPrinter.print(out, r.rules());
        out.println("through the upsert pipeline (term frequencies: none, as the pipeline scores):");
        print(out, "  ", r.metrics());
        out.printf(Locale.ROOT, "  profiles %d; review queue %d possible matches; records refused %d%n", r.profiles(), r.reviewQueue(), r.refused());
        if (r.offline() != null) {
            out.println("the core alone on the same rules (every blocked pair scored, term frequencies from the records, connected components):");
            print(out, "  ", r.offline().metrics());
            out.printf(Locale.ROOT, "  candidate pairs %d holding %d true pairs; review band %d pairs%n", r.offline().candidatePairs(),
                    r.offline().truePairsBlocked(), r.offline().reviewPairs());
        }
        out.flush();
        err.printf(Locale.ROOT, "onefold match evaluate: %d ms%n", (System.nanoTime() - started) / 1_000_000);
        return 0;
    }

    private List<LabelledRecord> read(Path file, String source, String flag) throws IOException {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(flag + ": cannot read " + file);
        try {
            List<LabelledRecord> rows = LabelledCsv.parse(Files.readString(file), source, idColumn, truthColumn);
            java.util.Set<String> ids = new java.util.HashSet<>();
            for (LabelledRecord row : rows) {
                if (row.id() == null || row.id().isBlank()) throw new IllegalArgumentException(flag + ": a record of " + file + " has no " + idColumn);
                if (!ids.add(row.id())) throw new IllegalArgumentException(flag + ": " + idColumn + " '" + row.id() + "' appears twice in " + file);
            }
            return rows;
        } catch (OnefoldException e) {
            throw new IllegalArgumentException(flag + ": " + e.details().stream().map(v -> v.field() + " " + v.reason()).toList());
        }
    }

    /** Matching rules, or a rule set's matching section. */
    private static MatchingRules rules(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("--rules: cannot read " + file);
        JsonNode json = Json.MAPPER.readTree(file.toFile());
        if (json != null && json.has("rule_name")) {
            return MergeRuleSetParser.parse(json).matching()
                    .orElseThrow(() -> new IllegalArgumentException("--rules: the rule set " + file + " has no 'matching' section"));
        }
        return MatchingRulesParser.parse(json);
    }

    static void print(PrintWriter out, String indent, PairwiseMetrics m) {
        out.printf(Locale.ROOT, "%sprecision %.4f recall %.4f F1 %.4f; clusters %d (truth %d); pairs predicted %d, true %d, both %d%n", indent,
                m.precision(), m.recall(), m.f1(), m.clusters(), m.truthClusters(), m.predictedPairs(), m.truePairs(), m.truePositives());
    }
}
