package io.onefold.core.resolution;

import static io.onefold.core.Fixtures.json;
import static io.onefold.core.Fixtures.template;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.Fixtures;
import io.onefold.core.json.CanonicalJson;
import io.onefold.core.model.Contribution;
import io.onefold.core.model.ProfileIdentifiers;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.core.rules.MergeRuleSet;
import io.onefold.core.schema.ProfileTemplate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The merge engine, one strategy at a time. Each scenario is a handful of source records of the guide's
 * three sources (CRM priority 1, chat 2, IVR 3) for one profile; lineage is read back as short lines such as
 * {@code "webchat_middleware LOWER_PRIORITY"} or {@code "salesforce_crm#C-1 OLDER"} (source, record id, reason).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ResolverTest {
    private static final String CRM = "salesforce_crm";
    private static final String CHAT = "webchat_middleware";
    private static final String IVR = "voice_ivr";
    private static final String PROFILE = "P1";

    private static final ProfileTemplate TEMPLATE = template("""
            {"template_name": "ResolverFixture", "attributes": [
              {"name": "email", "type": "string", "is_identifier": true, "blocked_values": ["test@test.com"]},
              {"name": "phone_number", "type": "string", "is_identifier": true, "cardinality": "multiple"},
              {"name": "loyalty_tier", "type": "string"},
              {"name": "preferred_contact_method", "type": "string"},
              {"name": "postal_address", "type": "object"},
              {"name": "recent_intent", "type": "string"},
              {"name": "customer_since", "type": "date"},
              {"name": "last_login", "type": "datetime"},
              {"name": "first_seen_channel", "type": "string"},
              {"name": "lifetime_value", "type": "number"},
              {"name": "purchase_history", "type": "array", "max_values": 50},
              {"name": "recent_orders", "type": "array", "max_values": 2},
              {"name": "interaction_channels", "type": "string", "cardinality": "multiple"},
              {"name": "top_channels", "type": "string", "cardinality": "multiple", "max_values": 2}
            ]}""");

    private static final String GUIDE_SOURCES = """
            {"source_id": "salesforce_crm", "priority": 1},
            {"source_id": "webchat_middleware", "priority": 2},
            {"source_id": "voice_ivr", "priority": 3}""";

    // ---- fixtures ----------------------------------------------------------------------------------------

    /** The guide's three sources and the given attribute rules (the inside of the array). */
    private static MergeRuleSet rules(String attributeRules) {
        return Fixtures.rules("""
                {"rule_name": "Fixture", "sources": [%s], "attribute_rules": [%s]}""".formatted(GUIDE_SOURCES, attributeRules));
    }

    private static MergeRuleSet rule(String attribute, String strategy) {
        return rules("{\"attribute_name\": \"%s\", \"resolution_strategy\": \"%s\"}".formatted(attribute, strategy));
    }

    private static SourceRecordKey crm(String recordId) {
        return SourceRecordKey.explicit(CRM, recordId);
    }

    private static SourceRecordKey chat() {
        return SourceRecordKey.implicit(CHAT, PROFILE);
    }

    private static SourceRecordKey ivr() {
        return SourceRecordKey.implicit(IVR, PROFILE);
    }

    /** {@code 2026-11-01} is midnight UTC; anything else is an ISO-8601 instant. */
    private static Instant at(String when) {
        return when.contains("T") ? Instant.parse(when) : Instant.parse(when + "T00:00:00Z");
    }

    /** A record that received one observation; a JSON null in {@code profileData} is a retraction. */
    private static SourceRecord observe(SourceRecordKey key, String when, String profileData, String... explicit) {
        return observe(SourceRecord.empty(key), when, profileData, explicit);
    }

    /** {@code record} after one more observation. */
    private static SourceRecord observe(SourceRecord record, String when, String profileData, String... explicit) {
        Instant observedAt = at(when);
        Set<String> flagged = Set.of(explicit);
        List<Contribution> contributions = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = ((ObjectNode) json(profileData)).fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            contributions.add(f.getValue().isNull()
                    ? Contribution.retraction(f.getKey(), observedAt)
                    : Contribution.of(f.getKey(), CanonicalJson.normalize(f.getValue()), observedAt, flagged.contains(f.getKey())));
        }
        return record.apply(contributions, observedAt);
    }

    private static GoldenProfile resolve(MergeRuleSet rules, SourceRecord... records) {
        return resolve(rules, ProfileIdentifiers.NONE, records);
    }

    private static GoldenProfile resolve(MergeRuleSet rules, ProfileIdentifiers identity, SourceRecord... records) {
        return new Resolver(TEMPLATE, rules).resolve(List.of(records), identity);
    }

    // ---- reading the result ------------------------------------------------------------------------------

    /** The golden value as canonical JSON ({@code "Gold"} with its quotes), or null when the attribute is absent. */
    private static String golden(GoldenProfile profile, String attribute) {
        JsonNode v = profile.attributes().get(attribute);
        return v == null ? null : CanonicalJson.of(v);
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }

    private static String label(LineageEntry e) {
        return e.source() + (e.sourceRecordId() == null ? "" : "#" + e.sourceRecordId());
    }

    private static AttributeLineage lineage(GoldenProfile profile, String attribute) {
        AttributeLineage l = profile.lineage().get(attribute);
        assertThat(l).as("lineage of %s", attribute).isNotNull();
        return l;
    }

    /** The winning contribution's source (and record id). */
    private static String winner(GoldenProfile profile, String attribute) {
        assertThat(lineage(profile, attribute).winners()).as("winners of %s", attribute).hasSize(1);
        return label(lineage(profile, attribute).winners().get(0));
    }

    private static List<String> winners(GoldenProfile profile, String attribute) {
        return lineage(profile, attribute).winners().stream().map(ResolverTest::label).toList();
    }

    /** Each loser as {@code "source[#record] REASON"}, in lineage order. */
    private static List<String> losers(GoldenProfile profile, String attribute) {
        return lineage(profile, attribute).losers().stream().map(e -> label(e) + " " + e.reason()).toList();
    }

    private static String strategy(GoldenProfile profile, String attribute) {
        return lineage(profile, attribute).strategy();
    }

    // ---- strategies --------------------------------------------------------------------------------------

    @Nested
    class Source_priority {
        @Test
        void the_most_authoritative_source_wins_even_when_its_value_is_older() {
            GoldenProfile p = resolve(rule("loyalty_tier", "SOURCE_PRIORITY"),
                    observe(crm("C-1"), "2026-11-01", "{\"loyalty_tier\": \"Gold\"}"),
                    observe(chat(), "2026-11-20", "{\"loyalty_tier\": \"Silver\"}"));
            assertThat(golden(p, "loyalty_tier")).isEqualTo(quoted("Gold"));
            assertThat(strategy(p, "loyalty_tier")).isEqualTo("SOURCE_PRIORITY");
            assertThat(winner(p, "loyalty_tier")).isEqualTo("salesforce_crm#C-1");
            assertThat(losers(p, "loyalty_tier")).containsExactly("webchat_middleware LOWER_PRIORITY");
        }

        @Test
        void between_records_of_equal_priority_the_newest_wins() {
            GoldenProfile p = resolve(rule("loyalty_tier", "SOURCE_PRIORITY"),
                    observe(crm("C-1"), "2026-10-01", "{\"loyalty_tier\": \"Silver\"}"),
                    observe(crm("C-2"), "2026-11-10", "{\"loyalty_tier\": \"Platinum\"}"));
            assertThat(golden(p, "loyalty_tier")).isEqualTo(quoted("Platinum"));
            assertThat(losers(p, "loyalty_tier")).containsExactly("salesforce_crm#C-1 OLDER");
        }

        @Test
        void a_loser_carrying_the_winners_value_is_same_value() {
            GoldenProfile p = resolve(rule("loyalty_tier", "SOURCE_PRIORITY"),
                    observe(crm("C-1"), "2026-11-01", "{\"loyalty_tier\": \"Gold\"}"),
                    observe(chat(), "2026-11-20", "{\"loyalty_tier\": \"Gold\"}"));
            assertThat(winner(p, "loyalty_tier")).isEqualTo("salesforce_crm#C-1");
            assertThat(losers(p, "loyalty_tier")).containsExactly("webchat_middleware SAME_VALUE");
        }

        @Test
        void losers_are_listed_by_priority_then_newest_first() {
            GoldenProfile p = resolve(rule("loyalty_tier", "SOURCE_PRIORITY"),
                    observe(ivr(), "2026-11-25", "{\"loyalty_tier\": \"Bronze\"}"),
                    observe(crm("C-1"), "2026-11-01", "{\"loyalty_tier\": \"Gold\"}"),
                    observe(crm("C-2"), "2026-09-01", "{\"loyalty_tier\": \"Silver\"}"),
                    observe(chat(), "2026-11-20", "{\"loyalty_tier\": \"Silver\"}"));
            assertThat(losers(p, "loyalty_tier")).containsExactly(
                    "salesforce_crm#C-2 OLDER", "webchat_middleware LOWER_PRIORITY", "voice_ivr LOWER_PRIORITY");
        }
    }

    @Nested
    class Most_recent {
        private final SourceRecord[] intents = {
                observe(ivr(), "2026-11-02T16:30:00Z", "{\"recent_intent\": \"order status\"}"),
                observe(chat(), "2026-11-15T12:00:00Z", "{\"recent_intent\": \"billing question\"}"),
                observe(crm("C-1"), "2026-11-01T09:00:00Z", "{\"recent_intent\": \"renewal\"}")};

        @Test
        void the_newest_observation_wins_whatever_its_source() {
            GoldenProfile p = resolve(rule("recent_intent", "MOST_RECENT"), intents);
            assertThat(golden(p, "recent_intent")).isEqualTo(quoted("billing question"));
            assertThat(winner(p, "recent_intent")).isEqualTo(CHAT);
            assertThat(losers(p, "recent_intent")).containsExactly("salesforce_crm#C-1 OLDER", "voice_ivr OLDER");
        }

        @Test
        void on_equal_observed_at_the_most_authoritative_source_wins() {
            GoldenProfile p = resolve(rule("recent_intent", "MOST_RECENT"),
                    observe(chat(), "2026-11-15T12:00:00Z", "{\"recent_intent\": \"billing question\"}"),
                    observe(crm("C-1"), "2026-11-15T12:00:00Z", "{\"recent_intent\": \"renewal\"}"));
            assertThat(golden(p, "recent_intent")).isEqualTo(quoted("renewal"));
            assertThat(losers(p, "recent_intent")).containsExactly("webchat_middleware LOWER_PRIORITY");
        }

        @Test
        void newer_wins_is_the_same_strategy_under_another_name() {
            GoldenProfile mostRecent = resolve(rule("recent_intent", "MOST_RECENT"), intents);
            GoldenProfile newerWins = resolve(rule("recent_intent", "NEWER_WINS"), intents);
            assertThat(golden(newerWins, "recent_intent")).isEqualTo(quoted("billing question"));
            assertThat(strategy(newerWins, "recent_intent")).isEqualTo("MOST_RECENT");
            assertThat(newerWins).isEqualTo(mostRecent);
        }
    }

    @Nested
    class Oldest {
        @Test
        void the_oldest_observation_wins_and_newer_ones_lose_as_newer() {
            GoldenProfile p = resolve(rule("first_seen_channel", "OLDEST"),
                    observe(chat(), "2026-11-03", "{\"first_seen_channel\": \"chat\"}"),
                    observe(ivr(), "2026-10-20", "{\"first_seen_channel\": \"voice\"}"),
                    observe(crm("C-4"), "2026-11-05", "{\"first_seen_channel\": \"store\"}"));
            assertThat(golden(p, "first_seen_channel")).isEqualTo(quoted("voice"));
            assertThat(losers(p, "first_seen_channel")).containsExactly("salesforce_crm#C-4 NEWER", "webchat_middleware NEWER");
        }

        @Test
        void on_equal_observed_at_the_most_authoritative_source_wins() {
            GoldenProfile p = resolve(rule("first_seen_channel", "OLDEST"),
                    observe(ivr(), "2026-10-20", "{\"first_seen_channel\": \"voice\"}"),
                    observe(crm("C-4"), "2026-10-20", "{\"first_seen_channel\": \"store\"}"));
            assertThat(golden(p, "first_seen_channel")).isEqualTo(quoted("store"));
            assertThat(losers(p, "first_seen_channel")).containsExactly("voice_ivr LOWER_PRIORITY");
        }
    }

    @Nested
    class Most_frequent {
        @Test
        void the_value_most_records_agree_on_wins_over_the_most_authoritative_source() {
            GoldenProfile p = resolve(rule("loyalty_tier", "MOST_FREQUENT"),
                    observe(crm("C-1"), "2026-11-01", "{\"loyalty_tier\": \"Platinum\"}"),
                    observe(chat(), "2026-11-02", "{\"loyalty_tier\": \"Gold\"}"),
                    observe(ivr(), "2026-11-03", "{\"loyalty_tier\": \"Gold\"}"));
            assertThat(golden(p, "loyalty_tier")).isEqualTo(quoted("Gold"));
            assertThat(winner(p, "loyalty_tier")).isEqualTo(CHAT);
            assertThat(losers(p, "loyalty_tier")).containsExactly("salesforce_crm#C-1 OUTVOTED", "voice_ivr SAME_VALUE");
        }

        @Test
        void on_equal_votes_the_most_authoritative_source_wins() {
            GoldenProfile p = resolve(rule("loyalty_tier", "MOST_FREQUENT"),
                    observe(crm("C-1"), "2026-11-01", "{\"loyalty_tier\": \"Platinum\"}"),
                    observe(chat(), "2026-11-02", "{\"loyalty_tier\": \"Gold\"}"));
            assertThat(golden(p, "loyalty_tier")).isEqualTo(quoted("Platinum"));
            assertThat(losers(p, "loyalty_tier")).containsExactly("webchat_middleware LOWER_PRIORITY");
        }

        @Test
        void votes_are_counted_per_source_record_not_per_source() {
            GoldenProfile p = resolve(rule("loyalty_tier", "MOST_FREQUENT"),
                    observe(chat(), "2026-11-02", "{\"loyalty_tier\": \"Gold\"}"),
                    observe(ivr(), "2026-11-03", "{\"loyalty_tier\": \"Gold\"}"),
                    observe(crm("C-1"), "2026-11-01", "{\"loyalty_tier\": \"Silver\"}"),
                    observe(crm("C-2"), "2026-11-01", "{\"loyalty_tier\": \"Silver\"}"),
                    observe(crm("C-3"), "2026-11-01", "{\"loyalty_tier\": \"Silver\"}"));
            assertThat(golden(p, "loyalty_tier")).isEqualTo(quoted("Silver"));
            assertThat(losers(p, "loyalty_tier")).contains("webchat_middleware OUTVOTED", "voice_ivr OUTVOTED");
        }
    }

    @Nested
    class Max {
        @Test
        void the_largest_number_wins_and_smaller_ones_lose_as_smaller() {
            GoldenProfile p = resolve(rule("lifetime_value", "MAX"),
                    observe(crm("C-1"), "2026-11-01", "{\"lifetime_value\": 1200.50}"),
                    observe(chat(), "2026-11-05", "{\"lifetime_value\": 65}"),
                    observe(ivr(), "2026-10-20", "{\"lifetime_value\": 80}"));
            assertThat(golden(p, "lifetime_value")).isEqualTo("1200.5");
            assertThat(losers(p, "lifetime_value")).containsExactly("webchat_middleware SMALLER", "voice_ivr SMALLER");
        }

        @Test
        void numbers_compare_as_numbers_not_as_text() {
            GoldenProfile p = resolve(rule("lifetime_value", "MAX"),
                    observe(chat(), "2026-11-05", "{\"lifetime_value\": 9}"),
                    observe(ivr(), "2026-11-05", "{\"lifetime_value\": 10}"));
            assertThat(golden(p, "lifetime_value")).isEqualTo("10");
        }

        @Test
        void the_latest_date_wins() {
            GoldenProfile p = resolve(rule("customer_since", "MAX"),
                    observe(crm("C-4"), "2026-11-05", "{\"customer_since\": \"2024-01-15\"}"),
                    observe(ivr(), "2026-10-20", "{\"customer_since\": \"2023-06-30\"}"));
            assertThat(golden(p, "customer_since")).isEqualTo(quoted("2024-01-15"));
            assertThat(losers(p, "customer_since")).containsExactly("voice_ivr SMALLER");
        }

        @Test
        void an_instant_on_a_day_is_later_than_that_day_as_a_date_which_is_midnight_utc() {
            GoldenProfile p = resolve(rule("customer_since", "MAX"),
                    observe(chat(), "2026-11-28", "{\"customer_since\": \"2026-11-28\"}"),
                    observe(ivr(), "2026-11-28", "{\"customer_since\": \"2026-11-28T10:00:00Z\"}"));
            assertThat(golden(p, "customer_since")).isEqualTo(quoted("2026-11-28T10:00:00Z"));
        }

        @Test
        void datetimes_compare_in_time_not_as_text() {
            GoldenProfile p = resolve(rule("last_login", "MAX"),
                    observe(crm("C-1"), "2026-11-28T11:00:00Z", "{\"last_login\": \"2026-11-28T10:00:00Z\"}"),
                    observe(chat(), "2026-11-28T11:00:00Z", "{\"last_login\": \"2026-11-28T10:00:00.500Z\"}"));
            assertThat(golden(p, "last_login")).isEqualTo(quoted("2026-11-28T10:00:00.500Z"));
            assertThat(losers(p, "last_login")).containsExactly("salesforce_crm#C-1 SMALLER");
        }
    }

    @Nested
    class Min {
        @Test
        void the_smallest_number_wins_and_larger_ones_lose_as_larger() {
            GoldenProfile p = resolve(rule("lifetime_value", "MIN"),
                    observe(crm("C-1"), "2026-11-01", "{\"lifetime_value\": 1200.50}"),
                    observe(chat(), "2026-11-05", "{\"lifetime_value\": 65}"));
            assertThat(golden(p, "lifetime_value")).isEqualTo("65");
            assertThat(losers(p, "lifetime_value")).containsExactly("salesforce_crm#C-1 LARGER");
        }

        @Test
        void the_earliest_date_wins_among_dates_and_instants() {
            GoldenProfile p = resolve(rule("customer_since", "MIN"),
                    observe(crm("C-4"), "2026-11-05", "{\"customer_since\": \"2024-01-15\"}"),
                    observe(ivr(), "2026-10-20", "{\"customer_since\": \"2023-06-30\"}"),
                    observe(chat(), "2026-11-02", "{\"customer_since\": \"2023-11-02T08:00:00Z\"}"));
            assertThat(golden(p, "customer_since")).isEqualTo(quoted("2023-06-30"));
            assertThat(losers(p, "customer_since")).containsExactly("salesforce_crm#C-4 LARGER", "webchat_middleware LARGER");
        }

        @Test
        void an_instant_late_in_the_evening_is_earlier_than_the_next_day_as_a_date() {
            GoldenProfile p = resolve(rule("customer_since", "MIN"),
                    observe(chat(), "2026-11-29", "{\"customer_since\": \"2026-11-29\"}"),
                    observe(ivr(), "2026-11-29", "{\"customer_since\": \"2026-11-28T23:00:00Z\"}"));
            assertThat(golden(p, "customer_since")).isEqualTo(quoted("2026-11-28T23:00:00Z"));
        }
    }

    @Nested
    class Union {
        @Test
        void every_distinct_value_is_kept_ordered_by_priority() {
            GoldenProfile p = resolve(rule("interaction_channels", "UNION"),
                    observe(ivr(), "2026-11-02", "{\"interaction_channels\": [\"voice\"]}"),
                    observe(chat(), "2026-11-03", "{\"interaction_channels\": [\"chat\"]}"),
                    observe(crm("C-1"), "2026-11-01", "{\"interaction_channels\": [\"email\", \"chat\"]}"));
            assertThat(golden(p, "interaction_channels")).isEqualTo("[\"email\",\"chat\",\"voice\"]");
            assertThat(strategy(p, "interaction_channels")).isEqualTo("UNION");
            assertThat(winners(p, "interaction_channels")).containsExactlyInAnyOrder("salesforce_crm#C-1", "voice_ivr");
            assertThat(losers(p, "interaction_channels")).containsExactly("webchat_middleware SAME_VALUE");
        }

        @Test
        void within_one_priority_the_newest_values_come_first() {
            GoldenProfile p = resolve(rule("interaction_channels", "UNION"),
                    observe(crm("C-1"), "2026-10-01", "{\"interaction_channels\": [\"store\"]}"),
                    observe(crm("C-2"), "2026-11-01", "{\"interaction_channels\": [\"email\"]}"),
                    observe(chat(), "2026-11-20", "{\"interaction_channels\": [\"chat\"]}"));
            assertThat(golden(p, "interaction_channels")).isEqualTo("[\"email\",\"store\",\"chat\"]");
        }

        @Test
        void objects_without_a_key_are_the_same_element_only_when_their_canonical_json_is_equal() {
            GoldenProfile p = resolve(rule("purchase_history", "UNION"),
                    observe(crm("C-4"), "2026-11-05", "{\"purchase_history\": [{\"order_id\": \"O-1\", \"total\": 25}]}"),
                    observe(chat(), "2026-11-03",
                            "{\"purchase_history\": [{\"total\": 25.0, \"order_id\": \"O-1\"}, {\"order_id\": \"O-1\", \"total\": 30}]}"));
            assertThat(golden(p, "purchase_history"))
                    .isEqualTo("[{\"order_id\":\"O-1\",\"total\":25},{\"order_id\":\"O-1\",\"total\":30}]");
        }

        @Test
        void objects_with_a_key_are_deduplicated_by_that_field_and_the_best_source_keeps_its_version() {
            GoldenProfile p = resolve(rules("{\"attribute_name\": \"purchase_history\", \"resolution_strategy\": \"UNION\", \"key\": \"order_id\"}"),
                    observe(crm("C-4"), "2026-11-05",
                            "{\"purchase_history\": [{\"order_id\": \"O-1\", \"total\": 25}, {\"order_id\": \"O-2\", \"total\": 40}]}"),
                    observe(chat(), "2026-11-03",
                            "{\"purchase_history\": [{\"order_id\": \"O-1\", \"total\": 30}, {\"order_id\": \"O-3\", \"total\": 5}]}"));
            assertThat(golden(p, "purchase_history")).isEqualTo(
                    "[{\"order_id\":\"O-1\",\"total\":25},{\"order_id\":\"O-2\",\"total\":40},{\"order_id\":\"O-3\",\"total\":5}]");
            assertThat(winners(p, "purchase_history")).containsExactlyInAnyOrder("salesforce_crm#C-4", CHAT);
        }

        @Test
        void values_beyond_max_values_are_cut_and_their_contribution_loses_as_over_limit() {
            GoldenProfile p = resolve(rule("top_channels", "UNION"),
                    observe(crm("C-1"), "2026-11-01", "{\"top_channels\": [\"email\"]}"),
                    observe(chat(), "2026-11-03", "{\"top_channels\": [\"chat\"]}"),
                    observe(ivr(), "2026-11-02", "{\"top_channels\": [\"voice\"]}"));
            assertThat(golden(p, "top_channels")).isEqualTo("[\"email\",\"chat\"]");
            assertThat(losers(p, "top_channels")).containsExactly("voice_ivr OVER_LIMIT");
        }

        @Test
        void max_values_caps_the_elements_of_an_array_attribute() {
            GoldenProfile p = resolve(rule("recent_orders", "UNION"),
                    observe(crm("C-4"), "2026-11-05", "{\"recent_orders\": [{\"order_id\": \"O-1\"}, {\"order_id\": \"O-2\"}]}"),
                    observe(chat(), "2026-11-06", "{\"recent_orders\": [{\"order_id\": \"O-3\"}]}"));
            assertThat(golden(p, "recent_orders")).isEqualTo("[{\"order_id\":\"O-1\"},{\"order_id\":\"O-2\"}]");
            assertThat(losers(p, "recent_orders")).containsExactly("webchat_middleware OVER_LIMIT");
        }
    }

    @Nested
    class Default_strategy {
        @Test
        void covers_an_attribute_without_rule() {
            MergeRuleSet rules = Fixtures.rules("""
                    {"rule_name": "Fixture", "default_strategy": "MOST_RECENT", "sources": [%s]}""".formatted(GUIDE_SOURCES));
            GoldenProfile p = resolve(rules,
                    observe(crm("C-1"), "2026-11-01", "{\"loyalty_tier\": \"Gold\"}"),
                    observe(chat(), "2026-11-20", "{\"loyalty_tier\": \"Silver\"}"));
            assertThat(golden(p, "loyalty_tier")).isEqualTo(quoted("Silver"));
            assertThat(strategy(p, "loyalty_tier")).isEqualTo("MOST_RECENT");
            assertThat(losers(p, "loyalty_tier")).containsExactly("salesforce_crm#C-1 OLDER");
        }

        @Test
        void is_source_priority_when_not_configured() {
            GoldenProfile p = resolve(rules(""),
                    observe(crm("C-1"), "2026-11-01", "{\"loyalty_tier\": \"Gold\"}"),
                    observe(chat(), "2026-11-20", "{\"loyalty_tier\": \"Silver\"}"));
            assertThat(golden(p, "loyalty_tier")).isEqualTo(quoted("Gold"));
            assertThat(strategy(p, "loyalty_tier")).isEqualTo("SOURCE_PRIORITY");
        }
    }

    // ---- determinism ---------------------------------------------------------------------------------------

    @Nested
    class Deterministic_tie_break {
        private final MergeRuleSet twoCrms = Fixtures.rules("""
                {"rule_name": "Fixture", "sources": [{"source_id": "alpha_crm", "priority": 1}, {"source_id": "beta_crm", "priority": 1}],
                 "attribute_rules": [{"attribute_name": "recent_intent", "resolution_strategy": "MOST_RECENT"}]}""");

        @Test
        void equal_priority_and_observed_at_are_decided_by_source_id_before_value() {
            GoldenProfile p = resolve(twoCrms,
                    observe(SourceRecordKey.implicit("beta_crm", PROFILE), "2026-11-01", "{\"loyalty_tier\": \"Gold\"}"),
                    observe(SourceRecordKey.implicit("alpha_crm", PROFILE), "2026-11-01", "{\"loyalty_tier\": \"Silver\"}"));
            assertThat(golden(p, "loyalty_tier")).isEqualTo(quoted("Silver"));
            assertThat(losers(p, "loyalty_tier")).containsExactly("beta_crm TIE_BREAK");
        }

        @Test
        void most_recent_on_equal_time_and_priority_is_decided_by_source_id() {
            GoldenProfile p = resolve(twoCrms,
                    observe(SourceRecordKey.implicit("beta_crm", PROFILE), "2026-11-01", "{\"recent_intent\": \"a billing question\"}"),
                    observe(SourceRecordKey.implicit("alpha_crm", PROFILE), "2026-11-01", "{\"recent_intent\": \"returns\"}"));
            assertThat(golden(p, "recent_intent")).isEqualTo(quoted("returns"));
            assertThat(losers(p, "recent_intent")).containsExactly("beta_crm TIE_BREAK");
        }

        @Test
        void records_of_one_source_at_the_same_instant_are_decided_by_canonical_value() {
            GoldenProfile p = resolve(rule("loyalty_tier", "SOURCE_PRIORITY"),
                    observe(crm("C-1"), "2026-11-01", "{\"loyalty_tier\": \"Silver\"}"),
                    observe(crm("C-2"), "2026-11-01", "{\"loyalty_tier\": \"Gold\"}"));
            assertThat(golden(p, "loyalty_tier")).isEqualTo(quoted("Gold"));
            assertThat(losers(p, "loyalty_tier")).containsExactly("salesforce_crm#C-1 TIE_BREAK");
        }

        @Test
        void the_order_records_are_given_in_never_changes_the_golden_record_or_its_lineage() {
            MergeRuleSet rules = rules("""
                    {"attribute_name": "recent_intent", "resolution_strategy": "MOST_RECENT"},
                    {"attribute_name": "lifetime_value", "resolution_strategy": "MAX"},
                    {"attribute_name": "first_seen_channel", "resolution_strategy": "OLDEST"},
                    {"attribute_name": "interaction_channels", "resolution_strategy": "UNION"},
                    {"attribute_name": "top_channels", "resolution_strategy": "UNION"}""");
            List<SourceRecord> records = List.of(
                    observe(crm("C-1"), "2026-11-01", """
                            {"loyalty_tier": "Silver", "recent_intent": "x", "lifetime_value": 10, "first_seen_channel": "store",
                             "interaction_channels": ["b"], "top_channels": ["b"]}"""),
                    observe(crm("C-2"), "2026-11-01", """
                            {"loyalty_tier": "Gold", "recent_intent": "y", "lifetime_value": 10.0, "first_seen_channel": "web",
                             "interaction_channels": ["a"], "top_channels": ["a"]}"""),
                    observe(chat(), "2026-11-01", """
                            {"loyalty_tier": "Bronze", "recent_intent": "z", "lifetime_value": 10, "first_seen_channel": "chat",
                             "interaction_channels": ["c"], "top_channels": ["c"]}"""),
                    observe(ivr(), "2026-11-01", """
                            {"loyalty_tier": "Bronze", "recent_intent": "x", "lifetime_value": 9, "first_seen_channel": "voice",
                             "interaction_channels": ["d"], "top_channels": ["d"]}"""));
            GoldenProfile first = new Resolver(TEMPLATE, rules).resolve(records, ProfileIdentifiers.NONE);
            for (List<SourceRecord> order : permutations(records)) {
                assertThat(new Resolver(TEMPLATE, rules).resolve(order, ProfileIdentifiers.NONE)).isEqualTo(first);
            }
        }

        private static <T> List<List<T>> permutations(List<T> items) {
            if (items.isEmpty()) return List.of(List.of());
            List<List<T>> out = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                List<T> rest = new ArrayList<>(items);
                T head = rest.remove(i);
                for (List<T> tail : permutations(rest)) {
                    List<T> p = new ArrayList<>();
                    p.add(head);
                    p.addAll(tail);
                    out.add(p);
                }
            }
            return out;
        }
    }

    // ---- hybrid resolution -------------------------------------------------------------------------------

    @Nested
    class Staleness_threshold {
        private final MergeRuleSet staleIvr = Fixtures.rules("""
                {"rule_name": "Fixture", "sources": [
                  {"source_id": "salesforce_crm", "priority": 1},
                  {"source_id": "voice_ivr", "priority": 2, "staleness_threshold": "P30D"},
                  {"source_id": "webchat_middleware", "priority": 3}]}""");

        private MergeRuleSet postalAddress(String threshold) {
            return rules("""
                    {"attribute_name": "postal_address", "resolution_strategy": "SOURCE_PRIORITY", "staleness_threshold": "%s"}"""
                    .formatted(threshold));
        }

        @Test
        void on_a_source_ranks_its_old_contribution_after_a_fresher_one_from_a_lesser_source() {
            GoldenProfile p = resolve(staleIvr,
                    observe(ivr(), "2026-10-01", "{\"loyalty_tier\": \"Silver\"}"),
                    observe(chat(), "2026-11-28", "{\"loyalty_tier\": \"Bronze\"}"));
            assertThat(golden(p, "loyalty_tier")).isEqualTo(quoted("Bronze"));
            assertThat(losers(p, "loyalty_tier")).containsExactly("voice_ivr STALE");
            assertThat(lineage(p, "loyalty_tier").losers().get(0).stale()).isTrue();
            assertThat(lineage(p, "loyalty_tier").winners().get(0).stale()).isFalse();
        }

        @Test
        void on_a_source_leaves_the_other_sources_contributions_fresh() {
            GoldenProfile p = resolve(staleIvr,
                    observe(crm("C-1"), "2026-01-01", "{\"loyalty_tier\": \"Gold\"}"),
                    observe(ivr(), "2026-10-01", "{\"loyalty_tier\": \"Silver\"}"),
                    observe(chat(), "2026-11-28", "{\"loyalty_tier\": \"Bronze\"}"));
            assertThat(golden(p, "loyalty_tier")).isEqualTo(quoted("Gold"));
            assertThat(losers(p, "loyalty_tier")).containsExactly("voice_ivr STALE", "webchat_middleware LOWER_PRIORITY");
        }

        @Test
        void on_a_rule_ranks_an_old_crm_address_after_a_fresher_chat_address() {
            GoldenProfile p = resolve(postalAddress("P90D"),
                    observe(crm("C-3"), "2026-05-01", "{\"postal_address\": {\"line1\": \"1 Old Road\", \"city\": \"Fresno\"}}"),
                    observe(chat(), "2026-11-26", "{\"postal_address\": {\"line1\": \"9 New Street\", \"city\": \"Oakland\"}}"));
            assertThat(golden(p, "postal_address")).isEqualTo("{\"city\":\"Oakland\",\"line1\":\"9 New Street\"}");
            assertThat(losers(p, "postal_address")).containsExactly("salesforce_crm#C-3 STALE");
        }

        @Test
        void within_the_threshold_priority_still_decides() {
            GoldenProfile p = resolve(postalAddress("P90D"),
                    observe(crm("C-3"), "2026-09-01", "{\"postal_address\": {\"city\": \"Fresno\"}}"),
                    observe(chat(), "2026-11-26", "{\"postal_address\": {\"city\": \"Oakland\"}}"));
            assertThat(golden(p, "postal_address")).isEqualTo("{\"city\":\"Fresno\"}");
            assertThat(losers(p, "postal_address")).containsExactly("webchat_middleware LOWER_PRIORITY");
        }

        @Test
        void exactly_the_threshold_is_not_stale_and_one_second_more_is() {
            GoldenProfile atLimit = resolve(postalAddress("P90D"),
                    observe(crm("C-3"), "2026-08-28T00:00:00Z", "{\"postal_address\": {\"city\": \"Fresno\"}}"),
                    observe(chat(), "2026-11-26T00:00:00Z", "{\"postal_address\": {\"city\": \"Oakland\"}}"));
            GoldenProfile beyond = resolve(postalAddress("P90D"),
                    observe(crm("C-3"), "2026-08-27T23:59:59Z", "{\"postal_address\": {\"city\": \"Fresno\"}}"),
                    observe(chat(), "2026-11-26T00:00:00Z", "{\"postal_address\": {\"city\": \"Oakland\"}}"));
            assertThat(golden(atLimit, "postal_address")).isEqualTo("{\"city\":\"Fresno\"}");
            assertThat(golden(beyond, "postal_address")).isEqualTo("{\"city\":\"Oakland\"}");
        }

        @Test
        void is_measured_against_the_freshest_contribution_not_the_wall_clock() {
            GoldenProfile longAgo = resolve(postalAddress("P90D"),
                    observe(crm("C-3"), "1999-09-01", "{\"postal_address\": {\"city\": \"Fresno\"}}"),
                    observe(chat(), "1999-11-26", "{\"postal_address\": {\"city\": \"Oakland\"}}"));
            assertThat(golden(longAgo, "postal_address")).isEqualTo("{\"city\":\"Fresno\"}");
            assertThat(lineage(longAgo, "postal_address").winners().get(0).stale()).isFalse();
        }

        @Test
        void a_rules_threshold_replaces_the_sources() {
            MergeRuleSet rules = Fixtures.rules("""
                    {"rule_name": "Fixture", "sources": [
                      {"source_id": "voice_ivr", "priority": 2, "staleness_threshold": "P30D"},
                      {"source_id": "webchat_middleware", "priority": 3}],
                     "attribute_rules": [{"attribute_name": "loyalty_tier", "resolution_strategy": "SOURCE_PRIORITY",
                                          "staleness_threshold": "P365D"}]}""");
            GoldenProfile p = resolve(rules,
                    observe(ivr(), "2026-10-01", "{\"loyalty_tier\": \"Silver\"}"),
                    observe(chat(), "2026-11-28", "{\"loyalty_tier\": \"Bronze\"}"));
            assertThat(golden(p, "loyalty_tier")).isEqualTo(quoted("Silver"));
        }

        @Test
        void months_are_counted_on_the_calendar_of_the_freshest_contribution() {
            GoldenProfile fresh = resolve(postalAddress("P6M"),
                    observe(crm("C-3"), "2026-02-28T00:00:00Z", "{\"postal_address\": {\"city\": \"Fresno\"}}"),
                    observe(chat(), "2026-08-31T00:00:00Z", "{\"postal_address\": {\"city\": \"Oakland\"}}"));
            GoldenProfile stale = resolve(postalAddress("P6M"),
                    observe(crm("C-3"), "2026-02-27T23:59:59Z", "{\"postal_address\": {\"city\": \"Fresno\"}}"),
                    observe(chat(), "2026-08-31T00:00:00Z", "{\"postal_address\": {\"city\": \"Oakland\"}}"));
            assertThat(golden(fresh, "postal_address")).isEqualTo("{\"city\":\"Fresno\"}");
            assertThat(golden(stale, "postal_address")).isEqualTo("{\"city\":\"Oakland\"}");
        }

        @Test
        void hours_are_accepted_too() {
            GoldenProfile p = resolve(rules("""
                    {"attribute_name": "recent_intent", "resolution_strategy": "SOURCE_PRIORITY", "staleness_threshold": "PT12H"}"""),
                    observe(crm("C-1"), "2026-11-28T08:00:00Z", "{\"recent_intent\": \"renewal\"}"),
                    observe(chat(), "2026-11-28T20:00:01Z", "{\"recent_intent\": \"billing question\"}"));
            assertThat(golden(p, "recent_intent")).isEqualTo(quoted("billing question"));
            assertThat(losers(p, "recent_intent")).containsExactly("salesforce_crm#C-1 STALE");
        }

        @Test
        void a_contribution_stored_from_the_far_past_or_future_resolves_without_error() {
            // stored before observed_at had a range: the limit's calendar arithmetic must neither overflow nor throw
            GoldenProfile farPast = resolve(postalAddress("P90D"),
                    observe(crm("C-3"), "-999999999-01-01T00:00:00Z", "{\"postal_address\": {\"city\": \"Fresno\"}}"),
                    observe(chat(), "2026-11-26T00:00:00Z", "{\"postal_address\": {\"city\": \"Oakland\"}}"));
            GoldenProfile bothEnds = resolve(postalAddress("P6M"),
                    observe(crm("C-3"), Instant.MIN.toString(), "{\"postal_address\": {\"city\": \"Fresno\"}}"),
                    observe(chat(), Instant.MAX.toString(), "{\"postal_address\": {\"city\": \"Oakland\"}}"));
            assertThat(golden(farPast, "postal_address")).isEqualTo("{\"city\":\"Oakland\"}");
            assertThat(losers(farPast, "postal_address")).containsExactly("salesforce_crm#C-3 STALE");
            assertThat(golden(bothEnds, "postal_address")).isEqualTo("{\"city\":\"Oakland\"}");
            assertThat(losers(bothEnds, "postal_address")).containsExactly("salesforce_crm#C-3 STALE");
        }

        @Test
        void a_stale_contribution_ranks_after_fresh_ones_under_max_too() {
            GoldenProfile p = resolve(rules("""
                    {"attribute_name": "lifetime_value", "resolution_strategy": "MAX", "staleness_threshold": "P30D"}"""),
                    observe(crm("C-1"), "2026-01-01", "{\"lifetime_value\": 5000}"),
                    observe(chat(), "2026-11-01", "{\"lifetime_value\": 65}"));
            assertThat(golden(p, "lifetime_value")).isEqualTo("65");
            assertThat(losers(p, "lifetime_value")).containsExactly("salesforce_crm#C-1 STALE");
        }
    }

    @Nested
    class Explicit_override {
        private final MergeRuleSet chatOverrides = rules("""
                {"attribute_name": "preferred_contact_method", "resolution_strategy": "SOURCE_PRIORITY",
                 "override_sources": ["webchat_middleware"]}""");
        private final SourceRecord crmSaysEmail = observe(crm("C-100"), "2026-11-01T09:00:00Z", "{\"preferred_contact_method\": \"email\"}");

        @Test
        void a_newer_explicit_choice_from_an_override_source_beats_the_priority_winner() {
            GoldenProfile p = resolve(chatOverrides, crmSaysEmail,
                    observe(chat(), "2026-11-22T08:00:00Z", "{\"preferred_contact_method\": \"sms\"}", "preferred_contact_method"));
            assertThat(golden(p, "preferred_contact_method")).isEqualTo(quoted("sms"));
            assertThat(winner(p, "preferred_contact_method")).isEqualTo(CHAT);
            assertThat(lineage(p, "preferred_contact_method").winners().get(0).explicit()).isTrue();
            assertThat(losers(p, "preferred_contact_method")).containsExactly("salesforce_crm#C-100 OVERRIDDEN");
        }

        @Test
        void an_older_explicit_choice_does_not_override() {
            GoldenProfile p = resolve(chatOverrides, crmSaysEmail,
                    observe(chat(), "2026-10-22T08:00:00Z", "{\"preferred_contact_method\": \"sms\"}", "preferred_contact_method"));
            assertThat(golden(p, "preferred_contact_method")).isEqualTo(quoted("email"));
            assertThat(losers(p, "preferred_contact_method")).containsExactly("webchat_middleware LOWER_PRIORITY");
        }

        @Test
        void an_explicit_choice_at_the_same_instant_as_the_priority_winner_is_not_newer_and_does_not_override() {
            GoldenProfile p = resolve(chatOverrides, crmSaysEmail,
                    observe(chat(), "2026-11-01T09:00:00Z", "{\"preferred_contact_method\": \"sms\"}", "preferred_contact_method"));
            assertThat(golden(p, "preferred_contact_method")).isEqualTo(quoted("email"));
        }

        @Test
        void the_crm_takes_over_again_when_it_says_otherwise_later() {
            GoldenProfile p = resolve(chatOverrides,
                    observe(crmSaysEmail, "2026-11-25T09:00:00Z", "{\"preferred_contact_method\": \"phone\"}"),
                    observe(chat(), "2026-11-22T08:00:00Z", "{\"preferred_contact_method\": \"sms\"}", "preferred_contact_method"));
            assertThat(golden(p, "preferred_contact_method")).isEqualTo(quoted("phone"));
        }

        @Test
        void a_newer_value_not_flagged_explicit_does_not_override() {
            GoldenProfile p = resolve(chatOverrides, crmSaysEmail,
                    observe(chat(), "2026-11-22T08:00:00Z", "{\"preferred_contact_method\": \"sms\"}"));
            assertThat(golden(p, "preferred_contact_method")).isEqualTo(quoted("email"));
        }

        @Test
        void an_explicit_choice_from_a_source_not_listed_does_not_override() {
            GoldenProfile p = resolve(chatOverrides, crmSaysEmail,
                    observe(ivr(), "2026-11-22T08:00:00Z", "{\"preferred_contact_method\": \"phone\"}", "preferred_contact_method"));
            assertThat(golden(p, "preferred_contact_method")).isEqualTo(quoted("email"));
            assertThat(losers(p, "preferred_contact_method")).containsExactly("voice_ivr LOWER_PRIORITY");
        }

        @Test
        void without_override_sources_an_explicit_flag_changes_nothing() {
            GoldenProfile p = resolve(rule("preferred_contact_method", "SOURCE_PRIORITY"), crmSaysEmail,
                    observe(chat(), "2026-11-22T08:00:00Z", "{\"preferred_contact_method\": \"sms\"}", "preferred_contact_method"));
            assertThat(golden(p, "preferred_contact_method")).isEqualTo(quoted("email"));
        }
    }

    // ---- retractions and lineage ---------------------------------------------------------------------------

    @Nested
    class Retractions {
        @Test
        void are_shown_as_retracted_and_never_erase_another_sources_value() {
            GoldenProfile p = resolve(rule("loyalty_tier", "SOURCE_PRIORITY"),
                    observe(crm("C-1"), "2026-11-01", "{\"loyalty_tier\": \"Gold\"}"),
                    observe(chat(), "2026-11-20", "{\"loyalty_tier\": null}"));
            assertThat(golden(p, "loyalty_tier")).isEqualTo(quoted("Gold"));
            assertThat(losers(p, "loyalty_tier")).containsExactly("webchat_middleware RETRACTED");
            assertThat(lineage(p, "loyalty_tier").losers().get(0).value()).isNull();
        }

        @Test
        void a_retracted_winner_gives_way_to_the_next_contribution() {
            SourceRecord crm = observe(observe(crm("C-1"), "2026-11-01", "{\"loyalty_tier\": \"Gold\"}"),
                    "2026-11-02", "{\"loyalty_tier\": null}");
            GoldenProfile p = resolve(rule("loyalty_tier", "SOURCE_PRIORITY"), crm,
                    observe(chat(), "2026-11-01", "{\"loyalty_tier\": \"Silver\"}"));
            assertThat(golden(p, "loyalty_tier")).isEqualTo(quoted("Silver"));
            assertThat(losers(p, "loyalty_tier")).containsExactly("salesforce_crm#C-1 RETRACTED");
        }

        @Test
        void when_every_contribution_is_retracted_the_attribute_is_absent_but_its_lineage_remains() {
            GoldenProfile p = resolve(rule("loyalty_tier", "SOURCE_PRIORITY"),
                    observe(crm("C-1"), "2026-11-02", "{\"loyalty_tier\": null}"),
                    observe(chat(), "2026-11-03", "{\"loyalty_tier\": null}"));
            assertThat(p.attributes().has("loyalty_tier")).isFalse();
            assertThat(lineage(p, "loyalty_tier").value()).isNull();
            assertThat(lineage(p, "loyalty_tier").winners()).isEmpty();
            assertThat(losers(p, "loyalty_tier")).containsExactly("salesforce_crm#C-1 RETRACTED", "webchat_middleware RETRACTED");
        }

        @Test
        void a_retraction_in_a_union_removes_only_its_own_values() {
            GoldenProfile p = resolve(rule("interaction_channels", "UNION"),
                    observe(crm("C-1"), "2026-11-01", "{\"interaction_channels\": [\"email\"]}"),
                    observe(observe(chat(), "2026-11-01", "{\"interaction_channels\": [\"chat\"]}"), "2026-11-02",
                            "{\"interaction_channels\": null}"));
            assertThat(golden(p, "interaction_channels")).isEqualTo("[\"email\"]");
            assertThat(losers(p, "interaction_channels")).containsExactly("webchat_middleware RETRACTED");
        }
    }

    @Nested
    class Lineage {
        @Test
        void the_winner_entry_tells_where_the_value_came_from_and_has_no_reason() {
            GoldenProfile p = resolve(rule("loyalty_tier", "SOURCE_PRIORITY"),
                    observe(crm("C-1"), "2026-11-01T09:00:00Z", "{\"loyalty_tier\": \"Gold\"}"));
            LineageEntry w = lineage(p, "loyalty_tier").winners().get(0);
            assertThat(w).isEqualTo(new LineageEntry(CRM, "C-1", Instant.parse("2026-11-01T09:00:00Z"), json("\"Gold\""), 1,
                    false, false, null));
            assertThat(lineage(p, "loyalty_tier").value()).isEqualTo(json("\"Gold\""));
        }

        @Test
        void an_attribute_nobody_contributed_has_neither_value_nor_lineage() {
            GoldenProfile p = resolve(rules(""), observe(crm("C-1"), "2026-11-01", "{\"loyalty_tier\": \"Gold\"}"));
            assertThat(p.attributes().has("recent_intent")).isFalse();
            assertThat(p.lineage()).doesNotContainKey("recent_intent");
        }

        @Test
        void the_golden_record_lists_every_resolved_attribute_and_only_those() {
            GoldenProfile p = resolve(rules(""),
                    observe(crm("C-1"), "2026-11-01", "{\"loyalty_tier\": \"Gold\", \"lifetime_value\": 12}"),
                    observe(chat(), "2026-11-01", "{\"recent_intent\": \"returns\"}"));
            assertThat(CanonicalJson.of(p.attributes()))
                    .isEqualTo("{\"lifetime_value\":12,\"loyalty_tier\":\"Gold\",\"recent_intent\":\"returns\"}");
            assertThat(p.lineage().keySet()).containsExactly("lifetime_value", "loyalty_tier", "recent_intent");
        }
    }

    // ---- effective records -------------------------------------------------------------------------------

    /**
     * A record without source_record_id is keyed by the profile it first attached to; after a merge one profile
     * holds several such records of one source, which the engine folds into one effective record.
     */
    @Nested
    class Folding_implicit_records {
        private final SourceRecordKey chatOnP1 = SourceRecordKey.implicit(CHAT, "P1");
        private final SourceRecordKey chatOnP2 = SourceRecordKey.implicit(CHAT, "P2");

        @Test
        void implicit_records_of_one_source_with_different_anchors_give_one_contribution() {
            GoldenProfile p = resolve(rule("loyalty_tier", "SOURCE_PRIORITY"),
                    observe(chatOnP1, "2026-11-20T10:00:00Z", "{\"loyalty_tier\": \"Gold\"}"),
                    observe(chatOnP2, "2026-11-20T11:00:00Z", "{\"loyalty_tier\": \"Silver\"}"));
            assertThat(golden(p, "loyalty_tier")).isEqualTo(quoted("Silver"));
            assertThat(winner(p, "loyalty_tier")).isEqualTo(CHAT);
            assertThat(losers(p, "loyalty_tier")).isEmpty();
        }

        @Test
        void the_fold_keeps_the_newest_contribution_attribute_by_attribute() {
            SourceRecord p1 = observe(observe(chatOnP1, "2026-11-20", "{\"loyalty_tier\": \"Gold\"}"),
                    "2026-11-10", "{\"recent_intent\": \"billing question\"}");
            SourceRecord p2 = observe(chatOnP2, "2026-11-15", "{\"loyalty_tier\": \"Silver\", \"recent_intent\": \"returns\"}");
            GoldenProfile p = resolve(rules(""), p1, p2);
            assertThat(golden(p, "loyalty_tier")).isEqualTo(quoted("Gold"));
            assertThat(golden(p, "recent_intent")).isEqualTo(quoted("returns"));
        }

        @Test
        void a_merged_profile_resolves_as_one_profile_that_received_the_same_observations() {
            MergeRuleSet rules = rule("recent_intent", "MOST_RECENT");
            GoldenProfile merged = resolve(rules,
                    observe(chatOnP1, "2026-11-20", "{\"loyalty_tier\": \"Gold\", \"recent_intent\": \"returns\"}"),
                    observe(chatOnP2, "2026-11-15", "{\"loyalty_tier\": \"Silver\", \"recent_intent\": \"billing question\"}"),
                    observe(crm("C-1"), "2026-11-18", "{\"recent_intent\": \"renewal\"}"));
            GoldenProfile single = resolve(rules,
                    observe(observe(chatOnP1, "2026-11-20", "{\"loyalty_tier\": \"Gold\", \"recent_intent\": \"returns\"}"),
                            "2026-11-15", "{\"loyalty_tier\": \"Silver\", \"recent_intent\": \"billing question\"}"),
                    observe(crm("C-1"), "2026-11-18", "{\"recent_intent\": \"renewal\"}"));
            assertThat(merged).isEqualTo(single);
        }

        @Test
        void a_source_gets_one_vote_however_many_profiles_its_implicit_records_came_from() {
            GoldenProfile p = resolve(rule("loyalty_tier", "MOST_FREQUENT"),
                    observe(chatOnP1, "2026-11-20", "{\"loyalty_tier\": \"Gold\"}"),
                    observe(chatOnP2, "2026-11-21", "{\"loyalty_tier\": \"Gold\"}"),
                    observe(crm("C-1"), "2026-11-01", "{\"loyalty_tier\": \"Platinum\"}"));
            assertThat(golden(p, "loyalty_tier")).isEqualTo(quoted("Platinum"));
            assertThat(losers(p, "loyalty_tier")).containsExactly("webchat_middleware LOWER_PRIORITY");
        }

        @Test
        void records_with_a_source_record_id_are_never_folded() {
            GoldenProfile p = resolve(rule("loyalty_tier", "SOURCE_PRIORITY"),
                    observe(crm("C-1"), "2026-11-01", "{\"loyalty_tier\": \"Gold\"}"),
                    observe(crm("C-2"), "2026-10-01", "{\"loyalty_tier\": \"Silver\"}"));
            assertThat(winner(p, "loyalty_tier")).isEqualTo("salesforce_crm#C-1");
            assertThat(losers(p, "loyalty_tier")).containsExactly("salesforce_crm#C-2 OLDER");
        }
    }

    // ---- identifiers -------------------------------------------------------------------------------------

    @Nested
    class Identifiers {
        private static ProfileIdentifiers identity(Map<String, Set<String>> current, Map<String, Set<String>> aliases) {
            return new ProfileIdentifiers(sorted(current), sorted(aliases));
        }

        private static SortedMap<String, SortedSet<String>> sorted(Map<String, Set<String>> values) {
            SortedMap<String, SortedSet<String>> out = new TreeMap<>();
            values.forEach((k, v) -> out.put(k, new TreeSet<>(v)));
            return out;
        }

        @Test
        void take_their_golden_value_from_the_identity_graph_and_explain_every_other_contribution() {
            GoldenProfile p = resolve(rules(""),
                    identity(Map.of("email", Set.of("ava@example.com")), Map.of("email", Set.of("ava.old@example.com"))),
                    observe(crm("C-1"), "2026-11-01", "{\"email\": \"ava@example.com\"}"),
                    observe(chat(), "2026-11-02", "{\"email\": \"ava.old@example.com\"}"),
                    observe(ivr(), "2026-11-03", "{\"email\": \"test@test.com\"}"),
                    observe(crm("C-2"), "2026-11-04", "{\"email\": \"someone.else@example.com\"}"));
            assertThat(golden(p, "email")).isEqualTo(quoted("ava@example.com"));
            assertThat(strategy(p, "email")).isEqualTo("IDENTITY");
            assertThat(winners(p, "email")).containsExactly("salesforce_crm#C-1");
            assertThat(losers(p, "email")).containsExactly(
                    "salesforce_crm#C-2 NOT_CURRENT", "webchat_middleware ALIAS", "voice_ivr BLOCKED");
        }

        @Test
        void a_multiple_identifier_lists_its_current_values_sorted() {
            GoldenProfile p = resolve(rules(""),
                    identity(Map.of("phone_number", Set.of("+14155550202", "+14155550101")), Map.of()),
                    observe(chat(), "2026-11-02", "{\"phone_number\": [\"+14155550202\"]}"));
            assertThat(golden(p, "phone_number")).isEqualTo("[\"+14155550101\",\"+14155550202\"]");
        }
    }

    @Test
    void resolving_twice_gives_the_same_profile() {
        SourceRecord[] records = {
                observe(crm("C-1"), "2026-11-01", "{\"loyalty_tier\": \"Gold\", \"lifetime_value\": 1}"),
                observe(chat(), "2026-11-02", "{\"loyalty_tier\": \"Silver\", \"recent_intent\": \"returns\"}")};
        assertThat(resolve(rules(""), records)).isEqualTo(resolve(rules(""), records));
    }
}
