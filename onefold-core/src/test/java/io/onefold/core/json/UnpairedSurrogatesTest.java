package io.onefold.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onefold.core.error.ValidationException;
import io.onefold.core.error.Violation;
import io.onefold.core.model.ObservationParser;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UnpairedSurrogatesTest {
    @Test
    void onlyHalvesOfAPairAreUnpaired() {
        assertThat(UnpairedSurrogates.has("plain text, ünïcödé, 😀 and 👨‍👩‍👧")).isFalse();
        assertThat(UnpairedSurrogates.has("\ud800")).isTrue();
        assertThat(UnpairedSurrogates.has("x\udc00")).isTrue();
        assertThat(UnpairedSurrogates.has("\ude00\ud83d")).as("a pair in the wrong order").isTrue();
        assertThat(UnpairedSurrogates.has("😀\ud83d")).as("a high surrogate at the end").isTrue();
    }

    @Test
    void eachFieldHoldingOneIsNamedByItsPath() throws Exception {
        var json = Json.parse("{\"a\": \"ok\", \"b\": {\"c\": [\"ok\", \"\\ud800\"]}, \"d\": \"\\udfff\"}");
        assertThat(UnpairedSurrogates.in(json, "").stream().map(Violation::field)).containsExactly("b.c[1]", "d");
    }

    /** Every observation passes here — HTTP, bulk, {@code ingest --data}, {@code resolve}: none stores a '?' instead. */
    @Test
    void anObservationHoldingOneIsRefusedNamingTheField() throws Exception {
        var body = Json.parse("{\"source\": \"crm\", \"profile_data\": {\"email\": \"a@example.com\", \"first_name\": \"Ann\\ud800\"}}");
        assertThatThrownBy(() -> ObservationParser.parse(body, Instant.parse("2026-01-01T00:00:00Z")))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.details().stream().map(Violation::field)).containsExactly("profile_data.first_name"));
    }
}
