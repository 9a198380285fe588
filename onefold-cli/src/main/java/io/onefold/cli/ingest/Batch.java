package io.onefold.cli.ingest;

import io.onefold.service.BulkLoader;
import java.util.List;

/**
 * Consecutive records of one file, read (and, for a direct target, validated) ahead of the writer.
 *
 * @param jobId     the file's job (its checkpoint's key)
 * @param lines     the records as upsert bodies (or why one could not be read)
 * @param prepared  the same lines parsed and validated, when the target validates in process; else null
 * @param firstLine physical line of the first record
 * @param nextLine  physical line after the last record
 * @param endOffset byte offset after the last record
 * @param last      whether the file ends with this batch
 */
record Batch(String jobId, List<BulkLoader.Line> lines, List<BulkLoader.Prepared> prepared, long firstLine, long nextLine, long endOffset, boolean last) {}
