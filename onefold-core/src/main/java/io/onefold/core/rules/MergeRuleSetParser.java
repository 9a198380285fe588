package io.onefold.core.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.core.error.ConfigurationException;
import io.onefold.core.error.Violation;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.json.FieldReader;
import io.onefold.core.matching.MatchingRules;
import io.onefold.core.matching.MatchingRulesParser;
import io.onefold.core.schema.NullBehavior;
import io.onefold.core.schema.UpdateBehavior;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses the guide's merge-rules payload ({@code rule_name}, {@code sources[]}, {@code attribute_rules[]})
 * and Onefold's extensions, reporting every problem at once with its path and the valid options.
 */
public final class MergeRuleSetParser {
    private static final Set<String> RULE_SET_FIELDS = Set.of("rule_name", "description", "sources", "attribute_rules",
            "default_strategy", "identifier_authority", "accept_unknown_sources", "matching", "version", "active", "created_at");
    private static final Set<String> SOURCE_FIELDS = Set.of("source_id", "priority", "description", "staleness_threshold",
            "null_behavior", "update_behavior");
    private static final Set<String> RULE_FIELDS = Set.of("attribute_name", "resolution_strategy", "description",
            "staleness_threshold", "override_sources", "null_behavior", "update_behavior", "key");

    private MergeRuleSetParser() {}

    public static MergeRuleSet parse(JsonNode json) {
        List<Violation> violations = new ArrayList<>();
        FieldReader in = new FieldReader(violations);
        if (json == null || !json.isObject()) throw new ConfigurationException(List.of(new Violation("", "a rule set must be a JSON object")));
        in.rejectUnknown(json, "", RULE_SET_FIELDS);
        String name = in.string(json, "", "rule_name", true).orElse(null);
        if (name != null && !name.matches("[A-Za-z_][A-Za-z0-9_\\-.]{0,127}"))
            in.fail("rule_name", "must start with a letter or '_' and use letters, digits, '_', '-' or '.' (at most 128)");
        String description = in.string(json, "", "description", false).orElse(null);

        List<SourceDefinition> sources = new ArrayList<>();
        Set<String> sourceIds = new HashSet<>();
        JsonNode sourceNodes = json.get("sources");
        if (sourceNodes == null || !sourceNodes.isArray() || sourceNodes.isEmpty()) {
            in.fail("sources", "must be a non-empty array of sources");
        } else {
            for (int i = 0; i < sourceNodes.size(); i++) {
                String path = "sources[" + i + "]";
                JsonNode s = sourceNodes.get(i);
                if (!s.isObject()) {
                    in.fail(path, "must be an object");
                    continue;
                }
                in.rejectUnknown(s, path, SOURCE_FIELDS);
                String id = in.string(s, path, "source_id", true).orElse(null);
                if (id != null && !sourceIds.add(id)) in.fail(path + ".source_id", "duplicate source '" + id + "'");
                Integer priority = in.integer(s, path, "priority", true, 0).orElse(null);
                StalenessThreshold staleness = staleness(in, s, path);
                NullBehavior nulls = in.code(s, path, "null_behavior", NullBehavior::fromCode, "ignore, retract").orElse(null);
                UpdateBehavior update = in.code(s, path, "update_behavior", UpdateBehavior::fromCode, "merge, replace_all").orElse(null);
                if (id != null && priority != null) {
                    sources.add(new SourceDefinition(id, priority, in.string(s, path, "description", false).orElse(null), staleness, nulls, update));
                }
            }
        }

        List<AttributeRule> rules = new ArrayList<>();
        JsonNode ruleNodes = json.get("attribute_rules");
        if (ruleNodes != null && !ruleNodes.isNull() && !ruleNodes.isArray()) {
            in.fail("attribute_rules", "must be an array");
        } else if (ruleNodes != null && ruleNodes.isArray()) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < ruleNodes.size(); i++) {
                String path = "attribute_rules[" + i + "]";
                JsonNode r = ruleNodes.get(i);
                if (!r.isObject()) {
                    in.fail(path, "must be an object");
                    continue;
                }
                in.rejectUnknown(r, path, RULE_FIELDS);
                String attribute = in.string(r, path, "attribute_name", true).orElse(null);
                if (attribute != null && !seen.add(attribute)) in.fail(path + ".attribute_name", "duplicate rule for '" + attribute + "'");
                if (r.get("resolution_strategy") == null) in.fail(path + ".resolution_strategy", "is required; valid values are " + ResolutionStrategy.validCodes());
                ResolutionStrategy strategy = in.code(r, path, "resolution_strategy", ResolutionStrategy::fromCode, ResolutionStrategy.validCodes()).orElse(null);
                StalenessThreshold staleness = staleness(in, r, path);
                Set<String> overrides = new LinkedHashSet<>(in.strings(r, path, "override_sources"));
                for (String o : overrides) {
                    if (!sourceIds.contains(o)) in.fail(path + ".override_sources", "names unknown source '" + o + "'; sources are " + String.join(", ", sourceIds.stream().sorted().toList()));
                }
                NullBehavior nulls = in.code(r, path, "null_behavior", NullBehavior::fromCode, "ignore, retract").orElse(null);
                UpdateBehavior update = in.code(r, path, "update_behavior", UpdateBehavior::fromCode, "merge, replace_all").orElse(null);
                String key = in.string(r, path, "key", false).orElse(null);
                if (key != null && strategy != ResolutionStrategy.UNION) in.fail(path + ".key", "applies only to the UNION strategy");
                if (attribute != null && strategy != null) {
                    rules.add(new AttributeRule(attribute, strategy, in.string(r, path, "description", false).orElse(null),
                            staleness, overrides, nulls, update, key));
                }
            }
        }
        ResolutionStrategy defaultStrategy = in.code(json, "", "default_strategy", ResolutionStrategy::fromCode, ResolutionStrategy.validCodes())
                .orElse(ResolutionStrategy.SOURCE_PRIORITY);
        String authority = in.string(json, "", "identifier_authority", false).orElse(null);
        if (authority != null && !sourceIds.contains(authority)) {
            in.fail("identifier_authority", "names unknown source '" + authority + "'; sources are " + String.join(", ", sourceIds.stream().sorted().toList()));
        }
        boolean acceptUnknown = in.bool(json, "", "accept_unknown_sources", false);
        MatchingRules matching = matching(json.get("matching"), name, violations);
        if (!violations.isEmpty()) throw new ConfigurationException(violations);
        return new MergeRuleSet(name, description, sources, rules, defaultStrategy, authority, acceptUnknown, matching);
    }

    /** The optional {@code matching} section; its name defaults to the rule set's, its violations are reported under {@code matching.}. */
    private static MatchingRules matching(JsonNode node, String ruleName, List<Violation> violations) {
        if (node == null || node.isNull()) return null;
        JsonNode section = node;
        if (node.isObject() && !node.has("name") && ruleName != null) section = ((ObjectNode) node.deepCopy()).put("name", ruleName);
        try {
            return MatchingRulesParser.parse(section);
        } catch (ConfigurationException e) {
            for (Violation v : e.details()) violations.add(new Violation(v.field().isEmpty() ? "matching" : "matching." + v.field(), v.reason()));
            return null;
        }
    }

    private static StalenessThreshold staleness(FieldReader in, JsonNode node, String path) {
        return in.string(node, path, "staleness_threshold", false).map(text -> {
            var parsed = StalenessThreshold.parse(text);
            if (parsed.isEmpty()) in.fail(path + ".staleness_threshold", "must be a non-negative ISO-8601 duration such as P30D, P6M or PT12H");
            return parsed.orElse(null);
        }).orElse(null);
    }
}
