package io.onefold.cli.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.json.Json;

/**
 * How far an input file was applied: the last committed record's line and the byte offset after it, the batch size
 * (a resumed run cuts the same batches, so a server sees the same Idempotency-Keys), the counts so far, and the
 * rejects of the last committed batch (the rejects file is cut back to the batch before and completed from here, so
 * it holds each refused line once whatever moment a run was killed at).
 *
 * @param jobId           {@code ingest-} + a hash of the file's path, size and first bytes
 * @param nextLine        the physical line the next record starts on
 * @param offset          the byte offset the next record starts at
 * @param batchStartLine  first line of the last committed batch
 */
record Checkpoint(String jobId, String file, long size, int batch, long nextLine, long offset, long batchStartLine,
                  Counts counts, ArrayNode lastBatchRejects, boolean finished) {

    static Checkpoint start(String jobId, String file, long size, int batch) {
        return new Checkpoint(jobId, file, size, batch, 1, 0, 1, new Counts(), Json.NODES.arrayNode(), false);
    }

    ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("file", file);
        o.put("size", size);
        o.put("batch", batch);
        o.put("next_line", nextLine);
        o.put("offset", offset);
        o.put("batch_start_line", batchStartLine);
        o.set("counts", counts.toJson());
        o.set("last_batch_rejects", lastBatchRejects);
        o.put("finished", finished);
        return o;
    }

    static Checkpoint fromJson(String jobId, JsonNode o) {
        return new Checkpoint(jobId, o.path("file").asText(), o.path("size").asLong(), o.path("batch").asInt(), o.path("next_line").asLong(1),
                o.path("offset").asLong(), o.path("batch_start_line").asLong(1), Counts.fromJson(o.path("counts")),
                o.path("last_batch_rejects").isArray() ? (ArrayNode) o.get("last_batch_rejects") : Json.NODES.arrayNode(), o.path("finished").asBoolean());
    }
}
