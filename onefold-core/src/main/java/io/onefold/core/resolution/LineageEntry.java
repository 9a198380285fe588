package io.onefold.core.resolution;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One contribution as lineage shows it: where it came from, what it said, and — for a loser — why it lost.
 *
 * @param sourceRecordId null for a record keyed by (source, profile)
 * @param value          null for a retraction
 * @param reason         null for a winner
 */
public record LineageEntry(String source, String sourceRecordId, Instant observedAt, JsonNode value, int priority,
                           boolean explicit, boolean stale, LossReason reason) {}
