package io.onefold.core.matching;

import io.onefold.core.error.ValidationException;
import io.onefold.core.error.Violation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads labelled CSV text (a header line, then one record per line, RFC 4180 quoting within a line) into records of
 * one source; the caller reads the file.
 */
public final class LabelledCsv {
    private LabelledCsv() {}

    public static List<LabelledRecord> parse(String text, String source, String idColumn, String truthColumn) {
        List<String> lines = text.lines().toList();
        if (lines.isEmpty()) throw new ValidationException(List.of(new Violation("csv", "is empty")));
        List<String> header = fields(lines.getFirst());
        List<Violation> missing = new ArrayList<>();
        for (String required : List.of(idColumn, truthColumn)) {
            if (!header.contains(required)) missing.add(new Violation(required, "is not a column; columns are " + header));
        }
        if (!missing.isEmpty()) throw new ValidationException(missing);
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
