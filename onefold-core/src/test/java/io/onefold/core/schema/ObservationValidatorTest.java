package io.onefold.core.schema;

import static io.onefold.core.Fixtures.US;
import static io.onefold.core.Fixtures.guideTemplate;
import static io.onefold.core.Fixtures.json;
import static io.onefold.core.Fixtures.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.core.error.ErrorCode;
import io.onefold.core.error.ValidationException;
import io.onefold.core.error.Violation;
import io.onefold.core.json.CanonicalJson;
import io.onefold.core.model.NormalizedObservation;
import io.onefold.core.model.Observation;
import io.onefold.core.model.ObservationParser;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ObservationValidatorTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    /** One attribute of every type, beside the guide's two identifiers. */
    private static final ProfileTemplate TEMPLATE = template("""
            {"template_name": "ValidatorFixture", "attributes": [
              {"name": "email", "type": "string", "is_identifier": true, "is_required": true, "cardinality": "single"},
              {"name": "phone_number", "type": "string", "is_identifier": true, "cardinality": "multiple", "max_values": 3},
              {"name": "customer_number", "type": "integer", "is_identifier": true},
              {"name": "loyalty_tier", "type": "string"},
              {"name": "visits", "type": "integer"},
              {"name": "lifetime_value", "type": "number"},
              {"name": "vip", "type": "boolean"},
              {"name": "customer_since", "type": "date"},
              {"name": "last_login", "type": "datetime"},
              {"name": "postal_address", "type": "object"},
              {"name": "purchase_history", "type": "array"},
              {"name": "interaction_channels", "type": "string", "cardinality": "multiple"},
              {"name": "preferred_contact_method", "type": "string"}
            ]}""");

    private final ObservationValidator validator = new ObservationValidator(TEMPLATE, US);

    private static Observation observation(String profileData) {
        return ObservationParser.parse(json("{\"source\": \"salesforce_crm\", \"profile_data\": %s}".formatted(profileData)), NOW);
    }

    private NormalizedObservation validate(String profileData) {
        return validator.validate(observation(profileData));
    }

    private List<Violation> violationsOf(String profileData) {
        return violationsOf(validator, observation(profileData));
    }

    private static List<Violation> violationsOf(ObservationValidator validator, Observation observation) {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> validator.validate(observation));
        assertThat(e).as("%s must be refused", observation.profileData()).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        return e.details();
    }

    /** The canonical JSON of one validated value, e.g. {@code "Gold"} with its quotes. */
    private String value(String profileData, String attribute) {
        JsonNode v = validate(profileData).values().get(attribute);
        assertThat(v).as("value of %s", attribute).isNotNull();
        return CanonicalJson.of(v);
    }

    @Nested
    class The_guides_upserts {
        private final ObservationValidator guide = new ObservationValidator(guideTemplate(), US);

        @Test
        void the_first_crm_upsert_is_accepted_with_its_values_in_canonical_form() {
            NormalizedObservation o = guide.validate(ObservationParser.parse(json("""
                    {"source":"salesforce_crm","profile_data":{"email":"customer@example.com","phone_number":"+15550199",
                     "loyalty_tier":"Gold","last_interaction_timestamp":"2026-11-28T10:00:00.000Z"}}"""), NOW));
            assertThat(o.source()).isEqualTo("salesforce_crm");
            assertThat(o.observedAt()).isEqualTo(NOW);
            assertThat(o.values().get("email").textValue()).isEqualTo("customer@example.com");
            assertThat(CanonicalJson.of(o.values().get("phone_number"))).isEqualTo("[\"+15550199\"]");
            assertThat(o.values().get("loyalty_tier").textValue()).isEqualTo("Gold");
            assertThat(o.values().get("last_interaction_timestamp").textValue()).isEqualTo("2026-11-28T10:00:00Z");
            assertThat(o.identifiers()).containsOnlyKeys("email", "phone_number");
            assertThat(o.identifiers().get("phone_number")).containsExactly("+15550199");
        }

        @Test
        void the_chat_null_loyalty_tier_is_recorded_as_a_null_not_a_value() {
            NormalizedObservation o = guide.validate(ObservationParser.parse(json("""
                    {"source":"webchat_middleware","observed_at":"2026-11-28T11:30:00Z",
                     "profile_data":{"email":"customer@example.com","loyalty_tier":null}}"""), NOW));
            assertThat(o.nulls()).containsExactly("loyalty_tier");
            assertThat(o.values()).containsOnlyKeys("email");
        }

        @Test
        void the_bad_upsert_reports_its_email_and_its_loyalty_tier_together() {
            Observation bad = ObservationParser.parse(json("""
                    {"source":"webchat_middleware","observed_at":"2026-11-27T07:05:00Z",
                     "profile_data":{"email":"not-an-email","loyalty_tier":7}}"""), NOW);
            assertThat(violationsOf(guide, bad)).containsExactlyInAnyOrder(
                    new Violation("profile_data.email", "invalid identifier: not an email address: no '@'"),
                    new Violation("profile_data.loyalty_tier", "must be a string, got a number"));
        }
    }

    @Nested
    class Identifiers {
        @Test
        void an_email_is_trimmed_and_lower_cased() {
            NormalizedObservation o = validate("{\"email\": \" Ava@Example.com \"}");
            assertThat(o.values().get("email").textValue()).isEqualTo("ava@example.com");
            assertThat(o.identifiers().get("email")).containsExactly("ava@example.com");
        }

        @Test
        void phones_are_normalized_and_spellings_of_one_number_collapse() {
            NormalizedObservation o = validate("{\"phone_number\": [\"+1 (415) 555-0101\", \"415-555-0101\", \"+15550199\"]}");
            assertThat(CanonicalJson.of(o.values().get("phone_number"))).isEqualTo("[\"+14155550101\",\"+15550199\"]");
            assertThat(o.identifiers().get("phone_number")).containsExactly("+14155550101", "+15550199");
        }

        @Test
        void a_single_value_for_a_multiple_attribute_becomes_a_list() {
            assertThat(value("{\"phone_number\": \"415-555-0101\"}", "phone_number")).isEqualTo("[\"+14155550101\"]");
        }

        @Test
        void an_integer_identifier_is_kept_as_text() {
            assertThat(validate("{\"customer_number\": 1042}").identifiers().get("customer_number")).containsExactly("1042");
        }

        @Test
        void an_identifier_that_cannot_be_normalized_is_refused() {
            assertThat(violationsOf("{\"email\": \"john@doe@example.com\"}"))
                    .containsExactly(new Violation("profile_data.email", "invalid identifier: not an email address: more than one '@'"));
        }

        @Test
        void a_phone_without_digits_is_refused_with_its_position_in_the_list() {
            assertThat(violationsOf("{\"phone_number\": [\"415-555-0101\", \"---\"]}"))
                    .containsExactly(new Violation("profile_data.phone_number[1]", "invalid identifier: not a phone number: no digits"));
        }

        @Test
        void a_string_identifier_sent_as_a_number_is_refused() {
            assertThat(violationsOf("{\"phone_number\": 4155550101}")).extracting(Violation::field)
                    .containsExactly("profile_data.phone_number[0]");
        }

        @Test
        void more_values_than_max_values_are_refused() {
            assertThat(violationsOf("{\"phone_number\": [\"+14155550101\", \"+14155550102\", \"+14155550103\", \"+14155550104\"]}"))
                    .containsExactly(new Violation("profile_data.phone_number", "at most 3 distinct values allowed, got 4"));
        }
    }

    @Nested
    class Types {
        @Test
        void a_string_sent_as_a_number_is_refused() {
            assertThat(violationsOf("{\"loyalty_tier\": 7}"))
                    .containsExactly(new Violation("profile_data.loyalty_tier", "must be a string, got a number"));
        }

        @ParameterizedTest(name = "{0}: {1} is refused")
        @CsvSource(delimiter = '|', value = {
                "visits | 2.5", "visits | \"3\"", "lifetime_value | \"1200.50\"", "vip | \"yes\"", "vip | 1",
                "postal_address | \"1 Old Road\"", "postal_address | [1]", "purchase_history | {\"order_id\": \"O-1\"}",
                "last_login | 1732788000"})
        void a_value_of_the_wrong_type_is_refused(String attribute, String raw) {
            assertThat(violationsOf("{\"%s\": %s}".formatted(attribute, raw))).singleElement()
                    .satisfies(v -> assertThat(v.field()).isEqualTo("profile_data." + attribute));
        }

        @Test
        void an_integer_written_with_a_zero_fraction_is_an_integer() {
            assertThat(value("{\"visits\": 3.0}", "visits")).isEqualTo("3");
        }

        @Test
        void a_number_is_kept_in_canonical_form() {
            assertThat(value("{\"lifetime_value\": 1200.50}", "lifetime_value")).isEqualTo("1200.5");
        }

        @Test
        void a_boolean_is_kept() {
            assertThat(value("{\"vip\": false}", "vip")).isEqualTo("false");
        }

        @Test
        void an_object_is_kept_with_sorted_keys() {
            assertThat(value("{\"postal_address\": {\"line1\": \"9 New Street\", \"city\": \"Oakland\"}}", "postal_address"))
                    .isEqualTo("{\"city\":\"Oakland\",\"line1\":\"9 New Street\"}");
        }

        @Test
        void an_array_is_kept_in_order() {
            assertThat(value("{\"purchase_history\": [{\"order_id\": \"O-2\", \"total\": 40.0}, {\"order_id\": \"O-1\"}]}", "purchase_history"))
                    .isEqualTo("[{\"order_id\":\"O-2\",\"total\":40},{\"order_id\":\"O-1\"}]");
        }

        @Test
        void a_multiple_attribute_refuses_a_null_inside_its_list() {
            assertThat(violationsOf("{\"interaction_channels\": [\"chat\", null]}"))
                    .containsExactly(new Violation("profile_data.interaction_channels[1]", "null inside a list"));
        }

        @Test
        void a_number_with_a_huge_exponent_is_refused_or_accepted_but_never_crashes_the_validator() {
            Throwable thrown = catchThrowable(() -> validate("{\"lifetime_value\": 1e999999999}"));
            assertThat(thrown).as("a hostile number must give a 400, not a 500").satisfiesAnyOf(
                    t -> assertThat(t).isNull(),
                    t -> assertThat(t).isInstanceOf(ValidationException.class));
        }
    }

    @Nested
    class Dates {
        @Test
        void a_date_accepts_an_iso_date_and_keeps_it_as_such() {
            assertThat(value("{\"customer_since\": \"2026-11-28\"}", "customer_since")).isEqualTo("\"2026-11-28\"");
        }

        @Test
        void a_date_accepts_an_instant_and_outputs_it_in_utc() {
            assertThat(value("{\"customer_since\": \"2026-11-28T10:00:00.000Z\"}", "customer_since")).isEqualTo("\"2026-11-28T10:00:00Z\"");
        }

        @Test
        void a_date_converts_an_instant_with_an_offset_to_utc() {
            assertThat(value("{\"customer_since\": \"2026-11-28T12:00:00+02:00\"}", "customer_since")).isEqualTo("\"2026-11-28T10:00:00Z\"");
        }

        @ParameterizedTest(name = "\"{0}\" is a malformed date")
        @ValueSource(strings = {"28/11/2026", "2026-02-30", "2026-11-28T10:00:00", "November 28", ""})
        void a_malformed_date_is_refused(String raw) {
            assertThat(violationsOf("{\"customer_since\": \"%s\"}".formatted(raw))).singleElement().satisfies(v -> {
                assertThat(v.field()).isEqualTo("profile_data.customer_since");
                assertThat(v.reason()).startsWith("malformed date");
            });
        }

        @Test
        void a_date_that_is_not_a_string_is_refused() {
            assertThat(violationsOf("{\"customer_since\": 20261128}")).singleElement()
                    .satisfies(v -> assertThat(v.reason()).startsWith("malformed date"));
        }

        @Test
        void a_datetime_converts_offsets_to_utc() {
            assertThat(value("{\"last_login\": \"2026-11-28T05:00:00-05:00\"}", "last_login")).isEqualTo("\"2026-11-28T10:00:00Z\"");
        }

        @ParameterizedTest(name = "{0} is out of range")
        @ValueSource(strings = {"{\"customer_since\": \"0000-01-01\"}", "{\"customer_since\": \"-0001-12-31\"}",
                "{\"customer_since\": \"+10000-01-01\"}", "{\"customer_since\": \"-999999999-01-01T00:00:00Z\"}",
                "{\"customer_since\": \"0001-01-01T00:30:00+01:00\"}", "{\"last_login\": \"+999999999-12-31T23:59:59Z\"}",
                "{\"last_login\": \"0000-12-31T23:59:59Z\"}", "{\"last_login\": \"9999-12-31T23:00:00-01:00\"}"})
        void a_date_or_datetime_outside_years_0001_to_9999_is_refused(String profileData) {
            assertThat(violationsOf(profileData)).singleElement()
                    .satisfies(v -> assertThat(v.reason()).isEqualTo("date out of range: the year (in UTC) must be between 0001 and 9999"));
        }

        @Test
        void the_first_and_last_days_of_four_digit_years_are_dates() {
            assertThat(value("{\"customer_since\": \"0001-01-01\"}", "customer_since")).isEqualTo("\"0001-01-01\"");
            assertThat(value("{\"customer_since\": \"9999-12-31\"}", "customer_since")).isEqualTo("\"9999-12-31\"");
            assertThat(value("{\"last_login\": \"9999-12-31T23:59:59.999999999Z\"}", "last_login")).isEqualTo("\"9999-12-31T23:59:59.999999999Z\"");
        }

        @Test
        void a_datetime_refuses_a_bare_date() {
            assertThat(violationsOf("{\"last_login\": \"2026-11-28\"}")).singleElement()
                    .satisfies(v -> assertThat(v.reason()).startsWith("malformed datetime"));
        }
    }

    @Nested
    class Cardinality_and_shape {
        @Test
        void several_values_for_a_single_attribute_are_refused() {
            assertThat(violationsOf("{\"loyalty_tier\": [\"Gold\", \"Silver\"]}"))
                    .containsExactly(new Violation("profile_data.loyalty_tier", "several values for a single attribute"));
        }

        @Test
        void a_list_of_one_for_a_single_attribute_is_refused() {
            assertThat(violationsOf("{\"email\": [\"ava@example.com\"]}"))
                    .containsExactly(new Violation("profile_data.email", "must be a single value, not a list"));
        }

        @Test
        void an_unknown_attribute_is_refused_and_names_the_template() {
            assertThat(violationsOf("{\"favourite_colour\": \"blue\"}")).containsExactly(new Violation(
                    "profile_data.favourite_colour", "unknown attribute: template 'ValidatorFixture' does not define it"));
        }

        @Test
        void a_null_and_an_empty_list_are_nulls_not_values() {
            NormalizedObservation o = validate("{\"email\": \"ava@example.com\", \"loyalty_tier\": null, \"interaction_channels\": []}");
            assertThat(o.nulls()).containsExactlyInAnyOrder("loyalty_tier", "interaction_channels");
            assertThat(o.values()).containsOnlyKeys("email");
        }
    }

    @Nested
    class Explicit_choices {
        private Observation withExplicit(String profileData, String explicit) {
            return ObservationParser.parse(json("""
                    {"source": "webchat_middleware", "explicit": %s, "profile_data": %s}""".formatted(explicit, profileData)), NOW);
        }

        @Test
        void an_explicit_attribute_present_in_the_payload_is_kept() {
            NormalizedObservation o = validator.validate(withExplicit("{\"preferred_contact_method\": \"sms\"}", "[\"preferred_contact_method\"]"));
            assertThat(o.explicit()).containsExactly("preferred_contact_method");
        }

        @Test
        void an_explicit_attribute_missing_from_the_payload_is_refused() {
            assertThat(violationsOf(validator, withExplicit("{\"email\": \"ava@example.com\"}", "[\"preferred_contact_method\"]")))
                    .containsExactly(new Violation("explicit", "names 'preferred_contact_method', which is not in profile_data"));
        }

        @Test
        void an_explicit_attribute_unknown_to_the_template_is_refused() {
            assertThat(violationsOf(validator, withExplicit("{\"email\": \"ava@example.com\"}", "[\"favourite_colour\"]")))
                    .containsExactly(new Violation("explicit", "names unknown attribute 'favourite_colour'"));
        }
    }

    @Test
    void every_violation_is_reported_at_once() {
        Observation o = ObservationParser.parse(json("""
                {"source": "webchat_middleware", "explicit": ["preferred_contact_method"],
                 "profile_data": {"email": "not-an-email", "loyalty_tier": ["Gold", "Silver"], "visits": "3",
                                  "customer_since": "28/11/2026", "favourite_colour": "blue"}}"""), NOW);
        assertThat(violationsOf(validator, o)).extracting(Violation::field).containsExactlyInAnyOrder(
                "profile_data.email", "profile_data.loyalty_tier", "profile_data.visits", "profile_data.customer_since",
                "profile_data.favourite_colour", "explicit");
    }

    @Test
    void the_validated_observation_keeps_the_envelope() {
        Observation o = ObservationParser.parse(json("""
                {"source": "salesforce_crm", "source_record_id": "C-100", "observed_at": "2026-11-01T09:00:00Z",
                 "profile_id": "p-1", "profile_data": {"email": "ava@example.com"}}"""), NOW);
        NormalizedObservation n = validator.validate(o);
        assertThat(n.source()).isEqualTo("salesforce_crm");
        assertThat(n.sourceRecordId()).isEqualTo("C-100");
        assertThat(n.observedAt()).isEqualTo(Instant.parse("2026-11-01T09:00:00Z"));
        assertThat(n.profileId()).isEqualTo("p-1");
    }

    @Nested
    class Missing_required_attributes {
        @Test
        void an_observation_without_the_required_email_lacks_it() {
            assertThat(validator.missingRequired(validate("{\"phone_number\": \"415-555-0101\"}")))
                    .containsExactly(new Violation("profile_data.email", "is required to create a profile"));
        }

        @Test
        void an_observation_with_a_null_email_lacks_it() {
            assertThat(validator.missingRequired(validate("{\"email\": null, \"phone_number\": \"415-555-0101\"}")))
                    .extracting(Violation::field).containsExactly("profile_data.email");
        }

        @Test
        void an_observation_with_the_email_lacks_nothing() {
            assertThat(validator.missingRequired(validate("{\"email\": \"ava@example.com\"}"))).isEmpty();
        }
    }
}
