package io.onefold.core.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onefold.core.schema.IdentifierNormalizer.Result;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class IdentifierNormalizerTest {
    private final IdentifierNormalizer us = new IdentifierNormalizer("US");

    private static String ok(Result result) {
        assertThat(result).isInstanceOf(Result.Ok.class);
        return ((Result.Ok) result).value();
    }

    private static String invalid(Result result) {
        assertThat(result).isInstanceOf(Result.Invalid.class);
        return ((Result.Invalid) result).reason();
    }

    @Nested
    class Emails {
        @Test
        void are_trimmed_and_lower_cased() {
            assertThat(ok(us.normalize(Normalization.EMAIL, " John.Doe@Example.COM \t"))).isEqualTo("john.doe@example.com");
        }

        @Test
        void an_already_normal_email_is_unchanged() {
            assertThat(ok(us.normalize(Normalization.EMAIL, "customer@example.com"))).isEqualTo("customer@example.com");
        }

        @Test
        void an_email_without_at_sign_is_invalid() {
            assertThat(invalid(us.normalize(Normalization.EMAIL, "not-an-email"))).contains("no '@'");
        }

        @Test
        void an_email_with_two_at_signs_is_invalid() {
            assertThat(invalid(us.normalize(Normalization.EMAIL, "john@doe@example.com"))).contains("more than one '@'");
        }

        @ParameterizedTest(name = "\"{0}\" is invalid")
        @ValueSource(strings = {"@example.com", "john@", "john@.example.com", "john@example.com.", "john@example..com",
                "john doe@example.com", "john,doe@example.com", "<john@example.com>"})
        void an_email_with_a_malformed_part_is_invalid(String raw) {
            assertThat(invalid(us.normalize(Normalization.EMAIL, raw))).startsWith("not an email address");
        }
    }

    @Nested
    class Default_ignorable_code_points {
        @Test
        void a_zero_width_space_inside_an_email_is_removed() {
            assertThat(ok(us.normalize(Normalization.EMAIL, "john\u200B@example.com"))).isEqualTo("john@example.com");
        }

        @ParameterizedTest(name = "U+{0} is removed")
        @ValueSource(strings = {"00AD", "034F", "061C", "180E", "200B", "200C", "200D", "200E", "200F", "202A", "202E", "2060", "2066",
                "FE0F", "FEFF", "E0001", "E0100"})
        void every_kind_of_invisible_character_is_removed_from_every_identifier_type(String hex) {
            String c = Character.toString(Integer.parseInt(hex, 16));
            assertThat(ok(us.normalize(Normalization.EMAIL, c + "Jo" + c + "hn@Example.com" + c))).isEqualTo("john@example.com");
            assertThat(ok(us.normalize(Normalization.PHONE, "+1 415" + c + " 555-0101"))).isEqualTo("+14155550101");
            assertThat(ok(us.normalize(Normalization.NONE, c + "CRM-" + c + "0042"))).isEqualTo("CRM-0042");
        }

        @Test
        void visible_characters_next_to_them_stay() {
            assertThat(ok(us.normalize(Normalization.NONE, "caf\u00E9-\u00DF-\u4E2D"))).isEqualTo("caf\u00E9-\u00DF-\u4E2D");
            assertThat(ok(us.normalize(Normalization.NONE, "\uD83D\uDE00"))).isEqualTo("\uD83D\uDE00");
        }

        @Test
        void a_value_of_invisible_characters_only_is_blank() {
            assertThat(invalid(us.normalize(Normalization.EMAIL, "\u200B\uFEFF \u2060"))).isEqualTo("must not be blank");
        }
    }

    @ParameterizedTest(name = "a blank {0} value is invalid")
    @CsvSource({"EMAIL", "PHONE", "NONE"})
    void a_blank_value_is_invalid_whatever_the_normalization(Normalization normalization) {
        assertThat(invalid(us.normalize(normalization, "   "))).isEqualTo("must not be blank");
        assertThat(invalid(us.normalize(normalization, ""))).isEqualTo("must not be blank");
    }

    @Test
    void no_normalization_only_trims() {
        assertThat(ok(us.normalize(Normalization.NONE, "  CRM-0042 "))).isEqualTo("CRM-0042");
    }

    @Nested
    class Phones {
        @Test
        void an_international_number_with_punctuation_becomes_e164() {
            assertThat(ok(us.normalize(Normalization.PHONE, "+1 (415) 555-0101"))).isEqualTo("+14155550101");
        }

        @Test
        void a_national_number_takes_the_default_region() {
            assertThat(ok(us.normalize(Normalization.PHONE, "415-555-0101"))).isEqualTo("+14155550101");
        }

        @Test
        void the_guides_sample_parses_but_is_invalid_and_is_kept_as_plus_and_digits() {
            assertThat(ok(us.normalize(Normalization.PHONE, "+15550199"))).isEqualTo("+15550199");
            assertThat(us.validPhone("+15550199")).isFalse();
        }

        @Test
        void two_spellings_of_the_guides_sample_agree() {
            assertThat(ok(us.normalize(Normalization.PHONE, "+1 555-0199"))).isEqualTo("+15550199");
        }

        @Test
        void a_valid_number_is_reported_valid() {
            assertThat(us.validPhone("+14155550101")).isTrue();
        }

        @ParameterizedTest(name = "\"{0}\" is invalid")
        @ValueSource(strings = {"---", "()", "+", " - . - "})
        void a_value_without_digits_is_invalid(String raw) {
            assertThat(invalid(us.normalize(Normalization.PHONE, raw))).isEqualTo("not a phone number: no digits");
        }

        @Test
        void a_value_of_letters_is_invalid() {
            assertThat(invalid(us.normalize(Normalization.PHONE, "call me"))).startsWith("not a phone number");
        }

        @Test
        void a_value_with_too_many_digits_is_invalid() {
            assertThat(invalid(us.normalize(Normalization.PHONE, "+1 415 555 0101 0101 0101"))).contains("too many digits");
        }

        @Test
        void an_extension_is_not_part_of_the_identifier() {
            assertThat(ok(us.normalize(Normalization.PHONE, "(415) 555-0101 ext. 12"))).isEqualTo("+14155550101");
        }

        @Test
        void another_default_region_reads_national_numbers_of_that_region() {
            IdentifierNormalizer gb = new IdentifierNormalizer("GB");
            assertThat(ok(gb.normalize(Normalization.PHONE, "020 7946 0018"))).isEqualTo("+442079460018");
            assertThat(gb.validPhone("+442079460018")).isTrue();
        }

        @ParameterizedTest(name = "\"{0}\" is +15550123")
        @ValueSource(strings = {"1 555 0123", "5550123", "+15550123", "1-555-0123", "(555) 0123", "1.555.0123", "+1 (1) 555-0123", "011 1 555 0123"})
        void every_spelling_of_an_invalid_number_gives_one_value(String raw) {
            assertThat(ok(us.normalize(Normalization.PHONE, raw))).isEqualTo("+15550123");
        }

        @Test
        void the_guides_sample_typed_with_the_national_prefix_is_the_guides_sample() {
            assertThat(ok(us.normalize(Normalization.PHONE, "1 555 0199"))).isEqualTo("+15550199");
        }

        @Test
        void a_valid_number_keeps_its_national_digits_even_when_they_start_like_a_prefix() {
            IdentifierNormalizer ru = new IdentifierNormalizer("RU");
            // Russia's national prefix is 8, and 800 numbers are real: parsing strips the prefix once, never the 8 of 800
            assertThat(ok(ru.normalize(Normalization.PHONE, "8 800 555 35 35"))).isEqualTo("+78005553535");
            assertThat(ok(ru.normalize(Normalization.PHONE, "+7 800 555 35 35"))).isEqualTo("+78005553535");
        }

        @Test
        void an_invalid_national_number_of_another_region_loses_its_national_prefix() {
            IdentifierNormalizer gb = new IdentifierNormalizer("GB");
            assertThat(ok(gb.normalize(Normalization.PHONE, "0 555 0123"))).isEqualTo(ok(gb.normalize(Normalization.PHONE, "555 0123")));
            assertThat(ok(gb.normalize(Normalization.PHONE, "+44 (0) 555 0123"))).isEqualTo("+445550123");
        }

        @Test
        void a_normalized_invalid_number_normalizes_to_itself() {
            String once = ok(us.normalize(Normalization.PHONE, "11 555 0123"));
            assertThat(ok(us.normalize(Normalization.PHONE, once))).isEqualTo(once);
        }

        @Test
        void an_international_number_ignores_the_default_region() {
            assertThat(ok(us.normalize(Normalization.PHONE, "+44 20 7946 0018"))).isEqualTo("+442079460018");
        }
    }

    @Nested
    class Default_region {
        @Test
        void is_us_when_not_configured() {
            assertThat(new IdentifierNormalizer(null).defaultRegion()).isEqualTo("US");
        }

        @Test
        void is_case_insensitive() {
            assertThat(new IdentifierNormalizer("gb").defaultRegion()).isEqualTo("GB");
        }

        @Test
        void an_unknown_region_is_refused() {
            assertThatThrownBy(() -> new IdentifierNormalizer("XX")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("XX");
        }
    }
}
