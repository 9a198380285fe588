package io.onefold.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.json.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link JsonBytes} renders exactly the bytes the API answered before it: {@code node.toString()} encoded in UTF-8. */
class JsonBytesTest {

    private static byte[] expected(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void every_character_of_the_basic_plane_is_written_as_before() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < Character.MIN_SURROGATE; c++) all.append(c);
        for (int c = Character.MAX_SURROGATE + 1; c <= 0xFFFF; c++) all.append((char) c);
        ObjectNode node = Json.object().put("all", all.toString());
        node.put(all.substring(0, 3000), "a key of control characters, quotes and accents");

        assertThat(JsonBytes.of(node)).isEqualTo(expected(node));
    }

    @Test
    void characters_beyond_the_basic_plane_are_four_utf8_bytes_not_escaped_halves() {
        ObjectNode node = Json.object().put("name", "Zoë 😀 𝄞 \uD83D\uDC4D").put("😀", "key");

        byte[] bytes = JsonBytes.written(node);

        assertThat(bytes).as("written straight, not through the String").isEqualTo(expected(node));
        assertThat(JsonBytes.of(node)).isEqualTo(expected(node));
        assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("\\u").contains("😀");
    }

    @Test
    void lone_surrogates_are_written_as_before() {
        for (String s : new String[] {"lone \uD800 high", "lone \uDC00 low", "ends high \uD83D", "\uDE00\uD83D reversed", "\uDFFF"}) {
            ObjectNode node = Json.object().put("message", s);
            node.put(s, 1);
            assertThat(JsonBytes.of(node)).as(s).isEqualTo(expected(node));
        }
    }

    @Test
    void an_escaped_backslash_before_u_d800_text_is_not_taken_for_a_lone_surrogate() {
        ObjectNode node = Json.object().put("text", "\\uD800 is how JSON escapes a lone surrogate");

        assertThat(JsonBytes.escapesLoneSurrogate(JsonBytes.of(node))).isFalse();
        assertThat(JsonBytes.of(node)).isEqualTo(expected(node));
        assertThat(JsonBytes.escapesLoneSurrogate("{\"a\":\"\\\\\\uD800\"}".getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(JsonBytes.escapesLoneSurrogate("{\"a\":\"\\\\uD800\"}".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(JsonBytes.escapesLoneSurrogate("{\"a\":\"\\u00e9\\udbff\"}".getBytes(StandardCharsets.US_ASCII))).isTrue();
    }

    @Test
    void numbers_of_every_kind_are_written_as_before() {
        ArrayNode numbers = Json.object().putArray("n");
        for (String d : new String[] {"0", "0.1", "-0.0", "1E+3", "1e-400", "123456789012345678901234567890.000001", "1.0E+308", "-5E-324"}) {
            numbers.add(new BigDecimal(d));
        }
        numbers.add(Double.NaN).add(Double.POSITIVE_INFINITY).add(-0.0d).add(1e300).add(0.1f).add(Long.MIN_VALUE).add(Integer.MAX_VALUE)
                .add(new BigInteger("123456789012345678901234567890")).add((short) 7);
        JsonNode node = numbers;

        assertThat(JsonBytes.of(node)).isEqualTo(expected(node));
    }

    @Test
    void random_trees_are_written_as_before() {
        Random random = new Random(20261128);
        for (int i = 0; i < 2000; i++) {
            JsonNode node = tree(random, 0, random.nextBoolean() ? Json.NODES : JsonNodeFactory.instance);
            assertThat(JsonBytes.of(node)).as("%s", node).isEqualTo(expected(node));
            if (!JsonBytes.escapesLoneSurrogate(JsonBytes.written(node))) assertThat(JsonBytes.written(node)).as("%s", node).isEqualTo(expected(node));
        }
    }

    private static JsonNode tree(Random random, int depth, JsonNodeFactory nodes) {
        int kind = depth > 4 ? random.nextInt(6) : random.nextInt(8);
        return switch (kind) {
            case 0 -> nodes.textNode(text(random));
            case 1 -> nodes.numberNode(random.nextLong() >> random.nextInt(64));
            case 2 -> nodes.numberNode(new BigDecimal(BigInteger.valueOf(random.nextLong()), random.nextInt(40) - 20));
            case 3 -> nodes.numberNode(Double.longBitsToDouble(random.nextLong()));
            case 4 -> random.nextBoolean() ? nodes.booleanNode(random.nextBoolean()) : nodes.nullNode();
            case 5 -> nodes.binaryNode(text(random).getBytes(StandardCharsets.UTF_8));
            case 6 -> {
                ObjectNode o = nodes.objectNode();
                for (int i = random.nextInt(5); i > 0; i--) o.set(text(random), tree(random, depth + 1, nodes));
                yield o;
            }
            default -> {
                ArrayNode a = nodes.arrayNode();
                for (int i = random.nextInt(5); i > 0; i--) a.add(tree(random, depth + 1, nodes));
                yield a;
            }
        };
    }

    /** Mostly ASCII with escapes, some Latin-1 and other planes, rarely a lone surrogate. */
    private static String text(Random random) {
        String alphabet = "abcXYZ019 _-.:/\\\"\n\t\u0000\u001f\u007f\u0080éß€\u2028\uFFFD\uFEFF";
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            int pick = random.nextInt(40);
            if (pick == 0) s.appendCodePoint(0x10000 + random.nextInt(0x100000));
            else if (pick == 1 && random.nextInt(10) == 0) s.append((char) (Character.MIN_SURROGATE + random.nextInt(0x800)));
            else s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
