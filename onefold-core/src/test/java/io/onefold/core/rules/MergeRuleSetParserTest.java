package io.onefold.core.rules;

import static io.onefold.core.Fixtures.guideRules;
import static io.onefold.core.Fixtures.guideTemplate;
import static io.onefold.core.Fixtures.json;
import static io.onefold.core.Fixtures.resource;
import static io.onefold.core.Fixtures.rules;
import static io.onefold.core.Fixtures.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.onefold.core.error.ConfigurationException;
import io.onefold.core.error.ErrorCode;
import io.onefold.core.error.Violation;
import io.onefold.core.schema.AttributeDefinition;
import io.onefold.core.schema.NullBehavior;
import io.onefold.core.schema.ProfileTemplate;
import io.onefold.core.schema.UpdateBehavior;
import java.time.Duration;
import java.time.Period;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MergeRuleSetParserTest {
    private static final String STALENESS_REASON = "must be a non-negative ISO-8601 duration such as P30D, P6M or PT12H";

    /** The guide's three sources, and {@code attributeRules} (the inside of the array). */
    private static MergeRuleSet withRules(String attributeRules) {
        return rules("""
                {"rule_name": "Fixture",
                 "sources": [
                   {"source_id": "salesforce_crm", "priority": 1},
                   {"source_id": "webchat_middleware", "priority": 2},
                   {"source_id": "voice_ivr", "priority": 3}
                 ],
                 "attribute_rules": [%s]}""".formatted(attributeRules));
    }

    private static List<Violation> violationsOf(String fixture) {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> MergeRuleSetParser.parse(resource("rules/invalid-rule-sets/" + fixture)));
        assertThat(e).as("parsing %s must fail", fixture).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
        return e.details();
    }

    @Nested
    class The_guides_rule_set {
        private final MergeRuleSet rules = guideRules();

        @Test
        void parses_verbatim_with_its_sources_in_order_of_declaration() {
            assertThat(rules.ruleName()).isEqualTo("RetailMergeStrategy_v1");
            assertThat(rules.sources().values()).extracting(SourceDefinition::sourceId, SourceDefinition::priority, SourceDefinition::description)
                    .containsExactly(
                            tuple("salesforce_crm", 1, "Authoritative source for demographic and loyalty data"),
                            tuple("webchat_middleware", 2, "Real-time interaction data"),
                            tuple("voice_ivr", 3, "Voice interaction metadata"));
        }

        @Test
        void parses_verbatim_with_its_three_attribute_rules() {
            assertThat(rules.attributeRules().values()).extracting(AttributeRule::attributeName, AttributeRule::strategy)
                    .containsExactly(
                            tuple("loyalty_tier", ResolutionStrategy.SOURCE_PRIORITY),
                            tuple("last_interaction_timestamp", ResolutionStrategy.MOST_RECENT),
                            tuple("preferred_contact_method", ResolutionStrategy.SOURCE_PRIORITY));
            assertThat(rules.rule("loyalty_tier").orElseThrow().description()).isEqualTo("Always trust CRM for loyalty status");
        }

        @Test
        void fills_in_the_defaults_of_every_extension() {
            assertThat(rules.defaultStrategy()).isEqualTo(ResolutionStrategy.SOURCE_PRIORITY);
            assertThat(rules.identifierAuthority()).isNull();
            assertThat(rules.acceptUnknownSources()).isFalse();
            assertThat(rules.attributeRules().values()).allSatisfy(r -> {
                assertThat(r.stalenessThreshold()).isNull();
                assertThat(r.overrideSources()).isEmpty();
                assertThat(r.nullBehavior()).isNull();
                assertThat(r.updateBehavior()).isNull();
                assertThat(r.unionKey()).isNull();
            });
        }

        @Test
        void knows_its_three_sources_and_refuses_others() {
            assertThat(rules.accepts("salesforce_crm")).isTrue();
            assertThat(rules.accepts("mobile_app")).isFalse();
            assertThat(rules.knows("mobile_app")).isFalse();
        }

        @Test
        void ranks_an_unknown_source_after_every_configured_one() {
            assertThat(rules.priority("mobile_app")).isEqualTo(4);
        }

        @Test
        void warns_that_the_guides_template_lacks_preferred_contact_method() {
            assertThat(rules.warningsAgainst(guideTemplate())).singleElement().satisfies(w -> {
                assertThat(w.field()).isEqualTo("attribute_rules[2].attribute_name");
                assertThat(w.reason()).contains("preferred_contact_method").contains("UnifiedRetailProfile");
            });
        }
    }

    @Nested
    class Strategies {
        @ParameterizedTest(name = "\"{0}\" is {1}")
        @CsvSource({"SOURCE_PRIORITY, SOURCE_PRIORITY", "MOST_RECENT, MOST_RECENT", "NEWER_WINS, MOST_RECENT",
                "OLDEST, OLDEST", "MOST_FREQUENT, MOST_FREQUENT", "MAX, MAX", "MIN, MIN", "UNION, UNION"})
        void every_documented_strategy_code_is_accepted(String code, ResolutionStrategy expected) {
            MergeRuleSet rules = withRules("{\"attribute_name\": \"a\", \"resolution_strategy\": \"%s\"}".formatted(code));
            assertThat(rules.strategy("a")).isEqualTo(expected);
        }

        @Test
        void newer_wins_is_an_alias_of_most_recent() {
            assertThat(ResolutionStrategy.fromCode("NEWER_WINS")).contains(ResolutionStrategy.MOST_RECENT);
        }

        @Test
        void an_attribute_without_rule_follows_the_default_strategy() {
            MergeRuleSet rules = rules("""
                    {"rule_name": "Fixture", "default_strategy": "MOST_RECENT",
                     "sources": [{"source_id": "salesforce_crm", "priority": 1}]}""");
            assertThat(rules.defaultStrategy()).isEqualTo(ResolutionStrategy.MOST_RECENT);
            assertThat(rules.strategy("loyalty_tier")).isEqualTo(ResolutionStrategy.MOST_RECENT);
        }

        @Test
        void the_default_strategy_may_be_given_by_its_alias() {
            MergeRuleSet rules = rules("""
                    {"rule_name": "Fixture", "default_strategy": "NEWER_WINS",
                     "sources": [{"source_id": "salesforce_crm", "priority": 1}]}""");
            assertThat(rules.defaultStrategy()).isEqualTo(ResolutionStrategy.MOST_RECENT);
        }

        @Test
        void the_default_strategy_is_source_priority_when_not_configured() {
            assertThat(withRules("").strategy("loyalty_tier")).isEqualTo(ResolutionStrategy.SOURCE_PRIORITY);
        }

        @Test
        void an_attribute_rule_beats_the_default_strategy() {
            MergeRuleSet rules = rules("""
                    {"rule_name": "Fixture", "default_strategy": "MOST_RECENT",
                     "sources": [{"source_id": "salesforce_crm", "priority": 1}],
                     "attribute_rules": [{"attribute_name": "loyalty_tier", "resolution_strategy": "SOURCE_PRIORITY"}]}""");
            assertThat(rules.strategy("loyalty_tier")).isEqualTo(ResolutionStrategy.SOURCE_PRIORITY);
        }

        @Test
        void unknown_strategies_are_reported_with_the_valid_codes() {
            assertThat(violationsOf("unknown-strategy.json")).containsExactlyInAnyOrder(
                    new Violation("attribute_rules[0].resolution_strategy", "unknown value 'HIGHEST_PRIORITY'; valid values are "
                            + "SOURCE_PRIORITY, MOST_RECENT (alias NEWER_WINS), OLDEST, MOST_FREQUENT, MAX, MIN, UNION"),
                    new Violation("default_strategy", "unknown value 'BEST_GUESS'; valid values are "
                            + "SOURCE_PRIORITY, MOST_RECENT (alias NEWER_WINS), OLDEST, MOST_FREQUENT, MAX, MIN, UNION"));
        }

        @Test
        void a_union_rule_may_name_the_key_of_its_elements() {
            MergeRuleSet rules = withRules("{\"attribute_name\": \"purchase_history\", \"resolution_strategy\": \"UNION\", \"key\": \"order_id\"}");
            assertThat(rules.rule("purchase_history").orElseThrow().unionKey()).isEqualTo("order_id");
        }

        @Test
        void a_key_on_another_strategy_is_refused() {
            assertThat(violationsOf("key-without-union.json"))
                    .containsExactly(new Violation("attribute_rules[0].key", "applies only to the UNION strategy"));
        }
    }

    @Nested
    class Staleness_thresholds {
        @ParameterizedTest(name = "{0} is {1} and {2}")
        @CsvSource({"P30D, P30D, PT0S", "P6M, P6M, PT0S", "PT12H, P0D, PT12H", "P1DT12H, P1D, PT12H"})
        void iso_8601_durations_are_accepted_on_a_source(String text, String period, String duration) {
            MergeRuleSet rules = rules("""
                    {"rule_name": "Fixture", "sources": [{"source_id": "voice_ivr", "priority": 3, "staleness_threshold": "%s"}]}"""
                    .formatted(text));
            StalenessThreshold threshold = rules.sources().get("voice_ivr").stalenessThreshold();
            assertThat(threshold.text()).isEqualTo(text);
            assertThat(threshold.period()).isEqualTo(Period.parse(period));
            assertThat(threshold.duration()).isEqualTo(Duration.parse(duration));
        }

        @Test
        void an_iso_8601_duration_is_accepted_on_an_attribute_rule() {
            MergeRuleSet rules = withRules(
                    "{\"attribute_name\": \"postal_address\", \"resolution_strategy\": \"SOURCE_PRIORITY\", \"staleness_threshold\": \"P90D\"}");
            assertThat(rules.rule("postal_address").orElseThrow().stalenessThreshold().period()).isEqualTo(Period.ofDays(90));
        }

        @Test
        void durations_in_words_are_refused_on_sources_and_on_rules() {
            assertThat(violationsOf("staleness-in-words.json")).containsExactlyInAnyOrder(
                    new Violation("sources[0].staleness_threshold", STALENESS_REASON),
                    new Violation("attribute_rules[0].staleness_threshold", STALENESS_REASON));
        }

        @ParameterizedTest(name = "\"{0}\" is refused")
        @ValueSource(strings = {"30 days", "-P30D", "P-1D", "PT-1H", "P", "PT", "30"})
        void negative_or_malformed_durations_are_refused(String text) {
            ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> rules("""
                    {"rule_name": "Fixture", "sources": [{"source_id": "voice_ivr", "priority": 3, "staleness_threshold": "%s"}]}"""
                    .formatted(text)));
            assertThat(e.details()).containsExactly(new Violation("sources[0].staleness_threshold", STALENESS_REASON));
        }

        @Test
        void the_attribute_rules_threshold_beats_the_sources() {
            MergeRuleSet rules = rules("""
                    {"rule_name": "Fixture",
                     "sources": [{"source_id": "salesforce_crm", "priority": 1},
                                 {"source_id": "voice_ivr", "priority": 3, "staleness_threshold": "P30D"}],
                     "attribute_rules": [{"attribute_name": "postal_address", "resolution_strategy": "SOURCE_PRIORITY",
                                          "staleness_threshold": "P90D"}]}""");
            assertThat(rules.staleness("postal_address", "voice_ivr").text()).isEqualTo("P90D");
            assertThat(rules.staleness("loyalty_tier", "voice_ivr").text()).isEqualTo("P30D");
            assertThat(rules.staleness("loyalty_tier", "salesforce_crm")).isNull();
        }
    }

    @Nested
    class Override_sources_and_identifier_authority {
        @Test
        void override_sources_naming_configured_sources_are_kept() {
            MergeRuleSet rules = withRules("""
                    {"attribute_name": "preferred_contact_method", "resolution_strategy": "SOURCE_PRIORITY",
                     "override_sources": ["webchat_middleware"]}""");
            assertThat(rules.rule("preferred_contact_method").orElseThrow().overrideSources()).containsExactly("webchat_middleware");
        }

        @Test
        void an_override_source_that_the_rule_set_does_not_name_is_an_error() {
            assertThat(violationsOf("unknown-override-source.json")).containsExactly(new Violation("attribute_rules[0].override_sources",
                    "names unknown source 'mobile_app'; sources are salesforce_crm, webchat_middleware"));
        }

        @Test
        void a_configured_identifier_authority_is_kept() {
            MergeRuleSet rules = rules("""
                    {"rule_name": "Fixture", "identifier_authority": "salesforce_crm",
                     "sources": [{"source_id": "salesforce_crm", "priority": 1}]}""");
            assertThat(rules.identifierAuthority()).isEqualTo("salesforce_crm");
        }

        @Test
        void an_unknown_identifier_authority_is_an_error() {
            assertThat(violationsOf("unknown-identifier-authority.json")).containsExactly(new Violation("identifier_authority",
                    "names unknown source 'hubspot_crm'; sources are salesforce_crm, webchat_middleware"));
        }
    }

    @Nested
    class Invalid_configurations {
        @Test
        void every_problem_is_reported_at_once() {
            assertThat(violationsOf("every-problem-at-once.json")).extracting(Violation::field).containsExactlyInAnyOrder(
                    "colour", "identifier_authority",
                    "sources[1].source_id", "sources[2].priority", "sources[3].priority",
                    "sources[3].staleness_threshold", "sources[3].weight",
                    "attribute_rules[1].attribute_name", "attribute_rules[2].override_sources",
                    "attribute_rules[3].resolution_strategy");
        }

        @Test
        void a_rule_set_without_sources_is_refused() {
            ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                    () -> MergeRuleSetParser.parse(json("{\"rule_name\": \"Empty\", \"sources\": []}")));
            assertThat(e.details()).containsExactly(new Violation("sources", "must be a non-empty array of sources"));
        }

        @Test
        void a_rule_set_that_is_not_an_object_is_refused() {
            ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> MergeRuleSetParser.parse(json("\"rules\"")));
            assertThat(e.details()).containsExactly(new Violation("", "a rule set must be a JSON object"));
        }
    }

    @Nested
    class Warnings_against_a_template {
        private final ProfileTemplate template = template("""
                {"template_name": "Fixture", "attributes": [
                  {"name": "email", "type": "string", "is_identifier": true},
                  {"name": "vip", "type": "boolean"},
                  {"name": "lifetime_value", "type": "number"}
                ]}""");

        @Test
        void a_rule_for_an_attribute_the_template_has_raises_no_warning() {
            assertThat(withRules("{\"attribute_name\": \"lifetime_value\", \"resolution_strategy\": \"MAX\"}").warningsAgainst(template)).isEmpty();
        }

        @Test
        void max_on_an_unordered_type_is_a_warning() {
            assertThat(withRules("{\"attribute_name\": \"vip\", \"resolution_strategy\": \"MAX\"}").warningsAgainst(template))
                    .extracting(Violation::field).containsExactly("attribute_rules[0].resolution_strategy");
        }

        @Test
        void a_rule_on_an_identifier_is_a_warning() {
            assertThat(withRules("{\"attribute_name\": \"email\", \"resolution_strategy\": \"MOST_RECENT\"}").warningsAgainst(template))
                    .singleElement().satisfies(w -> assertThat(w.reason()).contains("identifier"));
        }
    }

    /**
     * The most specific level wins: attribute rule, then template attribute, then source, then the default
     * ({@code ignore}, {@code merge}) — MergeRuleSet's documented precedence.
     */
    @Nested
    class Effective_null_and_update_behavior {
        private final ProfileTemplate template = template("""
                {"template_name": "Precedence", "attributes": [
                  {"name": "email", "type": "string", "is_identifier": true},
                  {"name": "plain", "type": "string"},
                  {"name": "template_ignores", "type": "string", "null_behavior": "ignore", "update_behavior": "merge"},
                  {"name": "template_retracts", "type": "string", "null_behavior": "retract", "update_behavior": "replace_all"},
                  {"name": "rule_retracts", "type": "string", "null_behavior": "ignore", "update_behavior": "merge"},
                  {"name": "rule_ignores", "type": "string", "null_behavior": "retract", "update_behavior": "replace_all"}
                ]}""");
        private final MergeRuleSet rules = rules("""
                {"rule_name": "Precedence", "accept_unknown_sources": true,
                 "sources": [
                   {"source_id": "salesforce_crm", "priority": 1, "null_behavior": "retract", "update_behavior": "replace_all"},
                   {"source_id": "webchat_middleware", "priority": 2}
                 ],
                 "attribute_rules": [
                   {"attribute_name": "rule_retracts", "resolution_strategy": "SOURCE_PRIORITY",
                    "null_behavior": "retract", "update_behavior": "replace_all"},
                   {"attribute_name": "rule_ignores", "resolution_strategy": "SOURCE_PRIORITY",
                    "null_behavior": "ignore", "update_behavior": "merge"}
                 ]}""");

        private AttributeDefinition attribute(String name) {
            return template.attribute(name).orElseThrow();
        }

        @Test
        void nothing_configured_means_ignore_and_merge() {
            assertThat(rules.nullBehavior(attribute("plain"), "webchat_middleware")).isEqualTo(NullBehavior.IGNORE);
            assertThat(rules.updateBehavior(attribute("plain"), "webchat_middleware")).isEqualTo(UpdateBehavior.MERGE);
        }

        @Test
        void an_unknown_accepted_source_gets_the_default() {
            assertThat(rules.nullBehavior(attribute("plain"), "mobile_app")).isEqualTo(NullBehavior.IGNORE);
            assertThat(rules.updateBehavior(attribute("plain"), "mobile_app")).isEqualTo(UpdateBehavior.MERGE);
        }

        @Test
        void the_source_beats_the_default() {
            assertThat(rules.nullBehavior(attribute("plain"), "salesforce_crm")).isEqualTo(NullBehavior.RETRACT);
            assertThat(rules.updateBehavior(attribute("plain"), "salesforce_crm")).isEqualTo(UpdateBehavior.REPLACE_ALL);
        }

        @Test
        void the_template_attribute_beats_the_source() {
            assertThat(rules.nullBehavior(attribute("template_ignores"), "salesforce_crm")).isEqualTo(NullBehavior.IGNORE);
            assertThat(rules.updateBehavior(attribute("template_ignores"), "salesforce_crm")).isEqualTo(UpdateBehavior.MERGE);
        }

        @Test
        void the_template_attribute_beats_the_default() {
            assertThat(rules.nullBehavior(attribute("template_retracts"), "webchat_middleware")).isEqualTo(NullBehavior.RETRACT);
            assertThat(rules.updateBehavior(attribute("template_retracts"), "webchat_middleware")).isEqualTo(UpdateBehavior.REPLACE_ALL);
        }

        @Test
        void the_attribute_rule_beats_the_template_attribute() {
            assertThat(rules.nullBehavior(attribute("rule_retracts"), "webchat_middleware")).isEqualTo(NullBehavior.RETRACT);
            assertThat(rules.updateBehavior(attribute("rule_retracts"), "webchat_middleware")).isEqualTo(UpdateBehavior.REPLACE_ALL);
        }

        @Test
        void the_attribute_rule_beats_the_template_attribute_and_the_source() {
            assertThat(rules.nullBehavior(attribute("rule_ignores"), "salesforce_crm")).isEqualTo(NullBehavior.IGNORE);
            assertThat(rules.updateBehavior(attribute("rule_ignores"), "salesforce_crm")).isEqualTo(UpdateBehavior.MERGE);
        }
    }
}
