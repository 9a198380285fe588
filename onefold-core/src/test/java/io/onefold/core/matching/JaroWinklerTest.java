package io.onefold.core.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JaroWinklerTest {
    /** Winkler (1990) and Cohen, Ravikumar & Fienberg (2003), as tabulated in the literature to three decimals. */
    @ParameterizedTest
    @CsvSource({
            "MARTHA, MARHTA, 0.961", "DWAYNE, DUANE, 0.840", "DIXON, DICKSONX, 0.813", "SHACKLEFORD, SHACKELFORD, 0.982",
            "DUNNINGHAM, CUNNIGHAM, 0.896", "NICHLESON, NICHULSON, 0.956", "JONES, JOHNSON, 0.832", "MASSEY, MASSIE, 0.933",
            "ABROMS, ABRAMS, 0.922", "JERALDINE, GERALDINE, 0.926", "MICHELLE, MICHAEL, 0.921", "JULIES, JULIUS, 0.933",
            "TANYA, TONYA, 0.880", "SEAN, SUSAN, 0.805", "JON, JOHN, 0.933"})
    void matches_the_published_reference_values(String a, String b, double expected) {
        assertThat(JaroWinkler.similarity(a, b)).isCloseTo(expected, within(0.0005));
    }

    /** Apache Commons Text's test values (five decimals), which include strings with spaces and punctuation. */
    @ParameterizedTest
    @CsvSource({"frog, fog, 0.92500", "elephant, hippo, 0.44167", "ABC Corporation, ABC Corp, 0.90667",
            "PENNSYLVANIA, PENNCISYLVNIA, 0.89802"})
    void matches_commons_text_reference_values(String a, String b, double expected) {
        assertThat(JaroWinkler.similarity(a, b)).isCloseTo(expected, within(0.00001));
    }

    @ParameterizedTest
    @CsvSource({"MARTHA, MARHTA, 0.944", "DIXON, DICKSONX, 0.767", "FAREMVIEL, FARMVILLE, 0.884", "JELLYFISH, SMELLYFISH, 0.896"})
    void the_jaro_step_matches_the_published_values(String a, String b, double expected) {
        assertThat(JaroWinkler.jaro(a, b)).isCloseTo(expected, within(0.0005));
    }

    @Test
    void below_the_boost_threshold_the_common_prefix_adds_nothing() {
        assertThat(JaroWinkler.jaro("abcxyz", "abqrst")).isLessThan(0.7);
        assertThat(JaroWinkler.similarity("abcxyz", "abqrst")).isEqualTo(JaroWinkler.jaro("abcxyz", "abqrst"));
    }

    @Test
    void empty_strings_are_identical_to_each_other_and_unlike_anything_else() {
        assertThat(JaroWinkler.similarity("", "")).isEqualTo(1.0);
        assertThat(JaroWinkler.similarity("", "a")).isEqualTo(0.0);
        assertThat(JaroWinkler.similarity("abc", "xyz")).isEqualTo(0.0);
    }

    @Test
    void strings_longer_than_sixty_four_characters_are_compared_too() {
        String long1 = "a".repeat(70) + "xyz";
        String long2 = "a".repeat(70) + "xzy";
        assertThat(JaroWinkler.similarity(long1, long2)).isGreaterThan(0.99).isLessThan(1.0);
        assertThat(JaroWinkler.jaro(long1, long2)).isEqualTo(JaroWinkler.jaroLong(long1, long2));
    }

    @Test
    void a_string_that_only_extends_another_is_close_but_never_equal() {
        assertThat(JaroWinkler.similarity("abcd", "abcde")).isGreaterThan(0.95).isLessThan(1.0);
    }
}
