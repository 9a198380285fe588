package io.onefold.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --help}: what a newcomer reads first. */
class HelpTest {
    private static final Pattern ENTRY = Pattern.compile("^  (\\S+)\\s+(.*)$");
    private static final Pattern CONTINUATION = Pattern.compile("^\\s{3,}(\\S.*)$");

    @Test
    void everyCommandListSummarizesEachCommandInWholeSentences() {
        int lists = check(List.of(), new CommandLine(new OnefoldCommand()), new IdentityHashMap<>());
        assertThat(lists).as("command lists checked (onefold's, and those of commands with subcommands)").isGreaterThanOrEqualTo(2);
    }

    /** Checks the command list that {@code onefold <path> --help} prints, then those of the subcommands; returns how many. */
    private static int check(List<String> path, CommandLine command, Map<CommandLine, Boolean> seen) {
        if (command.getSubcommands().isEmpty() || seen.put(command, true) != null) return 0;
        List<String> args = new ArrayList<>(path);
        args.add("--help");
        StringWriter out = new StringWriter();
        assertThat(OnefoldCommand.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), args.toArray(String[]::new))).isZero();
        Map<String, String> summaries = commandList(out.toString());
        assertThat(summaries).as("the command list of 'onefold %s--help'", path.isEmpty() ? "" : String.join(" ", path) + " ").isNotEmpty();
        summaries.forEach((name, summary) -> assertThat(summary)
                .as("'%s' in the command list of 'onefold %s--help' (picocli lists the first description line only)", name,
                        path.isEmpty() ? "" : String.join(" ", path) + " ")
                .matches(".*[.!?]$"));
        int lists = 1;
        for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
            List<String> next = new ArrayList<>(path);
            next.add(sub.getKey());
            lists += check(next, sub.getValue(), seen);
        }
        return lists;
    }

    /** The "Commands:" section of a usage text: each command's summary, its wrapped lines joined. */
    private static Map<String, String> commandList(String usage) {
        Map<String, String> out = new LinkedHashMap<>();
        boolean inList = false;
        String current = null;
        for (String line : usage.lines().toList()) {
            if (line.equals("Commands:")) {
                inList = true;
                continue;
            }
            if (!inList) continue;
            if (line.isBlank() || !line.startsWith(" ")) break;
            Matcher continuation = CONTINUATION.matcher(line);
            Matcher entry = ENTRY.matcher(line);
            if (continuation.matches() && current != null) {
                out.merge(current, continuation.group(1), (a, b) -> a + " " + b);
            } else if (entry.matches()) {
                current = entry.group(1);
                out.put(current, entry.group(2).strip());
            }
        }
        return out;
    }
}
