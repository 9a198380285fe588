package io.onefold.core.rules;

import io.onefold.core.schema.NullBehavior;
import io.onefold.core.schema.UpdateBehavior;

/**
 * A source of a rule set. Lower {@code priority} = more authoritative (the guide: CRM 1, chat 2, IVR 3).
 * The optional settings are {@code null} when not configured.
 */
public record SourceDefinition(String sourceId, int priority, String description, StalenessThreshold stalenessThreshold,
                               NullBehavior nullBehavior, UpdateBehavior updateBehavior) {}
