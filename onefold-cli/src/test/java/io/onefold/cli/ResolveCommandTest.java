package io.onefold.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code onefold resolve} end to end, on the committed examples and on hostile input. */
class ResolveCommandTest {
    private static final Path EXAMPLES = findExamples();

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = OnefoldCommand.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    private Run resolve(String template, String rules, Path observations, Path rejects) {
        return run("resolve", "--template", EXAMPLES.resolve(template).toString(), "--rules", EXAMPLES.resolve(rules).toString(),
                "--now", "2026-11-28T12:00:00Z", "--rejects", rejects.toString(), observations.toString());
    }

    @Test
    void theOmnichannelWorkedExampleGivesTheCommittedExpectedProfilesAndRejects() throws IOException {
        Path rejects = tmp.resolve("rejects.ndjson");
        Run run = resolve("omnichannel-template.json", "omnichannel-rules.json", EXAMPLES.resolve("observations.ndjson"), rejects);
        assertThat(run.code()).isZero();
        assertThat(run.out()).isEqualTo(Files.readString(EXAMPLES.resolve("expected-profiles.ndjson")));
        assertThat(Files.readString(rejects)).isEqualTo(Files.readString(EXAMPLES.resolve("expected-rejects.ndjson")));
        assertThat(run.err()).contains("17 observations, 4 profiles, 3 rejected");
    }

    @Test
    void theGuidesVerbatimTemplateAndRulesGiveTheCommittedExpectedOutput() throws IOException {
        Path rejects = tmp.resolve("rejects.ndjson");
        Run run = resolve("template.json", "merge-rules.json", EXAMPLES.resolve("guide-observations.ndjson"), rejects);
        assertThat(run.code()).isZero();
        assertThat(run.out()).isEqualTo(Files.readString(EXAMPLES.resolve("guide-expected-profiles.ndjson")));
        assertThat(Files.readString(rejects)).isEqualTo(Files.readString(EXAMPLES.resolve("guide-expected-rejects.ndjson")));
        assertThat(run.err()).contains("warning: attribute_rules[2].attribute_name").contains("preferred_contact_method");
    }

    @Test
    void theOutputNeverDependsOnTheOrderOfTheInputLines() throws IOException {
        List<String> lines = Files.readAllLines(EXAMPLES.resolve("observations.ndjson"));
        String expected = Files.readString(EXAMPLES.resolve("expected-profiles.ndjson"));
        Random random = new Random(20261128);
        for (int i = 0; i < 20; i++) {
            List<String> shuffled = new ArrayList<>(lines);
            Collections.shuffle(shuffled, random);
            Path file = tmp.resolve("shuffled-" + i + ".ndjson");
            Files.write(file, shuffled);
            Run run = resolve("omnichannel-template.json", "omnichannel-rules.json", file, tmp.resolve("r-" + i));
            assertThat(run.out()).as("shuffle %d", i).isEqualTo(expected);
        }
    }

    @Test
    void malformedAndInvalidLinesGoToTheRejectsFileWithTheirLineNumbers() throws IOException {
        Path obs = tmp.resolve("obs.ndjson");
        Files.writeString(obs, String.join("\n",
                "{\"source\":\"webchat_middleware\",\"observed_at\":\"2026-11-01T00:00:00Z\",\"profile_data\":{\"email\":\"a@example.com\"}}",
                "",
                "this is not json",
                "[1,2,3]",
                "{\"source\":\"webchat_middleware\",\"observed_at\":\"2030-01-01T00:00:00Z\",\"profile_data\":{\"email\":\"b@example.com\"}}",
                "{\"source\":\"webchat_middleware\",\"observed_at\":\"2026-11-01T00:00:00Z\",\"profile_data\":{\"email\":\"c@example.com\"},\"extra\":1}",
                "{\"source\":\"nobody\",\"observed_at\":\"2026-11-01T00:00:00Z\",\"profile_data\":{\"email\":\"d@example.com\"}}",
                "{\"source\":\"webchat_middleware\",\"profile_data\":{\"email\":\"e@example.com\"}}") + "\n");
        Path rejects = tmp.resolve("rejects.ndjson");
        Run run = resolve("omnichannel-template.json", "omnichannel-rules.json", obs, rejects);
        assertThat(run.code()).isZero();
        assertThat(run.out().lines()).hasSize(2);
        List<String> rejected = Files.readAllLines(rejects);
        assertThat(rejected).hasSize(5);
        assertThat(rejected.get(0)).contains("\"line\":3").contains("MALFORMED_JSON");
        assertThat(rejected.get(1)).contains("\"line\":4").contains("VALIDATION_FAILED");
        assertThat(rejected.get(2)).contains("\"line\":5").contains("observed_at").contains("future");
        assertThat(rejected.get(3)).contains("\"line\":6").contains("extra");
        assertThat(rejected.get(4)).contains("\"line\":7").contains("unknown source");
    }

    @Test
    void unusableArgumentsExitWithTwo() throws IOException {
        assertThat(run("resolve").code()).isEqualTo(2);
        assertThat(run("resolve", "--template", "missing.json", "--rules", "missing.json", "obs.ndjson").code()).isEqualTo(2);
        Path obs = tmp.resolve("obs.ndjson");
        Files.writeString(obs, "");
        String t = EXAMPLES.resolve("template.json").toString();
        String r = EXAMPLES.resolve("merge-rules.json").toString();
        assertThat(run("resolve", "--template", t, "--rules", r, "--now", "yesterday", obs.toString()).code()).isEqualTo(2);
        // --now is the default observed_at: the same range applies
        assertThat(run("resolve", "--template", t, "--rules", r, "--now", "-999999999-01-01T00:00:00Z", obs.toString()).code()).isEqualTo(2);
        assertThat(run("resolve", "--template", t, "--rules", r, "--default-region", "XX", obs.toString()).code()).isEqualTo(2);
        assertThat(run("resolve", "--template", t, "--rules", r, tmp.resolve("absent.ndjson").toString()).code()).isEqualTo(2);
        Path badTemplate = tmp.resolve("bad.json");
        Files.writeString(badTemplate, "{\"template_name\":\"x\",\"attributes\":[{\"name\":\"a\",\"type\":\"strng\"}]}");
        Run bad = run("resolve", "--template", badTemplate.toString(), "--rules", r, obs.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("attributes[0].type").contains("valid values are string");
        assertThat(run("resolve", "--template", t, "--rules", r, obs.toString()).code()).isZero();
    }

    private static Path findExamples() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("examples/retail"))) return p.resolve("examples/retail");
        }
        throw new IllegalStateException("examples/retail not found");
    }
}
