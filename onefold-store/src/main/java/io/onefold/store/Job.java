package io.onefold.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A background job (rule activation re-resolving every stored profile, bulk ingestion) and its progress.
 *
 * @param status {@code RUNNING}, {@code SUCCEEDED} or {@code FAILED}
 */
public record Job(String id, String organization, String type, String status, long total, long done, ObjectNode result,
                  Instant createdAt, Instant updatedAt) {}
