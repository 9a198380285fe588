package io.onefold.store;

import io.onefold.core.identity.IdentityLink;
import io.onefold.core.identity.NodeState;
import io.onefold.core.model.SourceRecord;
import java.util.List;
import java.util.Map;

/**
 * Whole clusters loaded from a store: their nodes, records, and every link touching them, plus the stored
 * rows (for the values before a change). What {@link io.onefold.core.identity.IdentityGraph#load} takes.
 */
public record Fragment(List<NodeState> nodes, List<SourceRecord> records, List<IdentityLink> links, Map<String, StoredProfile> rows) {
    public static final Fragment EMPTY = new Fragment(List.of(), List.of(), List.of(), Map.of());
}
