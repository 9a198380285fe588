package io.onefold.service;

import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.identity.ProfileIdFactory;
import io.onefold.core.rules.MergeRuleSet;
import io.onefold.core.schema.AttributeDefinition;
import io.onefold.core.schema.IdentifierNormalizer;
import io.onefold.core.schema.ObservationValidator;
import io.onefold.core.schema.ProfileTemplate;
import io.onefold.store.StoredConfig;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** An organization's active template and rule set, compiled once and shared by every operation until the next activation. */
record ActiveConfiguration(StoredConfig templateRow, StoredConfig rulesRow, ProfileTemplate template, MergeRuleSet rules,
                           ObservationValidator validator, Set<String> nonLinkingAttributes) {

    static ActiveConfiguration of(StoredConfig templateRow, StoredConfig rulesRow, ProfileTemplate template, MergeRuleSet rules, IdentifierNormalizer normalizer) {
        Set<String> nonLinking = template.identifiers().stream().filter(a -> !a.linksProfiles()).map(AttributeDefinition::name).collect(Collectors.toUnmodifiableSet());
        return new ActiveConfiguration(templateRow, rulesRow, template, rules, new ObservationValidator(template, normalizer), nonLinking);
    }

    IdentityGraph graph(IdentifierNormalizer normalizer, ProfileIdFactory ids, Supplier<Instant> clock) {
        return new IdentityGraph(template, rules, normalizer, ids, clock);
    }
}
