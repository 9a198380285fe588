package io.onefold.core.rules;

import io.onefold.core.schema.NullBehavior;
import io.onefold.core.schema.UpdateBehavior;
import java.util.Set;

/**
 * How one attribute resolves. Optional settings are {@code null} when not configured.
 *
 * @param overrideSources sources whose newer contribution, flagged {@code explicit} by the observation,
 *                        beats the strategy's winner (the guide's {@code preferred_contact_method})
 * @param unionKey        for UNION over objects: the field that identifies an element (else the whole object)
 */
public record AttributeRule(String attributeName, ResolutionStrategy strategy, String description,
                            StalenessThreshold stalenessThreshold, Set<String> overrideSources,
                            NullBehavior nullBehavior, UpdateBehavior updateBehavior, String unionKey) {
    public AttributeRule {
        overrideSources = Set.copyOf(overrideSources);
    }
}
