package io.onefold.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generated JSON values for properties of the canonical form: nested objects whose keys arrive sorted or not, text with
 * every kind of character (escapes, controls, non-Latin-1, surrogate pairs and unpaired halves), and numbers of every
 * node type and shape (1.0, -0, 1e400, 1e-41, 41-digit integers, doubles).
 */
public final class JsonValues {
    private static final JsonNodeFactory NODES = Json.NODES;
    private static final List<String> NUMBER_TEXTS = List.of("1.0", "1", "-0", "-0.0", "0E-10", "1e400", "1E+400", "-1e-400",
            "1e40", "1e41", "1e-40", "1e-41", "123456789012345678901234567890123456789012", "0.1", "2.50", "1200.50",
            "9223372036854775807", "9223372036854775808", "-9223372036854775809", "2147483648", "1.5E-3");

    private JsonValues() {}

    /** Any JSON value, nested up to three levels. */
    public static Arbitrary<JsonNode> values() {
        return value(3);
    }

    /** Text as JSON can carry it: escapes, control characters, any UTF-16 unit (unpaired surrogates included). */
    public static Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings().alpha().numeric().withChars("_@.-").ofMaxLength(12),
                Arbitraries.strings().withChars("\"\\/\u0000\u0001\u001f\u007f\n\r\t\b\f aZé€\u2028\ud83d\ude00\ud800\udfff")
                        .ofMaxLength(10),
                Arbitraries.strings().all().ofMaxLength(10));
    }

    private static Arbitrary<JsonNode> value(int depth) {
        if (depth == 0) return scalars();
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, scalars()),
                net.jqwik.api.Tuple.of(1, arrays(depth - 1)),
                net.jqwik.api.Tuple.of(2, objects(depth - 1)));
    }

    private static Arbitrary<JsonNode> arrays(int depth) {
        return value(depth).list().ofMaxSize(5).map(items -> {
            ArrayNode a = NODES.arrayNode();
            items.forEach(a::add);
            return a;
        });
    }

    /** Keys inserted in the map's (arbitrary) order, or sorted: both paths of the writer. */
    private static Arbitrary<JsonNode> objects(int depth) {
        Arbitrary<Map<String, JsonNode>> fields = Arbitraries.maps(texts(), value(depth)).ofMaxSize(6);
        return Combinators.combine(fields, Arbitraries.of(false, true)).as((map, sorted) -> {
            List<String> names = new ArrayList<>(map.keySet());
            if (sorted) names.sort(null);
            ObjectNode o = NODES.objectNode();
            names.forEach(n -> o.set(n, map.get(n)));
            return o;
        });
    }

    private static Arbitrary<JsonNode> scalars() {
        return Arbitraries.oneOf(
                texts().map(NODES::textNode),
                Arbitraries.integers().map(i -> (JsonNode) NODES.numberNode(i)),
                Arbitraries.longs().map(l -> (JsonNode) NODES.numberNode(l)),
                Arbitraries.shorts().map(s -> (JsonNode) NODES.numberNode(s)),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(60).negate(), BigInteger.TEN.pow(60))
                        .map(b -> (JsonNode) NODES.numberNode(b)),
                decimals().map(d -> (JsonNode) NODES.numberNode(d)),
                Arbitraries.doubles().map(d -> (JsonNode) NODES.numberNode(d)),
                Arbitraries.floats().map(f -> (JsonNode) NODES.numberNode(f)),
                Arbitraries.of(NUMBER_TEXTS).map(t -> (JsonNode) NODES.numberNode(new BigDecimal(t))),
                Arbitraries.of(NODES.booleanNode(true), NODES.booleanNode(false), NODES.nullNode()));
    }

    /** Unscaled values with trailing zeros or not, scales from -500 (1e500) to 500 (1e-500). */
    private static Arbitrary<BigDecimal> decimals() {
        Arbitrary<BigInteger> unscaled = Arbitraries.oneOf(
                Arbitraries.bigIntegers().between(BigInteger.valueOf(-100_000), BigInteger.valueOf(100_000)),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(45).negate(), BigInteger.TEN.pow(45)));
        Arbitrary<Integer> scale = Arbitraries.oneOf(Arbitraries.integers().between(-50, 50), Arbitraries.integers().between(-500, 500));
        return Combinators.combine(unscaled, scale).as(BigDecimal::new);
    }
}
