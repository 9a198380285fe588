package io.onefold.core.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ValueKindGuessTest {
    private static ValueKind guess(String... values) {
        return ValueKindGuess.guess(Arrays.asList(values)).orElseThrow();
    }

    /** {@code n} values made from a counter, so that they are all different. */
    private static String[] distinct(int n, java.util.function.IntFunction<String> value) {
        return IntStream.range(0, n).mapToObj(value).toArray(String[]::new);
    }

    @Test
    void emails_are_recognized_even_with_a_few_broken_ones() {
        assertThat(guess("a@x.com", "b@y.org", "c@z.net", "d@w.io", "not an email")).isEqualTo(ValueKind.EMAIL);
    }

    @Test
    void dates_in_any_accepted_shape_are_dates() {
        assertThat(guess("1956-04-09", "19800101", "09/04/1956", "2001-12-31", "")).isEqualTo(ValueKind.DATE);
    }

    @Test
    void whole_numbers_are_codes_and_decimals_are_numbers() {
        assertThat(guess(distinct(50, i -> Integer.toString(1000 + i * 7)))).isEqualTo(ValueKind.CODE);
        assertThat(guess(distinct(50, i -> i + ".5"))).isEqualTo(ValueKind.NUMBER);
    }

    @Test
    void few_distinct_values_make_a_category() {
        String[] states = distinct(100, i -> List.of("nsw", "vic", "qld", "sa").get(i % 4));
        assertThat(guess(states)).isEqualTo(ValueKind.CATEGORY);
    }

    @Test
    void single_words_are_names_and_several_words_text() {
        assertThat(guess(distinct(50, i -> "name" + (char) ('a' + i % 26) + (char) ('a' + i / 26)))).isEqualTo(ValueKind.NAME);
        assertThat(guess(distinct(50, i -> "street of " + (char) ('a' + i % 26) + (char) ('a' + i / 26) + " road"))).isEqualTo(ValueKind.TEXT);
    }

    @Test
    void letters_and_digits_without_spaces_are_codes() {
        assertThat(guess(distinct(50, i -> "sw" + i + "a" + (i % 9)))).isEqualTo(ValueKind.CODE);
    }

    @Test
    void formatted_phone_numbers_and_postcodes_with_a_space_are_codes() {
        assertThat(guess(distinct(50, i -> "+44 20 7946 " + (1000 + i)))).isEqualTo(ValueKind.CODE);
        assertThat(guess(distinct(50, i -> "sw" + i + "a " + (i % 9) + "aa"))).isEqualTo(ValueKind.CODE);
    }

    @Test
    void street_lines_with_house_numbers_stay_text() {
        assertThat(guess(distinct(50, i -> (i + 1) + " long acre road " + (char) ('a' + i % 26)))).isEqualTo(ValueKind.TEXT);
    }

    @Test
    void a_column_without_values_has_no_kind() {
        List<String> empty = new ArrayList<>(Arrays.asList(null, "", "  "));
        assertThat(ValueKindGuess.guess(empty)).isEmpty();
    }
}
