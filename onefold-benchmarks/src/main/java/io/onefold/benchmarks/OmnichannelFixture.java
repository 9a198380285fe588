package io.onefold.benchmarks;

import io.onefold.core.json.Json;
import io.onefold.core.rules.MergeRuleSet;
import io.onefold.core.rules.MergeRuleSetParser;
import io.onefold.core.schema.IdentifierNormalizer;
import io.onefold.core.schema.ProfileTemplate;
import io.onefold.core.schema.TemplateParser;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The configuration every benchmark runs against: {@code examples/retail/omnichannel-template.json} and
 * {@code omnichannel-rules.json} (CRM, web chat, voice IVR; email, phone and a non-linking household phone),
 * extended from 13 to 20 attributes so that every attribute type and every resolution strategy takes part:
 * strings, dates, datetimes, numbers, integers, booleans, objects, arrays; SOURCE_PRIORITY (the default),
 * MOST_RECENT, OLDEST, MOST_FREQUENT, MAX, MIN, UNION, plus staleness thresholds and an explicit override.
 * {@code loyalty_tier} and {@code interaction_channels} are {@code searchable}, so that the write benchmarks pay for the
 * search index as a deployment searching them would (2 entries per value, written when a value changes).
 * Kept inline, rather than read from {@code examples/}, so that the jar runs from any directory.
 */
final class OmnichannelFixture {
    static final String CRM = "salesforce_crm";
    static final String CHAT = "webchat_middleware";
    static final String IVR = "voice_ivr";

    static final String TEMPLATE = """
            {
              "template_name": "OmnichannelRetailProfile20",
              "attributes": [
                {"name": "email", "type": "string", "is_identifier": true, "cardinality": "single",
                 "normalization": "email", "blocked_values": ["test@test.com", "noreply@example.com"]},
                {"name": "phone_number", "type": "string", "is_identifier": true, "cardinality": "multiple",
                 "normalization": "phone", "max_values": 5, "blocked_values": ["0000000000"]},
                {"name": "household_phone", "type": "string", "is_identifier": true, "cardinality": "single",
                 "normalization": "phone", "links_profiles": false},
                {"name": "loyalty_tier", "type": "string", "cardinality": "single", "searchable": true},
                {"name": "last_interaction_timestamp", "type": "date", "cardinality": "single"},
                {"name": "preferred_contact_method", "type": "string", "cardinality": "single"},
                {"name": "postal_address", "type": "object", "cardinality": "single"},
                {"name": "recent_intent", "type": "string", "cardinality": "single"},
                {"name": "customer_since", "type": "date", "cardinality": "single"},
                {"name": "first_seen_channel", "type": "string", "cardinality": "single"},
                {"name": "lifetime_value", "type": "number", "cardinality": "single"},
                {"name": "purchase_history", "type": "array", "cardinality": "single", "max_values": 50},
                {"name": "interaction_channels", "type": "string", "cardinality": "multiple", "max_values": 10, "searchable": true},
                {"name": "first_name", "type": "string", "cardinality": "single"},
                {"name": "last_name", "type": "string", "cardinality": "single"},
                {"name": "birth_date", "type": "date", "cardinality": "single"},
                {"name": "marketing_opt_in", "type": "boolean", "cardinality": "single"},
                {"name": "visit_count", "type": "integer", "cardinality": "single"},
                {"name": "preferred_store", "type": "string", "cardinality": "single"},
                {"name": "last_purchase_at", "type": "datetime", "cardinality": "single"}
              ]
            }
            """;

    static final String RULES = """
            {
              "rule_name": "OmnichannelMergeStrategy_bench",
              "identifier_authority": "salesforce_crm",
              "default_strategy": "SOURCE_PRIORITY",
              "sources": [
                {"source_id": "salesforce_crm", "priority": 1},
                {"source_id": "webchat_middleware", "priority": 2},
                {"source_id": "voice_ivr", "priority": 3, "staleness_threshold": "P30D"}
              ],
              "attribute_rules": [
                {"attribute_name": "loyalty_tier", "resolution_strategy": "SOURCE_PRIORITY"},
                {"attribute_name": "last_interaction_timestamp", "resolution_strategy": "MOST_RECENT"},
                {"attribute_name": "preferred_contact_method", "resolution_strategy": "SOURCE_PRIORITY",
                 "override_sources": ["webchat_middleware"]},
                {"attribute_name": "postal_address", "resolution_strategy": "SOURCE_PRIORITY", "staleness_threshold": "P90D"},
                {"attribute_name": "recent_intent", "resolution_strategy": "NEWER_WINS"},
                {"attribute_name": "customer_since", "resolution_strategy": "MIN"},
                {"attribute_name": "first_seen_channel", "resolution_strategy": "OLDEST"},
                {"attribute_name": "lifetime_value", "resolution_strategy": "MAX"},
                {"attribute_name": "purchase_history", "resolution_strategy": "UNION", "key": "order_id"},
                {"attribute_name": "interaction_channels", "resolution_strategy": "UNION"},
                {"attribute_name": "marketing_opt_in", "resolution_strategy": "MOST_RECENT"},
                {"attribute_name": "visit_count", "resolution_strategy": "MAX"},
                {"attribute_name": "preferred_store", "resolution_strategy": "MOST_FREQUENT"},
                {"attribute_name": "last_purchase_at", "resolution_strategy": "MOST_RECENT"}
              ]
            }
            """;

    private OmnichannelFixture() {}

    static IdentifierNormalizer normalizer() {
        return new IdentifierNormalizer("US");
    }

    static ProfileTemplate template() {
        ProfileTemplate template = new TemplateParser(normalizer()).parse(parse(TEMPLATE));
        if (template.attributes().size() != 20) throw new IllegalStateException("expected 20 attributes, got " + template.attributes().size());
        return template;
    }

    static MergeRuleSet rules() {
        return MergeRuleSetParser.parse(parse(RULES));
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String text) {
        try {
            return Json.parse(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
