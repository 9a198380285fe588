package io.onefold.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The oracle for {@link CanonicalJsonProperties}: {@link CanonicalJson}'s writer as it was before it was made faster
 * (commit 7e37f64), kept verbatim so that the canonical form — a contract of every stored row and event — can be
 * checked byte for byte against it.
 */
final class CanonicalJsonBefore {
    private CanonicalJsonBefore() {}

    public static String of(JsonNode node) {
        StringBuilder out = new StringBuilder(256);
        write(node, out);
        return out.toString();
    }

    private static final int PLAIN_DIGITS = 40;

    private static void write(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            // fields in one pass, sorted only when they are not already (nodes built from canonical text or sorted maps)
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.size());
            boolean sorted = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (sorted && !fields.isEmpty() && fields.get(fields.size() - 1).getKey().compareTo(f.getKey()) > 0) sorted = false;
                fields.add(f);
            }
            if (!sorted) fields.sort(Map.Entry.comparingByKey());
            out.append('{');
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) out.append(',');
                quote(fields.get(i).getKey(), out);
                out.append(':');
                write(fields.get(i).getValue(), out);
            }
            out.append('}');
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

    private static void quote(String text, StringBuilder out) {
        out.append('"');
        int plain = 0;
        while (plain < text.length()) {
            char c = text.charAt(plain);
            if (c < 0x20 || c == '"' || c == '\\') break;
            plain++;
        }
        // the common case: nothing to escape, one copy
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

}
