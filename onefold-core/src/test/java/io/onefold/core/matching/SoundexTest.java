package io.onefold.core.matching;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SoundexTest {
    /** The US National Archives' examples (including the h/w rule: Ashcraft, and the first-letter rule: Pfister). */
    @ParameterizedTest
    @CsvSource({"Robert, R163", "Rupert, R163", "Rubin, R150", "Ashcraft, A261", "Ashcroft, A261", "Tymczak, T522",
            "Pfister, P236", "Honeyman, H555", "Lee, L000", "Gutierrez, G362", "Jackson, J250", "Washington, W252"})
    void matches_the_published_codes(String name, String code) {
        assertThat(Soundex.code(name)).isEqualTo(code);
    }

    @Test
    void spelling_variants_share_a_code() {
        assertThat(Soundex.code("smith")).isEqualTo(Soundex.code("smyth")).isEqualTo(Soundex.code("smithe")).isEqualTo("S530");
    }

    @Test
    void a_value_without_letters_has_no_code() {
        assertThat(Soundex.code("1234 -")).isNull();
        assertThat(BlockingRule.exact("x").parts().getFirst().of("x")).isEqualTo("x");
        assertThat(new BlockingKeyPart("surname", 0, true).of("42")).isNull();
    }
}
