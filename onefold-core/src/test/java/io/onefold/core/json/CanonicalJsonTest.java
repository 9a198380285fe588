package io.onefold.core.json;

import static io.onefold.core.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CanonicalJsonTest {

    private static String canonical(String text) {
        return CanonicalJson.of(json(text));
    }

    @Nested
    class Key_order {
        @Test
        void object_keys_are_sorted_whatever_order_they_arrived_in() {
            assertThat(canonical("{\"loyalty_tier\": \"Gold\", \"email\": \"a@example.com\", \"age\": 3}"))
                    .isEqualTo("{\"age\":3,\"email\":\"a@example.com\",\"loyalty_tier\":\"Gold\"}");
        }

        @Test
        void two_objects_with_the_same_members_in_another_order_are_the_same_value() {
            assertThat(canonical("{\"city\": \"Oakland\", \"line1\": \"9 New Street\"}"))
                    .isEqualTo(canonical("{\"line1\": \"9 New Street\", \"city\": \"Oakland\"}"));
        }

        @Test
        void keys_sort_by_their_characters_so_upper_case_comes_before_lower_case() {
            assertThat(canonical("{\"b\": 1, \"B\": 2, \"a\": 3, \"_\": 4}")).isEqualTo("{\"B\":2,\"_\":4,\"a\":3,\"b\":1}");
        }

        @Test
        void array_elements_keep_their_order() {
            assertThat(canonical("[\"voice\", \"chat\", \"email\"]")).isEqualTo("[\"voice\",\"chat\",\"email\"]");
        }
    }

    @Nested
    class Numbers {
        @Test
        void one_point_zero_and_one_are_the_same_value() {
            assertThat(canonical("1.0")).isEqualTo(canonical("1")).isEqualTo("1");
        }

        @ParameterizedTest(name = "{0} is written {1}")
        @CsvSource({"2.50, 2.5", "1200.50, 1200.5", "1e2, 100", "1E+2, 100", "1.5e3, 1500", "1.5E-3, 0.0015",
                "-0.0, 0", "0, 0", "-7, -7", "-7.10, -7.1", "0.1, 0.1", "100, 100"})
        void numbers_are_written_in_their_shortest_exact_form(String written, String expected) {
            assertThat(canonical(written)).isEqualTo(expected);
        }

        @Test
        void decimals_are_exact_never_rounded_through_floating_point() {
            assertThat(canonical("0.1000000000000000000000001")).isEqualTo("0.1000000000000000000000001");
        }

        @Test
        void big_integers_are_exact() {
            assertThat(canonical("123456789012345678901234567890")).isEqualTo("123456789012345678901234567890");
        }

        @Test
        void number_gives_a_node_whose_canonical_form_is_the_stripped_number() {
            assertThat(CanonicalJson.of(CanonicalJson.number(new BigDecimal("25.00")))).isEqualTo("25");
            assertThat(CanonicalJson.number(new BigDecimal("25.00")).isIntegralNumber()).isTrue();
            assertThat(CanonicalJson.of(CanonicalJson.number(new BigDecimal("25.50")))).isEqualTo("25.5");
        }

        @ParameterizedTest(name = "{0} is written in a few characters, without error")
        @ValueSource(strings = {"1e100000", "1e-100000", "1e999999999", "-1e999999999"})
        void a_number_with_a_huge_exponent_is_written_in_its_shortest_form_without_error(String written) {
            JsonNode hostile = json(written);
            assertThatCode(() -> CanonicalJson.of(hostile)).doesNotThrowAnyException();
            assertThat(CanonicalJson.of(hostile)).hasSizeLessThan(32);
        }
    }

    @Nested
    class Nesting {
        @Test
        void nested_objects_and_arrays_are_canonical_at_every_depth() {
            assertThat(canonical("""
                    {"purchase_history": [{"total": 25.0, "order_id": "O-1"}, {"order_id": "O-2", "total": 4.00e1}],
                     "address": {"geo": {"lon": -122.270, "lat": 37.80}, "city": "Oakland"}}"""))
                    .isEqualTo("{\"address\":{\"city\":\"Oakland\",\"geo\":{\"lat\":37.8,\"lon\":-122.27}},"
                            + "\"purchase_history\":[{\"order_id\":\"O-1\",\"total\":25},{\"order_id\":\"O-2\",\"total\":40}]}");
        }

        @Test
        void literals_and_empty_containers_are_written_plainly() {
            assertThat(canonical("{\"a\": null, \"b\": true, \"c\": false, \"d\": [], \"e\": {}}"))
                    .isEqualTo("{\"a\":null,\"b\":true,\"c\":false,\"d\":[],\"e\":{}}");
        }

        @Test
        void a_missing_or_null_node_is_null() {
            assertThat(CanonicalJson.of(null)).isEqualTo("null");
            assertThat(CanonicalJson.of(Json.NODES.missingNode())).isEqualTo("null");
        }

        @Test
        void normalize_sorts_keys_and_numbers_at_every_depth_without_changing_the_canonical_form() {
            JsonNode raw = json("{\"b\": [{\"y\": 1.0, \"x\": 2.50}], \"a\": 3}");
            JsonNode normalized = CanonicalJson.normalize(raw);
            assertThat(normalized.toString()).isEqualTo("{\"a\":3,\"b\":[{\"x\":2.5,\"y\":1}]}");
            assertThat(CanonicalJson.of(normalized)).isEqualTo(CanonicalJson.of(raw));
        }

        @Test
        void normalize_leaves_its_input_untouched() {
            JsonNode raw = json("{\"b\": 1.0, \"a\": 2}");
            CanonicalJson.normalize(raw);
            assertThat(raw.toString()).isEqualTo("{\"b\":1.0,\"a\":2}");
        }
    }

    @Nested
    class Escaping {
        @Test
        void quotes_and_backslashes_are_escaped() {
            assertThat(CanonicalJson.of(Json.NODES.textNode("say \"hi\" \\ bye"))).isEqualTo("\"say \\\"hi\\\" \\\\ bye\"");
        }

        @Test
        void newline_carriage_return_and_tab_use_their_short_escapes() {
            assertThat(CanonicalJson.of(Json.NODES.textNode("a\nb\rc\td"))).isEqualTo("\"a\\nb\\rc\\td\"");
        }

        @Test
        void other_control_characters_are_escaped_as_unicode() {
            assertThat(CanonicalJson.of(Json.NODES.textNode("a\u0001b\u001fc"))).isEqualTo("\"a\\u0001b\\u001fc\"");
        }

        @Test
        void non_ascii_text_is_written_as_is() {
            assertThat(CanonicalJson.of(Json.NODES.textNode("Zoë – 東京 😀"))).isEqualTo("\"Zoë – 東京 😀\"");
        }

        @Test
        void keys_are_escaped_like_values() {
            assertThat(canonical("{\"a\\\"b\": 1}")).isEqualTo("{\"a\\\"b\":1}");
        }

        @Test
        void the_canonical_form_is_json_that_reads_back_as_the_same_value() throws Exception {
            JsonNode tricky = json("""
                    {"text": "quote \\" backslash \\\\ slash / bell \\u0007 backspace \\b formfeed \\f nul \\u0000 sep \\u2028",
                     "nested": [{"k\\n": "v\\t"}]}""");
            String canonical = CanonicalJson.of(tricky);
            assertThat(CanonicalJson.of(Json.parse(canonical))).isEqualTo(canonical);
            assertThat(Json.parse(canonical)).isEqualTo(CanonicalJson.normalize(tricky));
        }
    }
}
