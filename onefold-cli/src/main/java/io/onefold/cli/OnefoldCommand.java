package io.onefold.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./onefold}: the command line. Each subcommand is its own class. */
@Command(name = "onefold", mixinStandardHelpOptions = true, version = "onefold 0.1.0",
        description = "One persistent customer profile from many sources, with deterministic attribute-level conflict resolution.",
        subcommands = {ServeCommand.class, ResolveCommand.class, ClientsCommand.class, io.onefold.cli.ingest.IngestCommand.class,
                GenerateCommand.class, EvaluateCommand.class, io.onefold.cli.match.MatchCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class OnefoldCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (0 done, 2 unusable arguments, 1 failure). */
    public static int execute(String... args) {
        return execute(new java.io.PrintWriter(new java.io.OutputStreamWriter(System.out, java.nio.charset.StandardCharsets.UTF_8), true),
                new java.io.PrintWriter(new java.io.OutputStreamWriter(System.err, java.nio.charset.StandardCharsets.UTF_8), true), args);
    }

    /** Runs a command line with the given output streams (for tests and embedding). */
    public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new OnefoldCommand())
                .setOut(out)
                .setErr(err)
                .setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? 2 : 1);
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
