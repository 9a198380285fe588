package io.onefold.benchmarks.matching;

import io.onefold.core.matching.LabelledRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a labelled CSV file (header line, RFC 4180 quoting, one record per line) into records of one source. */
final class LabelledCsv {
    private LabelledCsv() {}

    static List<LabelledRecord> read(Path file, String source, String idColumn, String truthColumn) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) throw new IOException(file + " is empty");
        List<String> header = fields(lines.getFirst());
        for (String required : List.of(idColumn, truthColumn)) {
            if (!header.contains(required)) throw new IOException(file + " has no column '" + required + "'; columns are " + header);
        }
        List<LabelledRecord> records = new ArrayList<>();
        for (int n = 1; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) continue;
            List<String> cells = fields(lines.get(n));
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) values.put(header.get(i), i < cells.size() ? cells.get(i) : "");
            records.add(new LabelledRecord(values.get(idColumn), source, values.get(truthColumn), values));
        }
        return records;
    }

    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        out.add(cell.toString());
        return out;
    }
}
