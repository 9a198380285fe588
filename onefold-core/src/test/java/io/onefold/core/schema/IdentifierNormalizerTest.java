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
