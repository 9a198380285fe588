package io.onefold.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.core.error.Violation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Finds text that no store can keep: a JSON escape such as {@code "\ud800"} gives Jackson a string holding half a
 * surrogate pair, which has no UTF-8 form — SQLite and PostgreSQL would store it as {@code ?} or refuse the row.
 * Such input is refused up front, naming each field that holds it.
 */
public final class UnpairedSurrogates {
    private static final String REASON = "contains an unpaired UTF-16 surrogate (half of a \\uD800-\\uDFFF pair), which is not text";

    private UnpairedSurrogates() {}

    /** A violation for each field of {@code node} (paths under {@code path}) whose text holds an unpaired surrogate. */
    public static List<Violation> in(JsonNode node, String path) {
        List<Violation> out = new ArrayList<>();
        collect(node, path, out);
        return out;
    }

    private static void collect(JsonNode node, String path, List<Violation> out) {
        if (node == null) return;
        if (node.isTextual()) {
            if (has(node.textValue())) out.add(new Violation(path, REASON));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) collect(node.get(i), path + "[" + i + "]", out);
        } else if (node.isObject()) {
            // (Jackson itself refuses an unpaired surrogate in a field name)
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                collect(f.getValue(), FieldReader.join(path, f.getKey()), out);
            }
        }
    }

    /** Whether {@code s} holds a high surrogate not followed by a low one, or a low one not preceded by a high one. */
    public static boolean has(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) i++;
                else return true;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
