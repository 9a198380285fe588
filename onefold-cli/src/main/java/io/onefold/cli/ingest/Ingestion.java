package io.onefold.cli.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.error.ErrorCode;
import io.onefold.core.error.Violation;
import io.onefold.core.json.Json;
import io.onefold.service.BulkLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ingests one file: a reader thread cuts it into batches (parsed, mapped and — for a direct target — validated), so
 * that reading overlaps writing; this thread applies each batch, appends its rejects and records the checkpoint.
 *
 * <p>Resuming: the checkpoint says where the next record starts and how big batches are; the run continues from
 * there with the same batch boundaries. A direct target stores the checkpoint in the batch's transaction; a server
 * target after the batch's answers, and a batch sent twice carries the same Idempotency-Key. Either way no line is
 * applied twice.
 */
final class Ingestion {
    /** What to ingest and how. {@code source} is required for CSV; for NDJSON it fills in or must match each line's. */
    record Options(Path file, boolean csv, String source, Map<String, String> renames, int batch, Path rejects, boolean restart) {}

    /** The outcome of a file: its counts in total (earlier runs included), lines applied by this run, and how it ended. */
    record Result(Path file, Counts total, long linesThisRun, double seconds, boolean alreadyDone, boolean interrupted) {
        public String summary() {
            String rate = linesThisRun == 0 ? "" : String.format(" (%,.0f lines/s)", linesThisRun / Math.max(seconds, 1e-3));
            String head = alreadyDone ? "already ingested (--restart to ingest it again)" : interrupted ? "interrupted; run the same command again to resume"
                    : String.format("%,d lines in %.1f s%s", linesThisRun, seconds, rate);
            return file + ": " + head + ": " + total + " (" + String.format("%,d", total.lines()) + " lines in total)";
        }

        public long created() {
            return total.created;
        }

        public long rejectedOrConflicts() {
            return total.rejected + total.conflicts;
        }
    }

    private static final int PREFETCH = 2;
    private final Options options;
    private final IngestTarget target;
    private final BulkLoader validator;
    private final Progress progress;
    private final AtomicBoolean stop;

    /**
     * @param validator the loader to validate with on the reader thread (direct targets), or null
     * @param stop      set to stop at the next batch boundary (Ctrl-C)
     */
    Ingestion(Options options, IngestTarget target, BulkLoader validator, Progress progress, AtomicBoolean stop) {
        this.options = options;
        this.target = target;
        this.validator = validator;
        this.progress = progress;
        this.stop = stop;
    }

    /** The job (and checkpoint) id of a file: its absolute path, size and the hash of its first 64 KiB. */
    static String jobId(Path file) throws IOException {
        try {
            MessageDigest head = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(file)) {
                head.update(in.readNBytes(1 << 16));
            }
            MessageDigest id = MessageDigest.getInstance("SHA-256");
            id.update((file.toAbsolutePath().normalize() + "\n" + Files.size(file) + "\n" + HexFormat.of().formatHex(head.digest())).getBytes(StandardCharsets.UTF_8));
            return "ingest-" + HexFormat.of().formatHex(id.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Result run(long bytesBefore) throws IOException, InterruptedException {
        Path file = options.file();
        String jobId = jobId(file);
        long size = Files.size(file);
        Optional<Checkpoint> stored = options.restart() ? Optional.empty() : target.checkpoint(jobId, options.rejects());
        if (stored.isPresent() && stored.get().finished()) {
            return new Result(file, stored.get().counts(), 0, 0, true, false);
        }
        Checkpoint start = stored.orElse(Checkpoint.start(jobId, file.toAbsolutePath().toString(), size, options.batch()));
        Counts counts = start.counts().copy();
        int batchSize = start.batch();
        CsvMapping mapping = null;
        long offset = start.offset();
        long nextLine = start.nextLine();
        if (options.csv()) {
            try (RecordReader header = new RecordReader(file, true, 0, 1)) {
                RecordReader.Raw h = header.next();
                if (h == null) throw new IOException(file + " is empty: a CSV file starts with a header row");
                mapping = new CsvMapping(new String(h.bytes(), StandardCharsets.UTF_8), options.renames(), options.source(), target.template());
                if (offset == 0) {
                    offset = h.endOffset();
                    nextLine = 2;
                }
            }
        }
        long linesThisRun = 0;
        try (RejectsFile rejects = stored.isPresent() ? RejectsFile.resume(options.rejects(), start.batchStartLine(), start.lastBatchRejects())
                : RejectsFile.create(options.rejects())) {
            progress.startAt(bytesBefore + offset);
            BlockingQueue<Object> queue = new ArrayBlockingQueue<>(PREFETCH);
            CsvMapping m = mapping;
            long from = offset;
            long fromLine = nextLine;
            Thread reader = Thread.ofPlatform().name("onefold-ingest-reader").daemon(true).start(() -> read(jobId, m, from, fromLine, batchSize, queue));
            try {
                while (true) {
                    if (stop.get()) {
                        progress.finish();
                        return new Result(file, counts, linesThisRun, progress.seconds(), false, true);
                    }
                    Object next = queue.take();
                    if (next instanceof IOException e) throw e;
                    if (next instanceof RuntimeException e) throw e;
                    Batch batch = (Batch) next;
                    Counts before = counts.copy();
                    List<LineAnswer> results = target.apply(batch, r -> {
                        Counts after = before.copy();
                        r.forEach(after::add);
                        return new Checkpoint(jobId, file.toAbsolutePath().toString(), size, batchSize, batch.nextLine(), batch.endOffset(),
                                batch.firstLine(), after, RejectsFile.rejects(r), batch.last());
                    });
                    var batchRejects = RejectsFile.rejects(results);
                    rejects.write(batchRejects);
                    results.forEach(counts::add);
                    linesThisRun += results.size();
                    target.committed(new Checkpoint(jobId, file.toAbsolutePath().toString(), size, batchSize, batch.nextLine(), batch.endOffset(),
                            batch.firstLine(), counts.copy(), batchRejects, batch.last()), options.rejects());
                    progress.update(file.getFileName().toString(), bytesBefore + batch.endOffset(), linesThisRun, counts, batch.last());
                    if (batch.last()) break;
                }
            } finally {
                reader.interrupt();
            }
        }
        progress.finish();
        return new Result(file, counts, linesThisRun, progress.seconds(), false, false);
    }

    /** The reader thread: records → batches (→ validated), into the queue; an exception ends the queue. */
    private void read(String jobId, CsvMapping mapping, long offset, long nextLine, int batchSize, BlockingQueue<Object> queue) {
        try (RecordReader in = new RecordReader(options.file(), options.csv(), offset, nextLine)) {
            List<BulkLoader.Line> lines = new ArrayList<>(batchSize);
            long first = nextLine;
            long line = nextLine;
            long end = offset;
            while (true) {
                RecordReader.Raw raw = in.next();
                if (raw != null && !blank(raw.bytes())) {
                    if (lines.isEmpty()) first = raw.line();
                    lines.add(options.csv() ? csvLine(mapping, raw) : ndjsonLine(raw));
                }
                if (raw != null) {
                    line = in.nextLine();
                    end = raw.endOffset();
                    // batches are counted in records from the checkpoint, so that a resumed run cuts the same batches
                    if (lines.size() < batchSize) continue;
                }
                boolean last = raw == null;
                if (lines.isEmpty() && !last) continue;
                List<BulkLoader.Prepared> prepared = validator == null ? null : validator.prepare(lines);
                queue.put(new Batch(jobId, List.copyOf(lines), prepared, lines.isEmpty() ? line : first, line, end, last));
                lines.clear();
                if (last) return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            try {
                queue.put(e instanceof IOException io ? io : e);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private BulkLoader.Line ndjsonLine(RecordReader.Raw raw) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(raw.bytes());
        } catch (IOException e) {
            return BulkLoader.Line.malformed(raw.line(), "not valid JSON");
        }
        if (options.source() != null && body instanceof ObjectNode o) {
            JsonNode s = o.get("source");
            if (s == null || s.isNull()) o.put("source", options.source());
            else if (!s.isTextual() || !s.textValue().equals(options.source())) {
                return BulkLoader.Line.refused(raw.line(), ErrorCode.VALIDATION_FAILED, "the line's source differs from --source",
                        List.of(new Violation("source", "must be '" + options.source() + "' (--source) or absent")));
            }
        }
        return BulkLoader.Line.of(raw.line(), body);
    }

    private static BulkLoader.Line csvLine(CsvMapping mapping, RecordReader.Raw raw) {
        try {
            return BulkLoader.Line.of(raw.line(), mapping.body(raw.bytes()));
        } catch (IllegalArgumentException e) {
            return BulkLoader.Line.refused(raw.line(), ErrorCode.MALFORMED_CSV, "the row " + e.getMessage(), List.of(new Violation("", "the row " + e.getMessage())));
        }
    }

    private static boolean blank(byte[] bytes) {
        for (byte b : bytes) if (b != ' ' && b != '\t' && b != '\r') return false;
        return true;
    }
}
