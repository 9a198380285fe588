package io.onefold.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The launcher's training workload ({@code onefold aot-training}) runs against a real server through a real socket and
 * a real ingest: every upsert it sends is accepted (a workload the server refused would train the error paths instead
 * of the hot ones), and it leaves nothing behind.
 */
class AotTrainingCommandTest {
    @Test
    void theTrainingWorkloadServesAndIngestsGeneratedCustomersAndLeavesNoDirectoryBehind() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before = trainingDirectories(tmp);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = OnefoldCommand.execute(new PrintWriter(out), new PrintWriter(err), "aot-training", "--customers", "200", "--seconds", "2", "--clients", "2");

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).containsPattern("aot-training: HTTP: [1-9][0-9]* requests, 0 upserts refused")
                .contains("aot-training: ingested the CRM export of 200 customers");
        assertThat(trainingDirectories(tmp)).as("temporary directories left").isEqualTo(before);
    }

    @Test
    void theTrainingCommandIsNotListedInTheHelp() {
        StringWriter out = new StringWriter();
        OnefoldCommand.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), "--help");
        assertThat(out.toString()).contains("ingest").doesNotContain("aot-training");
    }

    private static long trainingDirectories(Path tmp) throws Exception {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("onefold-aot-training")).count();
        }
    }
}
