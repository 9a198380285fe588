package io.onefold.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's promise: its printed instructions work when followed. The script it prints is run as printed, by bash
 * and curl, against the demo's own server; every HTTP call must succeed and say what the comment above it says.
 */
class DemoIT {
    @Test
    void thePrintedInstructionsWorkWhenFollowed(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("demo");
        StringWriter printed = new StringWriter();
        try (Demo demo = Demo.start(dir, 600, 42, "127.0.0.1", 0, new PrintWriter(printed, true))) {
            assertThat(demo.quality().exact()).as(demo.quality().summary()).isTrue();
            assertThat(demo.quality().profiles()).isEqualTo(600);
            assertThat(printed.toString()).contains("precision 1.000000 · recall 1.000000").contains("Try it");

            // the script as a user pastes it, with curl made to fail on an HTTP error, and a marker before each step
            StringBuilder script = new StringBuilder("set -e\n");
            int step = 0;
            for (String line : demo.script()) {
                if (line.startsWith("# ")) script.append("echo '=== ").append(++step).append("'\n");
                else if (!line.isEmpty()) script.append(line.replace("curl -s ", "curl -sS --fail-with-body ")).append("\necho\n");
            }
            Path file = tmp.resolve("try.sh");
            Files.writeString(file, script);
            Process bash = new ProcessBuilder("bash", file.toString()).redirectErrorStream(true).start();
            assertThat(bash.waitFor(60, TimeUnit.SECONDS)).as("the script finishes").isTrue();
            String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(bash.exitValue()).as(output).isZero();

            Map<Integer, String> steps = new LinkedHashMap<>();
            List<String> parts = new ArrayList<>(List.of(output.split("=== ")));
            parts.removeFirst();
            for (String part : parts) steps.put(Integer.parseInt(part.substring(0, part.indexOf('\n')).trim()), part);
            assertThat(steps).containsOnlyKeys(1, 2, 3, 4, 5, 6, 7);
            String byEmail = steps.get(1), byPhone = steps.get(2);
            String profileId = byEmail.replaceAll("(?s).*?\"profile_id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
            assertThat(byPhone).as("the caller's phone finds the identified customer").contains(profileId);
            assertThat(steps.get(3)).contains("loyalty_tier").contains("salesforce_crm");
            assertThat(steps.get(4)).contains("profile.merged");
            assertThat(steps.get(5)).contains("\"restored\"");
            assertThat(steps.get(6)).contains("\"interaction_channels\":[\"chat\",\"voice\"]").contains("\"restored\"");
            assertThat(steps.get(7)).contains("event: profile.created");
        }
    }

    @Test
    void aDirectoryTheDemoDidNotMakeIsNeverWiped(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("precious.txt"), "keep me");
        assertThatThrownBy(() -> Demo.start(tmp, 200, 1, "127.0.0.1", 0, new PrintWriter(new StringWriter())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was not made by 'onefold demo'");
        assertThat(tmp.resolve("precious.txt")).hasContent("keep me");
    }
}
