package io.onefold.core.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class LevenshteinTest {
    /** The textbook examples (Wikipedia, Commons Text). */
    @ParameterizedTest
    @CsvSource({"kitten, sitting, 3", "flaw, lawn, 2", "saturday, sunday, 3", "gumbo, gambol, 2", "book, back, 2",
            "'', abc, 3", "abc, abc, 0", "a, b, 1"})
    void matches_the_reference_distances_when_the_bound_is_large(String a, String b, int expected) {
        assertThat(Levenshtein.distance(a, b, 10)).isEqualTo(expected);
        assertThat(Levenshtein.distance(b, a, 10)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"kitten, sitting, 2", "kitten, sitting, 0", "saturday, sunday, 1", "abcdef, ab, 3"})
    void a_distance_beyond_the_bound_is_reported_as_bound_plus_one(String a, String b, int max) {
        assertThat(Levenshtein.distance(a, b, max)).isEqualTo(max + 1);
    }

    @Test
    void a_distance_exactly_at_the_bound_is_exact() {
        assertThat(Levenshtein.distance("kitten", "sitting", 3)).isEqualTo(3);
    }

    @Test
    void a_negative_bound_is_refused() {
        assertThatThrownBy(() -> Levenshtein.distance("a", "b", -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
