package io.onefold.core.schema;

import static io.onefold.core.Fixtures.US;
import static io.onefold.core.Fixtures.guideTemplate;
import static io.onefold.core.Fixtures.json;
import static io.onefold.core.Fixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.onefold.core.error.ConfigurationException;
import io.onefold.core.error.ErrorCode;
import io.onefold.core.error.Violation;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class TemplateParserTest {
    private final TemplateParser parser = new TemplateParser(US);

    /** A template with one identifier {@code id} and, after it, the attribute under test. */
    private ProfileTemplate withAttribute(String attributeJson) {
        return parser.parse(json("""
                {"template_name": "Fixture", "attributes": [
                  {"name": "id", "type": "string", "is_identifier": true},
                  %s
                ]}""".formatted(attributeJson)));
    }

    private AttributeDefinition onlyAttribute(String attributeJson) {
        return parser.parse(json("""
                {"template_name": "Fixture", "attributes": [%s]}""".formatted(attributeJson)))
                .attributes().values().iterator().next();
    }

    private List<Violation> violationsOf(String fixture) {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> parser.parse(resource("schema/invalid-templates/" + fixture)));
        assertThat(e).as("parsing %s must fail", fixture).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
        return e.details();
    }

    @Nested
    class The_guides_template {
        private final ProfileTemplate template = guideTemplate();

        @Test
        void parses_verbatim_with_its_name_description_and_attributes_in_declaration_order() {
            assertThat(template.name()).isEqualTo("UnifiedRetailProfile");
            assertThat(template.description()).isEqualTo("Primary profile template for retail customers");
            assertThat(template.attributes().keySet())
                    .containsExactly("email", "phone_number", "loyalty_tier", "last_interaction_timestamp");
        }

        @Test
        void keeps_the_guides_types_flags_and_cardinalities() {
            AttributeDefinition email = template.attribute("email").orElseThrow();
            assertThat(email.type()).isEqualTo(AttributeType.STRING);
            assertThat(email.identifier()).isTrue();
            assertThat(email.required()).isTrue();
            assertThat(email.cardinality()).isEqualTo(Cardinality.SINGLE);

            AttributeDefinition phone = template.attribute("phone_number").orElseThrow();
            assertThat(phone.identifier()).isTrue();
            assertThat(phone.required()).isFalse();
            assertThat(phone.cardinality()).isEqualTo(Cardinality.MULTIPLE);

            assertThat(template.attribute("loyalty_tier").orElseThrow().identifier()).isFalse();
            assertThat(template.attribute("last_interaction_timestamp").orElseThrow().type()).isEqualTo(AttributeType.DATE);
        }

        @Test
        void lists_email_and_phone_number_as_its_identifiers() {
            assertThat(template.identifiers()).extracting(AttributeDefinition::name).containsExactly("email", "phone_number");
        }

        @Test
        void guesses_email_normalization_for_email_and_phone_normalization_for_phone_number() {
            assertThat(template.attribute("email").orElseThrow().normalization()).isEqualTo(Normalization.EMAIL);
            assertThat(template.attribute("phone_number").orElseThrow().normalization()).isEqualTo(Normalization.PHONE);
        }

        @Test
        void leaves_plain_attributes_without_normalization() {
            assertThat(template.attribute("loyalty_tier").orElseThrow().normalization()).isEqualTo(Normalization.NONE);
        }

        @Test
        void makes_every_identifier_link_profiles_by_default() {
            assertThat(template.identifiers()).allSatisfy(id -> {
                assertThat(id.linksProfiles()).isTrue();
                assertThat(id.linking()).isTrue();
            });
        }

        @Test
        void gives_single_attributes_max_values_1_and_leaves_multiple_ones_unlimited() {
            assertThat(template.attribute("email").orElseThrow().maxValues()).isEqualTo(1);
            assertThat(template.attribute("loyalty_tier").orElseThrow().maxValues()).isEqualTo(1);
            assertThat(template.attribute("phone_number").orElseThrow().maxValues()).isNull();
        }

        @Test
        void blocks_no_value_and_leaves_update_and_null_behavior_to_the_rules() {
            assertThat(template.attributes().values()).allSatisfy(a -> {
                assertThat(a.blockedValues()).isEmpty();
                assertThat(a.updateBehavior()).isNull();
                assertThat(a.nullBehavior()).isNull();
            });
        }
    }

    @Nested
    class Types {
        @ParameterizedTest(name = "\"{0}\" is {1}")
        @CsvSource({"string, STRING", "number, NUMBER", "integer, INTEGER", "boolean, BOOLEAN", "date, DATE",
                "datetime, DATETIME", "object, OBJECT", "array, ARRAY"})
        void every_documented_type_code_is_accepted(String code, AttributeType expected) {
            ProfileTemplate template = withAttribute("{\"name\": \"a\", \"type\": \"%s\"}".formatted(code));
            assertThat(template.attribute("a").orElseThrow().type()).isEqualTo(expected);
        }

        @Test
        void an_identifier_may_be_an_integer() {
            AttributeDefinition id = onlyAttribute("{\"name\": \"customer_number\", \"type\": \"integer\", \"is_identifier\": true}");
            assertThat(id.type()).isEqualTo(AttributeType.INTEGER);
            assertThat(id.identifier()).isTrue();
        }

        @Test
        void cardinality_defaults_to_single() {
            assertThat(withAttribute("{\"name\": \"a\", \"type\": \"string\"}").attribute("a").orElseThrow().cardinality())
                    .isEqualTo(Cardinality.SINGLE);
        }
    }

    @Nested
    class Options {
        @ParameterizedTest(name = "an identifier named {0} is normalized as {1}")
        @CsvSource({"email, EMAIL", "work_email, EMAIL", "phone_number, PHONE", "mobile, PHONE", "msisdn, PHONE",
                "customer_id, NONE"})
        void normalization_is_guessed_from_the_identifiers_name(String name, Normalization expected) {
            AttributeDefinition id = onlyAttribute("{\"name\": \"%s\", \"type\": \"string\", \"is_identifier\": true}".formatted(name));
            assertThat(id.normalization()).isEqualTo(expected);
        }

        @Test
        void an_explicit_normalization_beats_the_guess_from_the_name() {
            AttributeDefinition email = onlyAttribute("{\"name\": \"email\", \"type\": \"string\", \"is_identifier\": true, \"normalization\": \"none\"}");
            AttributeDefinition contact = onlyAttribute("{\"name\": \"contact\", \"type\": \"string\", \"is_identifier\": true, \"normalization\": \"phone\"}");
            assertThat(email.normalization()).isEqualTo(Normalization.NONE);
            assertThat(contact.normalization()).isEqualTo(Normalization.PHONE);
        }

        @Test
        void max_values_caps_a_multiple_attribute() {
            AttributeDefinition phones = withAttribute(
                    "{\"name\": \"phone_number\", \"type\": \"string\", \"is_identifier\": true, \"cardinality\": \"multiple\", \"max_values\": 5}")
                    .attribute("phone_number").orElseThrow();
            assertThat(phones.maxValues()).isEqualTo(5);
        }

        @Test
        void max_values_1_is_accepted_on_a_single_attribute() {
            assertThat(withAttribute("{\"name\": \"a\", \"type\": \"string\", \"max_values\": 1}").attribute("a").orElseThrow().maxValues())
                    .isEqualTo(1);
        }

        @Test
        void max_values_on_a_single_array_caps_its_elements_and_is_unlimited_when_absent() {
            ProfileTemplate template = withAttribute("""
                    {"name": "purchase_history", "type": "array", "max_values": 50},
                    {"name": "wish_list", "type": "array"}""");
            assertThat(template.attribute("purchase_history").orElseThrow().maxValues()).isEqualTo(50);
            assertThat(template.attribute("wish_list").orElseThrow().maxValues()).isNull();
        }

        @Test
        void max_values_below_1_is_refused() {
            ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> withAttribute(
                    "{\"name\": \"tags\", \"type\": \"string\", \"cardinality\": \"multiple\", \"max_values\": 0}"));
            assertThat(e.details()).containsExactly(new Violation("attributes[1].max_values", "must be at least 1"));
        }

        @Test
        void links_profiles_false_makes_an_identifier_non_linking() {
            AttributeDefinition household = withAttribute(
                    "{\"name\": \"household_phone\", \"type\": \"string\", \"is_identifier\": true, \"links_profiles\": false}")
                    .attribute("household_phone").orElseThrow();
            assertThat(household.identifier()).isTrue();
            assertThat(household.linksProfiles()).isFalse();
            assertThat(household.linking()).isFalse();
        }

        @Test
        void blocked_emails_are_stored_normalized() {
            AttributeDefinition email = onlyAttribute("""
                    {"name": "email", "type": "string", "is_identifier": true,
                     "blocked_values": [" Test@Test.com ", "NOREPLY@example.com"]}""");
            assertThat(email.blockedValues()).containsExactlyInAnyOrder("test@test.com", "noreply@example.com");
        }

        @Test
        void blocked_phones_are_stored_as_an_observation_of_the_same_number_would_be_normalized() {
            AttributeDefinition phone = onlyAttribute("""
                    {"name": "phone_number", "type": "string", "is_identifier": true, "cardinality": "multiple",
                     "blocked_values": ["0000000000", "(415) 555-0101"]}""");
            String zeros = ((IdentifierNormalizer.Result.Ok) US.normalize(Normalization.PHONE, "0000000000")).value();
            assertThat(phone.blockedValues()).containsExactlyInAnyOrder(zeros, "+14155550101");
        }

        @ParameterizedTest(name = "update_behavior \"{0}\" is {1}")
        @CsvSource({"merge, MERGE", "replace_all, REPLACE_ALL"})
        void update_behavior_is_read(String code, UpdateBehavior expected) {
            assertThat(withAttribute("{\"name\": \"a\", \"type\": \"string\", \"update_behavior\": \"%s\"}".formatted(code))
                    .attribute("a").orElseThrow().updateBehavior()).isEqualTo(expected);
        }

        @ParameterizedTest(name = "null_behavior \"{0}\" is {1}")
        @CsvSource({"ignore, IGNORE", "retract, RETRACT"})
        void null_behavior_is_read(String code, NullBehavior expected) {
            assertThat(withAttribute("{\"name\": \"a\", \"type\": \"string\", \"null_behavior\": \"%s\"}".formatted(code))
                    .attribute("a").orElseThrow().nullBehavior()).isEqualTo(expected);
        }

        @Test
        void searchable_marks_an_attribute_whose_golden_values_are_indexed() {
            ProfileTemplate t = withAttribute("""
                    {"name": "loyalty_tier", "type": "string", "searchable": true},
                    {"name": "tags", "type": "string", "cardinality": "multiple", "searchable": true},
                    {"name": "birthday", "type": "date"}
                    """.strip());
            assertThat(t.attribute("loyalty_tier").orElseThrow().searchable()).isTrue();
            assertThat(t.attribute("birthday").orElseThrow().searchable()).as("not searchable unless it says so").isFalse();
            assertThat(t.searchable()).containsExactly("loyalty_tier", "tags");
        }

        @Test
        void an_attribute_keeps_its_description() {
            assertThat(withAttribute("{\"name\": \"a\", \"type\": \"string\", \"description\": \"why it exists\"}")
                    .attribute("a").orElseThrow().description()).isEqualTo("why it exists");
        }
    }

    @Nested
    class Invalid_configurations {
        @Test
        void an_unknown_type_is_reported_with_its_path_and_the_valid_types() {
            assertThat(violationsOf("unknown-type.json")).containsExactly(new Violation("attributes[1].type",
                    "unknown value 'strng'; valid values are string, number, integer, boolean, date, datetime, object, array"));
        }

        @Test
        void a_missing_type_is_reported_with_the_valid_types() {
            assertThat(violationsOf("missing-type.json")).containsExactly(new Violation("attributes[1].type",
                    "is required; valid values are string, number, integer, boolean, date, datetime, object, array"));
        }

        @Test
        void an_unknown_cardinality_is_reported_with_the_valid_cardinalities() {
            assertThat(violationsOf("unknown-cardinality.json")).containsExactly(new Violation("attributes[1].cardinality",
                    "unknown value 'many'; valid values are single, multiple"));
        }

        @Test
        void a_duplicate_attribute_name_is_reported_on_the_second_occurrence() {
            assertThat(violationsOf("duplicate-name.json"))
                    .containsExactly(new Violation("attributes[1].name", "duplicate attribute 'email'"));
        }

        @Test
        void an_identifier_of_type_object_is_refused() {
            assertThat(violationsOf("object-identifier.json"))
                    .containsExactly(new Violation("attributes[1].type", "an identifier must be of type string or integer"));
        }

        @Test
        void an_unknown_attribute_field_is_reported_with_the_valid_fields() {
            assertThat(violationsOf("unknown-attribute-field.json")).singleElement().satisfies(v -> {
                assertThat(v.field()).isEqualTo("attributes[0].is_requried");
                assertThat(v.reason()).startsWith("unknown field; valid fields are ")
                        .contains("is_required", "is_identifier", "cardinality", "max_values", "links_profiles", "blocked_values");
            });
        }

        @Test
        void an_unknown_template_field_is_reported_with_the_valid_fields() {
            assertThat(violationsOf("unknown-template-field.json")).singleElement().satisfies(v -> {
                assertThat(v.field()).isEqualTo("colour");
                assertThat(v.reason()).startsWith("unknown field; valid fields are ").contains("template_name", "attributes");
            });
        }

        @Test
        void a_template_without_any_identifier_is_refused() {
            assertThat(violationsOf("no-identifier.json")).singleElement().satisfies(v -> {
                assertThat(v.field()).isEqualTo("attributes");
                assertThat(v.reason()).contains("is_identifier: true");
            });
        }

        @Test
        void a_missing_identifier_is_reported_together_with_the_other_problems() {
            assertThat(violationsOf("no-identifier-and-unknown-type.json")).extracting(Violation::field)
                    .containsExactlyInAnyOrder("attributes[0].type", "attributes");
        }

        @Test
        void every_problem_is_reported_at_once() {
            List<Violation> violations = violationsOf("every-problem-at-once.json");
            assertThat(violations).extracting(Violation::field).containsExactlyInAnyOrder(
                    "colour", "attributes[1].name", "attributes[2].type", "attributes[3].type",
                    "attributes[4].cardinality", "attributes[5].is_requried");
            assertThat(violations).allSatisfy(v -> assertThat(v.reason()).isNotBlank());
        }

        @Test
        void the_exception_message_summarizes_the_first_problem_and_counts_the_others() {
            ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                    () -> parser.parse(resource("schema/invalid-templates/every-problem-at-once.json")));
            assertThat(e.getMessage()).endsWith("(and 5 more)");
        }

        @Test
        void max_values_other_than_1_on_a_single_attribute_is_refused() {
            assertThat(violationsOf("max-values-on-single.json"))
                    .containsExactly(new Violation("attributes[0].max_values", "must be 1 (or absent) for a single attribute"));
        }

        @Test
        void identifier_options_on_a_plain_attribute_are_refused() {
            assertThat(violationsOf("identifier-options-on-plain-attribute.json")).extracting(Violation::field)
                    .containsExactlyInAnyOrder("attributes[1].normalization", "attributes[1].links_profiles",
                            "attributes[1].blocked_values");
        }

        @Test
        void searchable_on_an_identifier_an_object_an_array_or_as_a_non_boolean_is_refused_under_its_path() {
            List<Violation> violations = violationsOf("searchable-object-or-identifier.json");
            assertThat(violations).extracting(Violation::field).containsExactly(
                    "attributes[0].searchable", "attributes[1].searchable", "attributes[2].searchable", "attributes[3].searchable");
            assertThat(violations.get(1).reason()).startsWith("an object attribute cannot be searched by value");
            assertThat(violations.get(3).reason()).isEqualTo("must be true or false");
        }

        @Test
        void unknown_option_values_are_reported_with_the_valid_options() {
            assertThat(violationsOf("unknown-option-values.json")).containsExactlyInAnyOrder(
                    new Violation("attributes[0].normalization", "unknown value 'sms'; valid values are email, phone, none"),
                    new Violation("attributes[0].update_behavior", "unknown value 'overwrite'; valid values are merge, replace_all"),
                    new Violation("attributes[0].null_behavior", "unknown value 'erase'; valid values are ignore, retract"));
        }

        @Test
        void a_template_that_is_not_an_object_is_refused() {
            ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> parser.parse(json("[]")));
            assertThat(e.details()).containsExactly(new Violation("", "a template must be a JSON object"));
        }

        @Test
        void a_template_without_name_or_attributes_reports_both() {
            ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> parser.parse(json("{\"attributes\": []}")));
            assertThat(e.details()).extracting(Violation::field).containsExactlyInAnyOrder("template_name", "attributes");
        }
    }
}
