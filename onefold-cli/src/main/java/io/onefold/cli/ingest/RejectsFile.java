package io.onefold.cli.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.json.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One NDJSON line per refused input line: {@code {"line", "status", "code", "message", "details": [{"field",
 * "reason"}]}} — what the API would have answered for that line. It is the user's output, not a log.
 */
final class RejectsFile implements AutoCloseable {
    private final BufferedWriter out;

    private RejectsFile(BufferedWriter out) {
        this.out = out;
    }

    /** A fresh file. */
    static RejectsFile create(Path path) throws IOException {
        return new RejectsFile(Files.newBufferedWriter(path, StandardCharsets.UTF_8));
    }

    /**
     * Resuming: keeps the rejects of lines before {@code keepBefore} (committed before the last batch), then writes
     * the last committed batch's rejects as the checkpoint has them.
     */
    static RejectsFile resume(Path path, long keepBefore, ArrayNode lastBatch) throws IOException {
        List<String> kept = new ArrayList<>();
        if (Files.exists(path)) {
            for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                try {
                    if (Json.MAPPER.readTree(line).path("line").asLong(Long.MAX_VALUE) < keepBefore) kept.add(line);
                } catch (IOException e) {
                    // a line torn by the crash: it belonged to the batch being written, which the checkpoint restores
                }
            }
        }
        BufferedWriter w = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        for (String line : kept) {
            w.write(line);
            w.write('\n');
        }
        for (JsonNode r : lastBatch) {
            // the store keeps JSON with sorted keys: back to the file's field order
            ObjectNode o = Json.object();
            for (String field : new String[] {"line", "status", "code", "message", "details"}) if (r.has(field)) o.set(field, r.get(field));
            w.write(o.toString());
            w.write('\n');
        }
        w.flush();
        return new RejectsFile(w);
    }

    static ArrayNode rejects(List<LineAnswer> results) {
        ArrayNode a = Json.NODES.arrayNode();
        for (LineAnswer r : results) {
            if (r.ok()) continue;
            ObjectNode o = a.addObject();
            o.put("line", r.number());
            o.put("status", r.rejected().status());
            o.put("code", r.rejected().code());
            o.put("message", r.rejected().message());
            ArrayNode d = o.putArray("details");
            r.rejected().details().forEach(v -> d.addObject().put("field", v.field()).put("reason", v.reason()));
        }
        return a;
    }

    void write(ArrayNode rejects) throws IOException {
        for (JsonNode r : rejects) {
            out.write(r.toString());
            out.write('\n');
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
