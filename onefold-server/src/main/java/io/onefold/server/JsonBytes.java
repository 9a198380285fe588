package io.onefold.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;

/**
 * A JSON answer's bytes, rendered by Jackson straight into UTF-8 rather than into a String that is then encoded: the
 * very bytes {@code node.toString().getBytes(UTF_8)} gives (what the API always answered), without the String.
 *
 * <p>Two things keep them equal. The writer is a default {@link JsonMapper}'s, as {@link JsonNode#toString()} uses
 * (not the configured {@code Json.MAPPER}). And a character outside the BMP is written as its four UTF-8 bytes
 * ({@link JsonWriteFeature#COMBINE_UNICODE_SURROGATES_IN_UTF8}), where Jackson's byte writer would otherwise escape
 * each half as {@code \uD83D\uDE00}. A lone surrogate (only an error message quoting an undecodable body can carry
 * one) is still escaped by that writer, where encoding the String gives {@code ?}: such an answer is rendered
 * through the String, as before.
 */
final class JsonBytes {
    private static final ObjectWriter WRITER = new JsonMapper(JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build()).writer();

    private JsonBytes() {}

    static byte[] of(JsonNode node) {
        byte[] bytes = written(node);
        return bytes != null && !escapesLoneSurrogate(bytes) ? bytes : node.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Jackson's UTF-8 rendering of {@code node}, or null when it fails (the String rendering then fails as it did). */
    static byte[] written(JsonNode node) {
        try {
            return WRITER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /**
     * Whether the JSON text has an escape {@code \\uD800}…{@code \\uDFFF}: with surrogate pairs combined, the writer
     * escapes only lone surrogates so. A backslash occurs only inside strings, where it always starts an escape.
     */
    static boolean escapesLoneSurrogate(byte[] json) {
        for (int i = 0; i < json.length; i++) {
            if (json[i] != '\\') continue;
            if (i + 3 < json.length && json[i + 1] == 'u' && (json[i + 2] == 'D' || json[i + 2] == 'd') && isSurrogateSecondHexDigit(json[i + 3])) {
                return true;
            }
            i++; // the escaped character: the second backslash of an escaped backslash is not an escape
        }
        return false;
    }

    private static boolean isSurrogateSecondHexDigit(byte b) {
        return (b >= '8' && b <= '9') || (b >= 'A' && b <= 'F') || (b >= 'a' && b <= 'f');
    }
}
