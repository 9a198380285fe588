package io.onefold.cli.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.json.Json;
import io.onefold.core.schema.AttributeDefinition;
import io.onefold.core.schema.ProfileTemplate;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns CSV rows into upsert bodies. The columns {@code source_record_id}, {@code observed_at}, {@code profile_id}
 * and {@code explicit} are recognized by name; every other column is the attribute of the same name, unless
 * {@code --map column=attribute} renames it ({@code --map column=-} ignores it). Cells are typed by the active
 * template: numbers and integers as JSON numbers, booleans as true/false, objects and arrays as JSON text, a
 * {@code multiple} attribute as a JSON array or a {@code ;}-separated list; an empty cell means the attribute is
 * absent. A cell that does not fit its type is passed on as text, so the validator refuses it with the same message
 * as {@code POST /profiles} would.
 */
final class CsvMapping {
    private static final String IGNORED = "-";
    private final String source;
    private final String[] targets;
    private final AttributeDefinition[] definitions;

    CsvMapping(String headerLine, Map<String, String> renames, String source, ProfileTemplate template) {
        this.source = source;
        List<String> header = cells(headerLine);
        this.targets = new String[header.size()];
        this.definitions = new AttributeDefinition[header.size()];
        List<String> unknownRenames = new ArrayList<>(renames.keySet());
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i).strip();
            if (i == 0 && column.startsWith("\uFEFF")) column = column.substring(1);
            String target = renames.getOrDefault(column, column);
            unknownRenames.remove(column);
            targets[i] = target;
            definitions[i] = template == null ? null : template.attribute(target).orElse(null);
        }
        if (!unknownRenames.isEmpty()) {
            throw new IllegalArgumentException("--map names columns the header lacks: " + String.join(", ", unknownRenames) + " (header: " + String.join(", ", header) + ")");
        }
    }

    /** The upsert body of one row; throws {@link IllegalArgumentException} when the row's shape is wrong. */
    ObjectNode body(byte[] row) {
        List<String> cells = cells(new String(row, StandardCharsets.UTF_8));
        if (cells.size() != targets.length) {
            throw new IllegalArgumentException("has " + cells.size() + " cells, the header " + targets.length);
        }
        ObjectNode body = Json.object();
        body.put("source", source);
        ObjectNode data = body.putObject("profile_data");
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            String target = targets[i];
            if (cell.isEmpty() || IGNORED.equals(target)) continue;
            switch (target) {
                case "source_record_id", "observed_at", "profile_id" -> body.put(target, cell);
                case "explicit" -> {
                    ArrayNode a = body.putArray("explicit");
                    for (String s : cell.split(";")) if (!s.isBlank()) a.add(s.strip());
                }
                default -> data.set(target, typed(cell, definitions[i]));
            }
        }
        return body;
    }

    static JsonNode typed(String cell, AttributeDefinition def) {
        if (def == null) return Json.NODES.textNode(cell);
        if (!def.single()) {
            if (cell.startsWith("[")) return json(cell);
            ArrayNode a = Json.NODES.arrayNode();
            for (String part : cell.split(";")) if (!part.isBlank()) a.add(scalar(part.strip(), def));
            return a;
        }
        return scalar(cell, def);
    }

    private static JsonNode scalar(String cell, AttributeDefinition def) {
        switch (def.type()) {
            case NUMBER, INTEGER -> {
                try {
                    return Json.NODES.numberNode(new BigDecimal(cell.strip()));
                } catch (NumberFormatException e) {
                    return Json.NODES.textNode(cell);
                }
            }
            case BOOLEAN -> {
                if (cell.equalsIgnoreCase("true")) return Json.NODES.booleanNode(true);
                if (cell.equalsIgnoreCase("false")) return Json.NODES.booleanNode(false);
                return Json.NODES.textNode(cell);
            }
            case OBJECT, ARRAY -> {
                return json(cell);
            }
            default -> {
                return Json.NODES.textNode(cell);
            }
        }
    }

    private static JsonNode json(String cell) {
        try {
            return Json.MAPPER.readTree(cell);
        } catch (IOException e) {
            return Json.NODES.textNode(cell);
        }
    }

    /** RFC 4180 cells of one record: comma-separated, double quotes around a cell that holds commas, quotes or line breaks. */
    static List<String> cells(String record) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < record.length(); i++) {
            char ch = record.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < record.length() && record.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else quoted = false;
                } else cell.append(ch);
            } else if (ch == '"') quoted = true;
            else if (ch == ',') {
                out.add(cell.toString());
                cell.setLength(0);
            } else cell.append(ch);
        }
        if (quoted) throw new IllegalArgumentException("has an unterminated quoted cell");
        out.add(cell.toString());
        return out;
    }
}
