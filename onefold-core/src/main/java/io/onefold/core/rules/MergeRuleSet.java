package io.onefold.core.rules;

import io.onefold.core.error.Violation;
import io.onefold.core.matching.Comparison;
import io.onefold.core.matching.MatchingRules;
import io.onefold.core.schema.AttributeDefinition;
import io.onefold.core.schema.AttributeType;
import io.onefold.core.schema.NullBehavior;
import io.onefold.core.schema.ProfileTemplate;
import io.onefold.core.schema.UpdateBehavior;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A compiled, immutable merge rule set: sources with priorities, per-attribute rules, and the defaults.
 *
 * <p>Where several levels configure {@code null_behavior} or {@code update_behavior}, the most specific
 * wins: the attribute rule, then the template attribute, then the source, then the default
 * ({@code ignore}, {@code merge}). Staleness: the attribute rule's threshold, else the contributing source's.
 */
public final class MergeRuleSet {
    private final String ruleName;
    private final String description;
    private final Map<String, SourceDefinition> sources;
    private final Map<String, AttributeRule> attributeRules;
    private final ResolutionStrategy defaultStrategy;
    private final String identifierAuthority;
    private final boolean acceptUnknownSources;
    private final int unknownSourcePriority;
    private final MatchingRules matching;

    public MergeRuleSet(String ruleName, String description, List<SourceDefinition> sources, List<AttributeRule> attributeRules,
                        ResolutionStrategy defaultStrategy, String identifierAuthority, boolean acceptUnknownSources) {
        this(ruleName, description, sources, attributeRules, defaultStrategy, identifierAuthority, acceptUnknownSources, null);
    }

    /** @param matching the probabilistic matching rules the upsert pipeline applies, or null: exact identifiers only */
    public MergeRuleSet(String ruleName, String description, List<SourceDefinition> sources, List<AttributeRule> attributeRules,
                        ResolutionStrategy defaultStrategy, String identifierAuthority, boolean acceptUnknownSources, MatchingRules matching) {
        this.matching = matching;
        this.ruleName = ruleName;
        this.description = description;
        Map<String, SourceDefinition> s = new LinkedHashMap<>();
        sources.forEach(d -> s.put(d.sourceId(), d));
        this.sources = Collections.unmodifiableMap(s);
        Map<String, AttributeRule> r = new LinkedHashMap<>();
        attributeRules.forEach(a -> r.put(a.attributeName(), a));
        this.attributeRules = Collections.unmodifiableMap(r);
        this.defaultStrategy = defaultStrategy;
        this.identifierAuthority = identifierAuthority;
        this.acceptUnknownSources = acceptUnknownSources;
        this.unknownSourcePriority = sources.stream().mapToInt(SourceDefinition::priority).max().orElse(0) + 1;
    }

    /** The probabilistic matching rules (the rule set's {@code matching} section), if any: versioned and activated with it. */
    public Optional<MatchingRules> matching() {
        return Optional.ofNullable(matching);
    }

    /** The same rule set with other matching rules (null: none), e.g. after {@code onefold match train}. */
    public MergeRuleSet withMatching(MatchingRules newMatching) {
        return new MergeRuleSet(ruleName, description, List.copyOf(sources.values()), List.copyOf(attributeRules.values()), defaultStrategy,
                identifierAuthority, acceptUnknownSources, newMatching);
    }

    public String ruleName() {
        return ruleName;
    }

    public String description() {
        return description;
    }

    public Map<String, SourceDefinition> sources() {
        return sources;
    }

    public Map<String, AttributeRule> attributeRules() {
        return attributeRules;
    }

    public ResolutionStrategy defaultStrategy() {
        return defaultStrategy;
    }

    /** The source whose record may change a single identifier by itself (an automatic transfer), or null. */
    public String identifierAuthority() {
        return identifierAuthority;
    }

    public boolean acceptUnknownSources() {
        return acceptUnknownSources;
    }

    public boolean knows(String sourceId) {
        return sources.containsKey(sourceId);
    }

    public boolean accepts(String sourceId) {
        return acceptUnknownSources || sources.containsKey(sourceId);
    }

    /** A source's priority; an unknown (accepted) source ranks after every configured one. */
    public int priority(String sourceId) {
        SourceDefinition d = sources.get(sourceId);
        return d == null ? unknownSourcePriority : d.priority();
    }

    public Optional<AttributeRule> rule(String attribute) {
        return Optional.ofNullable(attributeRules.get(attribute));
    }

    public ResolutionStrategy strategy(String attribute) {
        AttributeRule rule = attributeRules.get(attribute);
        return rule == null ? defaultStrategy : rule.strategy();
    }

    public StalenessThreshold staleness(String attribute, String sourceId) {
        AttributeRule rule = attributeRules.get(attribute);
        if (rule != null && rule.stalenessThreshold() != null) return rule.stalenessThreshold();
        SourceDefinition d = sources.get(sourceId);
        return d == null ? null : d.stalenessThreshold();
    }

    public NullBehavior nullBehavior(AttributeDefinition attribute, String sourceId) {
        AttributeRule rule = attributeRules.get(attribute.name());
        if (rule != null && rule.nullBehavior() != null) return rule.nullBehavior();
        if (attribute.nullBehavior() != null) return attribute.nullBehavior();
        SourceDefinition d = sources.get(sourceId);
        if (d != null && d.nullBehavior() != null) return d.nullBehavior();
        return NullBehavior.IGNORE;
    }

    public UpdateBehavior updateBehavior(AttributeDefinition attribute, String sourceId) {
        AttributeRule rule = attributeRules.get(attribute.name());
        if (rule != null && rule.updateBehavior() != null) return rule.updateBehavior();
        if (attribute.updateBehavior() != null) return attribute.updateBehavior();
        SourceDefinition d = sources.get(sourceId);
        if (d != null && d.updateBehavior() != null) return d.updateBehavior();
        return UpdateBehavior.MERGE;
    }

    /** Problems that do not prevent the rule set from working with {@code template}, reported as warnings. */
    public List<Violation> warningsAgainst(ProfileTemplate template) {
        List<Violation> warnings = new ArrayList<>();
        int i = 0;
        for (AttributeRule rule : attributeRules.values()) {
            String path = "attribute_rules[" + i++ + "]";
            Optional<AttributeDefinition> def = template.attribute(rule.attributeName());
            if (def.isEmpty()) {
                warnings.add(new Violation(path + ".attribute_name", "template '" + template.name() + "' has no attribute '"
                        + rule.attributeName() + "'; the rule applies once the template defines it"));
                continue;
            }
            AttributeType type = def.get().type();
            if ((rule.strategy() == ResolutionStrategy.MAX || rule.strategy() == ResolutionStrategy.MIN) && !type.ordered()) {
                warnings.add(new Violation(path + ".resolution_strategy", rule.strategy() + " on a " + type.code()
                        + " attribute compares canonical JSON text"));
            }
            if (def.get().identifier()) {
                warnings.add(new Violation(path + ".resolution_strategy", "'" + rule.attributeName()
                        + "' is an identifier: its values come from the identity graph, the strategy only orders lineage"));
            }
        }
        if (matching != null) {
            for (int c = 0; c < matching.comparisons().size(); c++) {
                String attribute = matching.comparisons().get(c).attribute();
                if (template.attribute(attribute).isEmpty()) {
                    warnings.add(new Violation("matching.comparisons[" + c + "].attribute", "template '" + template.name()
                            + "' has no attribute '" + attribute + "'; the comparison always falls on its null level (weight 0)"));
                }
            }
        }
        return warnings;
    }
}
