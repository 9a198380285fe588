package io.onefold.cli.match;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code onefold match}: probabilistic matching's offline commands (docs/matching.md). */
@Command(name = "match", mixinStandardHelpOptions = true,
        description = {"Probabilistic matching: measure it on labelled data, train it on the stored records, apply it to profiles stored before it.",
                "See docs/matching.md."},
        subcommands = {MatchEvaluateCommand.class, MatchTrainCommand.class, MatchRebuildCommand.class})
public final class MatchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
