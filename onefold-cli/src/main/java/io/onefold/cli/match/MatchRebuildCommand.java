package io.onefold.cli.match;

import io.onefold.core.error.OnefoldException;
import io.onefold.service.MatchRebuild;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code onefold match rebuild}: the active matching rules applied to the profiles stored already; a dry run unless --apply. */
@Command(name = "rebuild", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Apply the active matching rules to the profiles stored already (a dry run unless --apply).",
                "For records stored before matching was switched on (they have no blocking keys yet) or before its rules changed.",
                "Every stored record's blocking keys are computed under the active rules; records of two different active profiles that share a",
                "key are scored, and each pair of profiles keeps its best score. At or above auto_merge_threshold the two would merge",
                "automatically (unless merge protection refuses: then they are reviewed; or an operator said 'never the same': then nothing),",
                "between review_threshold and it a possible match would be queued for review.",
                "Without --apply nothing changes: the command reports what it would do. With --apply the blocking keys are rewritten and the",
                "merges and review links are written through the service's writer, with history and change events, the score as evidence.",
                "Existing merges are never split: a profile whose records would not match under today's rules stays one profile.",
                "",
                "Exit codes: 0 done (or reported), 1 failure (no matching rules active, a store error), 2 unusable arguments."})
public final class MatchRebuildCommand implements Callable<Integer> {
    @Mixin
    StoreSelection store;

    @Option(names = "--apply", description = "Make the changes (default: a dry run that only reports them).")
    boolean apply;

    @Option(names = "--list", paramLabel = "N", defaultValue = "20", description = "Merges and reviews listed by profile id (default ${DEFAULT-VALUE}; 0: counts only).")
    int list;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (list < 0) {
            err.println("onefold match rebuild: --list must be 0 or more");
            return 2;
        }
        StoreSelection.Session session;
        try {
            session = store.open();
        } catch (IllegalArgumentException e) {
            err.println("onefold match rebuild: " + e.getMessage());
            return 2;
        }
        try (session) {
            MatchRebuild.Result r = new MatchRebuild(session.service(), store.org).run(apply);
            String would = r.applied() ? "" : "would ";
            out.printf(Locale.ROOT, "%d records, %d with blocking keys under the active rules (%s)%n", r.records(), r.recordsWithKeys(),
                    r.applied() ? "re-indexed" : "not re-indexed: dry run");
            out.printf(Locale.ROOT, "%d pairs of profiles score at or above review_threshold%n", r.candidatePairs());
            out.printf(Locale.ROOT, "%s%d merge(s)%n", would.isEmpty() ? "" : "would make ", r.merges().size());
            print(out, r.merges(), "merge", "into");
            out.printf(Locale.ROOT, "%s%d review(s)%n", would.isEmpty() ? "queued " : "would queue ", r.reviews().size());
            print(out, r.reviews(), "review", "and");
            if (!r.neverSame().isEmpty()) out.printf(Locale.ROOT, "%d pair(s) left apart: an operator said never the same%n", r.neverSame().size());
            if (!r.applied()) out.println("dry run: nothing changed (run again with --apply to make these changes)");
            out.flush();
            return 0;
        } catch (OnefoldException e) {
            err.println("onefold match rebuild: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("onefold match rebuild: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return 1;
        }
    }

    private void print(PrintWriter out, List<MatchRebuild.Pair> pairs, String what, String joiner) {
        for (MatchRebuild.Pair p : pairs.subList(0, Math.min(list, pairs.size()))) {
            out.printf(Locale.ROOT, "  %s %s %s %s (probability %.4f)%n", what, p.otherProfileId(), joiner, p.profileId(), p.probability());
        }
        if (pairs.size() > list && list > 0) out.printf(Locale.ROOT, "  ... and %d more%n", pairs.size() - list);
    }
}
