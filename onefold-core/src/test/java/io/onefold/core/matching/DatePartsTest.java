package io.onefold.core.matching;

import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.core.matching.LevelPredicate.DateTransposed;
import io.onefold.core.matching.LevelPredicate.DateWithin;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DatePartsTest {
    @ParameterizedTest
    @ValueSource(strings = {"1956-04-09", "19560409", "1956/04/09", "09/04/1956", "09.04.1956", "09-04-1956", "1956-04-09T10:00:00Z"})
    void every_accepted_shape_reads_as_the_same_date(String text) {
        assertThat(DateParts.parse(text)).contains(new DateParts(1956, 4, 9));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1956", "12345678", "hello world", "1956-13-14", "0999-01-01", "1956-00-10"})
    void text_that_is_not_a_date_is_refused(String text) {
        assertThat(DateParts.parse(text)).isEmpty();
    }

    @Test
    void a_date_with_day_and_month_swapped_past_twelve_is_kept_as_evidence() {
        DateParts typed = DateParts.parse("1956-14-09").orElseThrow();
        assertThat(typed.epochDay()).isEqualTo(DateParts.NOT_A_DATE);
        assertThat(typed.iso()).isEqualTo("1956-14-09");
        assertThat(typed.transposedWith(new DateParts(1956, 9, 14))).isTrue();
    }

    @Test
    void transposition_needs_the_same_year_and_two_different_parts() {
        assertThat(new DateParts(1956, 4, 9).transposedWith(new DateParts(1956, 9, 4))).isTrue();
        assertThat(new DateParts(1956, 4, 9).transposedWith(new DateParts(1957, 9, 4))).isFalse();
        assertThat(new DateParts(1956, 4, 4).transposedWith(new DateParts(1956, 4, 4))).isFalse();
    }

    @Test
    void the_date_levels_read_normalized_dates() {
        assertThat(new DateTransposed().holds("1956-04-09", "1956-09-04")).isTrue();
        assertThat(DateWithin.days(31).holds("1956-04-09", "1956-05-10")).isTrue();
        assertThat(DateWithin.days(31).holds("1956-04-09", "1956-05-11")).isFalse();
        assertThat(DateWithin.years(1).holds("1956-04-09", "1957-04-09")).isTrue();
        assertThat(DateWithin.years(1).holds("1956-04-09", "1957-04-11")).isFalse();
        assertThat(DateWithin.years(10).holds("1956-14-09", "1956-09-14")).as("an invalid date is no calendar date").isFalse();
    }
}
