package io.onefold.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One process writes a data directory: {@code ingest --data} is refused while {@code serve} holds it, and works once it stopped. */
class DataDirectoryLockIT {
    @TempDir
    Path dir;

    @Test
    void ingestIntoADirectoryARunningServerHoldsIsRefusedNamingTheDirectory() throws Exception {
        Path data = dir.resolve("data");
        Path input = dir.resolve("crm.ndjson");
        Files.writeString(input, "{\"source\": \"salesforce_crm\", \"profile_data\": {\"email\": \"lock@example.com\"}}\n");
        String[] ingest = {"ingest", "--data", data.toString(), "--template", "../examples/retail/omnichannel-template.json",
                "--rules", "../examples/retail/omnichannel-rules.json", "--progress", "none", input.toString()};
        try (ServeProcess serve = ServeProcess.start("--data", data.toString())) {
            StringWriter err = new StringWriter();
            int code = OnefoldCommand.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), ingest);
            assertThat(code).as(err.toString()).isEqualTo(1);
            assertThat(err.toString()).contains(data.toAbsolutePath().toString(), "in use", "pid " + serve.pid());
            assertThat(Files.readAllLines(input)).as("the input is untouched").hasSize(1);

            serve.terminate();
            serve.awaitExit(Duration.ofMinutes(2));
        }
        StringWriter err = new StringWriter();
        assertThat(OnefoldCommand.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), ingest)).as(err.toString()).isZero();
    }

    @Test
    void aSecondServerOnTheSameDirectoryIsRefused() throws Exception {
        Path data = dir.resolve("data");
        try (ServeProcess first = ServeProcess.start("--data", data.toString())) {
            assertThatThrownBy(() -> ServeProcess.start("--data", data.toString()).close())
                    .hasMessageContaining("exited (1)").hasMessageContaining(data.toAbsolutePath().toString()).hasMessageContaining("in use");
        }
    }
}
