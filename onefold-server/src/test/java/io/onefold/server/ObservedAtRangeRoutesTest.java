package io.onefold.server;

import static io.onefold.server.TestServer.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code observed_at} must lie between 1900-01-01T00:00:00Z and the allowed clock skew ahead of the server's clock
 * ({@code max-clock-skew}, here one hour): anything else is a 400 VALIDATION_FAILED naming {@code observed_at}, for a
 * single upsert and for a bulk line alike — never a 500 (the omnichannel rules have staleness thresholds, whose
 * arithmetic once overflowed on such instants).
 */
class ObservedAtRangeRoutesTest {
    private static final List<String> OUT_OF_RANGE = List.of("-999999999-01-01T00:00:00Z", "0000-01-01T00:00:00Z",
            "-0001-01-01T00:00:00Z", "1899-12-31T23:59:59Z", "+999999999-12-31T23:59:59Z");
    @TempDir
    static Path dir;
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir, c -> c.withMaxClockSkew(Duration.ofHours(1))).configureOmnichannel();
        api = server.admin();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String upsert(String email, String observedAt) {
        return "{\"source\": \"voice_ivr\", \"observed_at\": \"" + observedAt + "\", \"profile_data\": {\"email\": \"" + email
                + "\", \"loyalty_tier\": \"Gold\"}}";
    }

    @Test
    void anObservedAtBefore1900OrBeyondTheClockSkewIsA400NamingObservedAt() {
        String email = unique("range") + "@example.com";
        for (String observedAt : OUT_OF_RANGE) {
            Api.Response r = api.upsert(upsert(email, observedAt)).expectError(400, "VALIDATION_FAILED");
            assertThat(r.detailFields()).as(observedAt).containsExactly("observed_at");
        }
        assertThat(api.get("/profiles?email=" + email).json().get("entities")).as("nothing was written").isEmpty();
    }

    @Test
    void aBulkLineOutsideTheRangeIsRefusedAloneNamingObservedAt() {
        String email = unique("bulk-range") + "@example.com";
        StringBuilder ndjson = new StringBuilder();
        for (String observedAt : OUT_OF_RANGE) ndjson.append(upsert(email, observedAt)).append('\n');
        ndjson.append(upsert(email, "1900-01-01T00:00:00Z")).append('\n');
        List<String> lines = api.request("POST", "/profiles/bulk").ndjson(ndjson.toString()).send().expect(200)
                .text().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSize(OUT_OF_RANGE.size() + 1);
        for (int i = 0; i < OUT_OF_RANGE.size(); i++) {
            JsonNode line = Api.json(lines.get(i));
            assertThat(line.get("status").asInt()).as(OUT_OF_RANGE.get(i)).isEqualTo(400);
            assertThat(line.at("/error/code").asText()).isEqualTo("VALIDATION_FAILED");
            assertThat(line.at("/error/details/0/field").asText()).isEqualTo("observed_at");
        }
        assertThat(Api.json(lines.get(OUT_OF_RANGE.size())).get("status").asInt()).as("1900-01-01 is the first accepted instant").isEqualTo(201);
    }

    @Test
    void theConfiguredClockSkewDecidesHowFarAheadAnObservedAtMayBe() {
        // relative to the server's own clock: half the allowed hour ahead is accepted, twice it is not
        Instant now = Instant.now();
        api.upsert(upsert(unique("skew") + "@example.com", now.plus(Duration.ofMinutes(30)).toString())).expect(201);
        Api.Response r = api.upsert(upsert(unique("skew") + "@example.com", now.plus(Duration.ofHours(2)).toString())).expectError(400, "VALIDATION_FAILED");
        assertThat(r.json().at("/details/0/reason").asText()).contains("60 minutes in the future");
    }
}
