package io.onefold.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Canonical JSON: object keys sorted, numbers in their shortest exact form, no whitespace.
 * Two values are "the same value" for the engine exactly when their canonical forms are equal,
 * and every tie between contributions ends on this string, so it must never depend on the
 * order keys arrived in or on how a number was written ({@code 1.0} and {@code 1} are equal).
 */
public final class CanonicalJson {
    private CanonicalJson() {}

    public static String of(JsonNode node) {
        // the commonest values (a contribution's text or integer) need no builder: one exact-size string
        if (node != null && node.isTextual()) {
            String text = node.textValue();
            if (plainPrefix(text) == text.length()) return '"' + text + '"';
        } else if (node != null && (node.isInt() || node.isLong())) {
            return Long.toString(node.longValue());
        }
        StringBuilder out = new StringBuilder(node != null && node.isContainerNode() ? 256 : 32);
        write(node, out);
        return out.toString();
    }

    /** A copy of {@code node} with sorted keys and normalized numbers. */
    public static JsonNode normalize(JsonNode node) {
        if (node == null || node.isNull()) return Json.NODES.nullNode();
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            ObjectNode copy = Json.NODES.objectNode();
            for (String name : names) copy.set(name, normalize(node.get(name)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = Json.NODES.arrayNode();
            for (JsonNode item : node) copy.add(normalize(item));
            return copy;
        }
        if (node.isNumber()) return number(node.decimalValue());
        return node;
    }

    /** Beyond this many digits of exponent a number is written in scientific form: 1e999999999 stays 9 bytes. */
    private static final int PLAIN_DIGITS = 40;

    public static JsonNode number(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() <= 0 && (long) stripped.precision() - stripped.scale() <= PLAIN_DIGITS) {
            BigInteger integer = stripped.toBigIntegerExact();
            // the node type parsing the canonical text gives back: a value decoded from a store equals the one validated
            if (integer.bitLength() < 32) return Json.NODES.numberNode(integer.intValue());
            if (integer.bitLength() < 64) return Json.NODES.numberNode(integer.longValue());
            return Json.NODES.numberNode(integer);
        }
        return Json.NODES.numberNode(stripped);
    }

    /**
     * Appends the canonical form of {@code node} to {@code out}: the building block of encoders that write canonical JSON
     * straight from their values (keys they write themselves must come in {@link String#compareTo} order).
     */
    public static void write(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            writeObject(node, out);
        } else if (node.isArray()) {
            out.append('[');
            Iterator<JsonNode> items = node.elements();
            boolean first = true;
            while (items.hasNext()) {
                if (!first) out.append(',');
                first = false;
                write(items.next(), out);
            }
            out.append(']');
        } else if (node.isTextual()) {
            quote(node.textValue(), out);
        } else if (node.isInt() || node.isLong()) {
            out.append(node.longValue());
        } else if (node.isNumber()) {
            out.append(numberText(node.decimalValue()));
        } else {
            out.append(node.asText());
        }
    }

    /** Shortest exact text: plain for ordinary magnitudes, scientific ({@code 1E+999999999}) for huge or tiny ones. */
    static String numberText(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        int scale = stripped.scale();
        long digitsLeft = (long) stripped.precision() - scale;
        if (scale <= 0 && digitsLeft <= PLAIN_DIGITS) return stripped.toBigIntegerExact().toString();
        if (scale > 0 && scale <= PLAIN_DIGITS) return stripped.toPlainString();
        return stripped.toString();
    }

    @SuppressWarnings("unchecked")
    private static void writeObject(JsonNode node, StringBuilder out) {
        // nodes built from canonical text or in sorted order (golden profiles, diffs) are written as they stand;
        // the others are sorted first
        Map.Entry<String, JsonNode>[] fields = null;
        String previous = null;
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (previous != null && previous.compareTo(name) > 0) {
                fields = new Map.Entry[node.size()];
                int i = 0;
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) fields[i++] = it.next();
                Arrays.sort(fields, Map.Entry.comparingByKey());
                break;
            }
            previous = name;
        }
        out.append('{');
        if (fields == null) {
            boolean first = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!first) out.append(',');
                first = false;
                quote(f.getKey(), out);
                out.append(':');
                write(f.getValue(), out);
            }
        } else {
            for (int i = 0; i < fields.length; i++) {
                if (i > 0) out.append(',');
                quote(fields[i].getKey(), out);
                out.append(':');
                write(fields[i].getValue(), out);
            }
        }
        out.append('}');
    }

    /** Appends {@code text} as a JSON string: only the quote, the backslash and control characters are escaped. */
    public static void quote(String text, StringBuilder out) {
        out.append('"');
        int plain = plainPrefix(text);
        // the common case: nothing to escape, one copy
        if (plain == text.length()) {
            out.append(text).append('"');
            return;
        }
        out.append(text, 0, plain);
        for (int i = plain; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }

    /** How many leading characters of {@code text} need no escape. */
    private static int plainPrefix(String text) {
        int plain = 0;
        while (plain < text.length()) {
            char c = text.charAt(plain);
            if (c < 0x20 || c == '"' || c == '\\') break;
            plain++;
        }
        return plain;
    }

    /** Sorted-key view of a map, for deterministic output of maps built in arbitrary order. */
    public static <V> java.util.SortedMap<String, V> sorted(Map<String, V> map) {
        return new java.util.TreeMap<>(map);
    }
}
