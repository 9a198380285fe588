package io.onefold.cli.ingest;

import static io.onefold.cli.ingest.IngestCommandTest.RULES;
import static io.onefold.cli.ingest.IngestCommandTest.TEMPLATE;
import static io.onefold.cli.ingest.IngestCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code onefold ingest} checks {@code observed_at} as the server does: before 1900 or beyond the clock skew is a rejected line. */
class IngestObservedAtTest {
    @TempDir
    Path dir;

    private static String line(String email, String observedAt) {
        return "{\"source\": \"voice_ivr\", \"observed_at\": \"" + observedAt + "\", \"profile_data\": {\"email\": \"" + email + "\"}}";
    }

    @Test
    void linesObservedBefore1900OrBeyondTheClockSkewAreRejectedNamingObservedAt() throws IOException {
        String inAnHour = Instant.now().plus(Duration.ofHours(1)).toString();
        Path input = dir.resolve("calls.ndjson");
        Files.write(input, List.of(
                line("a@example.com", "-999999999-01-01T00:00:00Z"),
                line("b@example.com", "0000-01-01T00:00:00Z"),
                line("c@example.com", "1899-12-31T23:59:59Z"),
                line("d@example.com", inAnHour),
                line("e@example.com", "1900-01-01T00:00:00Z")));
        IngestCommandTest.Run r = run("ingest", "--data", dir.resolve("data").toString(), "--template", TEMPLATE, "--rules", RULES, "--progress", "none", input.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("created 1,", "rejected 4");
        List<JsonNode> rejects = new ArrayList<>();
        for (String l : Files.readAllLines(dir.resolve("calls.ndjson.rejects.ndjson"))) rejects.add(Json.MAPPER.readTree(l));
        assertThat(rejects).extracting(j -> j.get("line").asLong()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(rejects).allSatisfy(j -> {
            assertThat(j.get("code").asText()).isEqualTo("VALIDATION_FAILED");
            assertThat(j.at("/details/0/field").asText()).isEqualTo("observed_at");
        });

        // a wider skew, on the command line, admits the line an hour ahead
        Path again = Files.writeString(dir.resolve("again.ndjson"), line("d@example.com", inAnHour) + "\n");
        IngestCommandTest.Run wider = run("ingest", "--data", dir.resolve("data").toString(), "--max-clock-skew", "PT2H", "--progress", "none", again.toString());
        assertThat(wider.code()).as(wider.err()).isZero();
        assertThat(wider.out()).contains("created 1,", "rejected 0");
    }

}
