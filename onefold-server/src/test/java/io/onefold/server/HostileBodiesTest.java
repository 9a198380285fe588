package io.onefold.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * A client error is never a 500: a few hundred random and hostile bodies (random bytes, wrong types everywhere, arrays
 * instead of objects, unicode, very long strings), each certainly invalid, get a 4xx in the error shape — at
 * {@code POST /profiles}, line by line at {@code POST /profiles/bulk}, and at the configuration routes. Seeded, so a
 * failure names a body that reproduces.
 */
class HostileBodiesTest extends OmnichannelServerTest {
    private static final long SEED = 20261128L;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    // ------------------------------------------------------------------ generators

    /** Values of every JSON type, hostile ones included. */
    private static JsonNode anyValue(Random r) {
        return switch (r.nextInt(15)) {
            case 13 -> F.numberNode(new java.math.BigDecimal("1E+2147483647"));
            case 0 -> F.nullNode();
            case 1 -> F.booleanNode(r.nextBoolean());
            case 2 -> F.numberNode(r.nextLong());
            case 3 -> F.numberNode(new java.math.BigDecimal("1e999999999"));
            case 4 -> F.numberNode(r.nextDouble() * 1e300);
            case 5 -> F.textNode(unicode(r, 1 + r.nextInt(40)));
            case 6 -> F.textNode("x".repeat(10_000 + r.nextInt(200_000)));
            case 7 -> F.arrayNode().add(anyValue(r)).add(F.textNode("a"));
            case 8 -> F.objectNode().set(unicode(r, 5), F.numberNode(1));
            case 9 -> F.textNode("");
            case 10 -> F.textNode("\u0000\u0001\u001f");
            case 11 -> F.arrayNode();
            case 12 -> F.objectNode();
            default -> F.textNode("'; DROP TABLE profiles; --");
        };
    }

    private static String unicode(Random r, int length) {
        String[] pieces = {"é", "ß", "漢字", "😀", "\u202e", "עברית", "\u200b", "Ω", "\ufeff", "👨‍👩‍👧", "\\", "\"", "a", "Z", "@", "+", " "};
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) out.append(pieces[r.nextInt(pieces.length)]);
        return out.toString();
    }

    private static ObjectNode validBase(Random r) {
        ObjectNode body = F.objectNode();
        body.put("source", "salesforce_crm");
        ObjectNode data = body.putObject("profile_data");
        data.put("email", "fuzz" + r.nextInt(1_000_000) + "@example.com");
        data.put("loyalty_tier", "Gold");
        return body;
    }

    /** One mutation that, whatever else the body holds, makes it invalid. */
    private static void breakIt(Random r, ObjectNode body) {
        ObjectNode data = body.get("profile_data") instanceof ObjectNode o ? o : body.putObject("profile_data");
        JsonNode wrongForString = pick(r, F.numberNode(42), F.booleanNode(true), F.objectNode().put("a", 1), F.arrayNode().add(1).add(2),
                F.numberNode(new java.math.BigDecimal("1e999999999")), F.numberNode(new java.math.BigDecimal("1E+2147483647")));
        switch (r.nextInt(22)) {
            case 0 -> body.set("source", wrongForString);
            case 1 -> body.put("source", unicode(r, 1 + r.nextInt(10)) + "-not-a-source");
            case 2 -> body.put("source", "s".repeat(300));
            case 3 -> body.set("profile_data", pick(r, F.textNode("x"), F.numberNode(1), F.arrayNode().add(F.objectNode()), F.booleanNode(false)));
            case 4 -> data.set("email", pick(r, F.numberNode(7), F.objectNode(), F.arrayNode().add("a@x.com").add("b@x.com"), F.textNode("no-at-sign"),
                    F.textNode(unicode(r, 8).replace("@", "")), F.textNode("a".repeat(400) + "@x.com")));
            case 5 -> data.set("loyalty_tier", wrongForString);
            case 6 -> data.set("lifetime_value", pick(r, F.textNode("lots"), F.objectNode(), F.booleanNode(true), F.numberNode(new java.math.BigDecimal("-1e999999999"))));
            case 7 -> data.set("customer_since", pick(r, F.textNode("last spring"), F.numberNode(20260101), F.objectNode(), F.textNode(unicode(r, 10))));
            case 8 -> data.set("purchase_history", pick(r, F.textNode("orders"), F.numberNode(5), F.objectNode().put("order_id", 1), F.booleanNode(true)));
            case 9 -> data.set("postal_address", pick(r, F.textNode("12 High St"), F.numberNode(12), F.arrayNode().add("12 High St").add("x"), F.booleanNode(true)));
            case 10 -> data.set(unicode(r, 1 + r.nextInt(12)) + "_unknown", anyValue(r));
            case 11 -> body.set(unicode(r, 1 + r.nextInt(8)) + "_extra", anyValue(r));
            case 12 -> body.set("observed_at", pick(r, F.textNode("yesterday"), F.numberNode(1_700_000_000), F.textNode("2999-01-01T00:00:00Z"),
                    F.objectNode(), F.textNode("2026-13-45T99:99:99Z")));
            case 13 -> body.set("source_record_id", pick(r, F.objectNode(), F.arrayNode().add("a"), F.booleanNode(true), F.textNode(" "),
                    F.textNode("r".repeat(600)), F.numberNode(1.5)));
            case 14 -> body.set("explicit", pick(r, F.textNode("loyalty_tier"), F.arrayNode().add(1), F.arrayNode().add("no_such_attribute"), F.objectNode()));
            case 15 -> body.set("profile_id", pick(r, F.numberNode(42), F.objectNode(), F.textNode(unicode(r, 6)), F.textNode("01900000-0000-7000-8000-000000000000")));
            case 16 -> data.set("phone_number", pick(r, F.textNode("no digits"), F.numberNode(5550199), F.objectNode(), F.textNode(unicode(r, 6).replaceAll("[0-9]", "")),
                    tooManyPhones()));
            case 17 -> data.set("household_phone", pick(r, F.arrayNode().add("+14155550100").add("+14155550101"), F.objectNode(), F.textNode("none")));
            case 18 -> data.set("interaction_channels", pick(r, F.arrayNode().add(F.nullNode()), F.arrayNode().add(1), F.objectNode()));
            case 19 -> body.remove("source");
            case 20 -> body.remove("profile_data");
            default -> data.set("email", pick(r, F.textNode("a".repeat(321) + "@example.com"), F.numberNode(1), F.booleanNode(false)));
        }
    }

    private static ArrayNode tooManyPhones() {
        ArrayNode a = F.arrayNode();
        for (int i = 0; i < 6; i++) a.add("+1415555020" + i);
        return a;
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }

    /** Certainly-invalid bodies, as bytes: a mix of broken envelopes, wrong types, non-objects, random bytes, hostile text. */
    static List<byte[]> hostileBodies(long seed, int count) {
        return hostileBodies(seed, count, true);
    }

    /** @param invalidUtf8 whether to include valid upserts with invalid UTF-8 bytes inside a string */
    static List<byte[]> hostileBodies(long seed, int count, boolean invalidUtf8) {
        Random r = new Random(seed);
        List<byte[]> out = new ArrayList<>();
        List<Supplier<String>> shapes = List.of(
                () -> {
                    ObjectNode b = validBase(r);
                    int n = 1 + r.nextInt(3);
                    for (int i = 0; i < n; i++) breakIt(r, b);
                    return b.toString();
                },
                () -> "[" + validBase(r) + "]",
                () -> F.arrayNode().add(anyValue(r)).add(anyValue(r)).toString(),
                () -> anyValue(r).toString(),
                () -> validBase(r).toString().substring(0, 5 + r.nextInt(40)),
                () -> "{\"source\": \"salesforce_crm\", \"profile_data\": " + "[".repeat(1000 + r.nextInt(100_000)),
                () -> "{\"source\": \"salesforce_crm\", \"profile_data\": {\"loyalty_tier\": \"" + "\\u00e9".repeat(1000) + "\", \"email\": 1}}",
                () -> "{\"source\": \"salesforce_crm\", \"profile_data\": {\"email\": \"a@x.com\", \"loyalty_tier\": NaN}}",
                () -> "{\"source\": \"salesforce_crm\", \"profile_data\": {\"email\": \"a@x.com\", \"lifetime_value\": Infinity}}",
                () -> "{\"source\": \"salesforce_crm\", \"profile_data\": {\"email\": \"a@x.com\"}, /* comment */ }",
                () -> "\ufeff" + validBase(r).put("source", 7),
                () -> "{\"source\": \"salesforce_crm\", \"profile_data\": {\"email\": \"a@x.com\", \"email\": \"b@x.com\"}}",
                () -> "{\"source\": \"" + "\\ud800" + "\", \"profile_data\": {}}",
                () -> "null",
                () -> "true",
                () -> "\"" + unicode(r, 50) + "\"");
        for (int i = 0; i < count; i++) {
            int which = r.nextInt(shapes.size() + 2);
            if (which == shapes.size()) {
                byte[] bytes = new byte[1 + r.nextInt(2000)];
                r.nextBytes(bytes);
                bytes[0] = (byte) (0x80 | bytes[0]); // never a valid start of a JSON object
                out.add(bytes);
            } else if (which == shapes.size() + 1 && invalidUtf8) {
                // invalid UTF-8 inside an otherwise valid upsert
                byte[] head = "{\"source\": \"salesforce_crm\", \"profile_data\": {\"email\": \"a@x.com\", \"loyalty_tier\": \"".getBytes(StandardCharsets.UTF_8);
                byte[] tail = "\"}}".getBytes(StandardCharsets.UTF_8);
                byte[] bytes = new byte[head.length + 3 + tail.length];
                System.arraycopy(head, 0, bytes, 0, head.length);
                bytes[head.length] = (byte) 0xC3;
                bytes[head.length + 1] = (byte) 0x28;
                bytes[head.length + 2] = (byte) 0xFF;
                System.arraycopy(tail, 0, bytes, head.length + 3, tail.length);
                out.add(bytes);
            } else {
                out.add(shapes.get(which % shapes.size()).get().getBytes(StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static String shown(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > 240 ? text.substring(0, 240) + "… (" + body.length + " bytes)" : text;
    }

    // ------------------------------------------------------------------ the tests

    @Test
    void hundreds_of_hostile_upserts_each_get_a_4xx_in_the_error_shape() {
        List<byte[]> bodies = hostileBodies(SEED, 400);
        SoftAssertions soft = new SoftAssertions();
        for (int i = 0; i < bodies.size(); i++) {
            byte[] body = bodies.get(i);
            Api.Response r = api.request("POST", "/profiles").body(body, "application/json").send();
            soft.assertThat(r.status()).as("body #%d (seed %d): %s -> %s", i, SEED, shown(body), r).isBetween(400, 499);
            if (r.status() >= 400 && r.status() < 500) {
                try {
                    r.assertErrorShape();
                } catch (AssertionError e) {
                    soft.fail("body #%d: %s -> error shape: %s", i, shown(body), e.getMessage());
                }
            }
        }
        server.health();
        soft.assertAll();
    }

    @Test
    void hostile_lines_in_a_bulk_request_each_get_a_4xx_line_and_the_request_a_200() {
        List<byte[]> bodies = hostileBodies(SEED + 1, 300, false);
        java.io.ByteArrayOutputStream ndjson = new java.io.ByteArrayOutputStream();
        List<String> lines = new ArrayList<>();
        for (byte[] b : bodies) {
            byte[] line = b.clone();
            for (int i = 0; i < line.length; i++) if (line[i] == '\n' || line[i] == '\r') line[i] = ' ';
            if (new String(line, StandardCharsets.UTF_8).isBlank()) line = "{}".getBytes(StandardCharsets.UTF_8);
            lines.add(new String(line, StandardCharsets.UTF_8));
            ndjson.writeBytes(line);
            ndjson.write('\n');
        }
        Api.Response r = api.request("POST", "/profiles/bulk").body(ndjson.toByteArray(), "application/x-ndjson").send();
        r.expect(200);
        List<String> out = r.text().lines().filter(l -> !l.isBlank()).toList();
        assertThat(out).hasSize(lines.size());
        SoftAssertions soft = new SoftAssertions();
        for (int i = 0; i < out.size(); i++) {
            JsonNode result = Api.json(out.get(i));
            String input = lines.get(i).length() > 200 ? lines.get(i).substring(0, 200) + "…" : lines.get(i);
            soft.assertThat(result.get("line").asInt()).isEqualTo(i + 1);
            soft.assertThat(result.get("status").asInt()).as("line %d: %s -> %s", i + 1, input, result).isBetween(400, 499);
            soft.assertThat(result.at("/error/code").asText()).as("line %d", i + 1).isNotBlank();
            soft.assertThat(result.at("/error/details").isArray()).as("line %d", i + 1).isTrue();
        }
        soft.assertAll();
    }

    /** One line that makes the server throw must cost that line a 4xx, not the whole request a 500. */
    @Test
    void a_line_with_a_number_beyond_any_exponent_costs_that_line_only() {
        String ok1 = TestServer.unique("before") + "@example.com";
        String ok2 = TestServer.unique("after") + "@example.com";
        String ndjson = "{\"source\": \"salesforce_crm\", \"profile_data\": {\"email\": \"" + ok1 + "\"}}\n"
                + "{\"source\": \"salesforce_crm\", \"profile_data\": {\"email\": \"" + TestServer.unique("huge") + "@example.com\", \"postal_address\": {\"zip\": 1E+2147483647}}}\n"
                + "{\"source\": \"salesforce_crm\", \"profile_data\": {\"email\": \"" + ok2 + "\"}}\n";
        Api.Response r = api.request("POST", "/profiles/bulk").ndjson(ndjson).send();
        assertThat(r.status()).as("the bulk request: %s", r).isEqualTo(200);
        List<String> lines = r.text().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSize(3);
        assertThat(Api.json(lines.get(0)).get("status").asInt()).isEqualTo(201);
        assertThat(Api.json(lines.get(1)).get("status").asInt()).as("line 2: %s", lines.get(1)).isEqualTo(400);
        assertThat(Api.json(lines.get(2)).get("status").asInt()).isEqualTo(201);
    }

    /** POST /profiles answers these bytes 400 MALFORMED_JSON; a bulk line holding them must not be stored with U+FFFD instead. */
    @Test
    void a_bulk_line_with_invalid_utf8_is_refused_like_the_same_single_upsert() {
        String email = TestServer.unique("utf8") + "@example.com";
        byte[] head = ("{\"source\": \"salesforce_crm\", \"profile_data\": {\"email\": \"" + email + "\", \"loyalty_tier\": \"").getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\"}}\n".getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        line.writeBytes(head);
        line.write(0xC3);
        line.write(0x28);
        line.write(0xFF);
        line.writeBytes(tail);
        api.request("POST", "/profiles").body(line.toByteArray(), "application/json").send().expectError(400, "MALFORMED_JSON");

        Api.Response bulk = api.request("POST", "/profiles/bulk").body(line.toByteArray(), "application/x-ndjson").send().expect(200);
        JsonNode result = Api.json(bulk.text().lines().findFirst().orElseThrow());
        assertThat(result.get("status").asInt()).as("bulk line answered %s", result).isEqualTo(400);
        assertThat(result.at("/error/code").asText()).isEqualTo("MALFORMED_JSON");
        assertThat(api.get("/profiles?email=" + email).json().get("entities")).as("nothing stored").isEmpty();
    }

    @Test
    void hostile_configuration_bodies_get_a_4xx_in_the_error_shape() {
        Random r = new Random(SEED + 2);
        SoftAssertions soft = new SoftAssertions();
        List<String> fields = List.of("template_name", "description", "attributes", "rule_name", "sources", "attribute_rules", "default_strategy",
                "identifier_authority");
        for (int i = 0; i < 120; i++) {
            boolean template = r.nextBoolean();
            ObjectNode body = Api.json(TestServer.example(template ? "omnichannel-template.json" : "omnichannel-rules.json"));
            body.put(template ? "template_name" : "rule_name", "Fuzz" + i);
            String target = pick(r, fields.toArray(String[]::new));
            if (r.nextBoolean() && body.get(template ? "attributes" : "attribute_rules") instanceof ArrayNode list && !list.isEmpty()) {
                ObjectNode element = (ObjectNode) list.get(r.nextInt(list.size()));
                String key = pick(r, "name", "type", "cardinality", "is_identifier", "normalization", "max_values", "links_profiles", "blocked_values",
                        "attribute_name", "resolution_strategy", "staleness_threshold", "override_sources", "key");
                element.set(key, pick(r, F.numberNode(-1), F.textNode(unicode(r, 6)), F.objectNode(), F.arrayNode().add(F.objectNode()), F.booleanNode(true),
                        F.numberNode(new java.math.BigDecimal("1e999999999"))));
                if (key.equals("name") || key.equals("attribute_name")) element.set(key, F.numberNode(3));
                if (key.equals("is_identifier") || key.equals("links_profiles")) element.set(key, F.textNode("yes"));
            } else {
                body.set(target, pick(r, F.numberNode(42), F.arrayNode().add(1), F.booleanNode(false), F.objectNode().put("x", unicode(r, 4)),
                        F.textNode("x".repeat(100_000))));
                if (target.equals("description")) body.set(target, F.arrayNode().add(1));
                if (target.equals("attributes") || target.equals("sources")) body.set(target, F.textNode("none"));
                if (!template && target.equals("attributes")) body.set("sources", F.numberNode(1));
                if (template && (target.equals("rule_name") || target.equals("sources") || target.equals("attribute_rules") || target.equals("default_strategy")
                        || target.equals("identifier_authority"))) body.set("attributes", F.numberNode(1));
                if (!template && target.equals("template_name")) body.set("attribute_rules", F.textNode("none"));
            }
            String path = template ? "/profile-templates" : "/merge-rules";
            Api.Response answer = api.post(path, body);
            String shown = body.toString().length() > 300 ? body.toString().substring(0, 300) + "…" : body.toString();
            soft.assertThat(answer.status()).as("#%d %s %s -> %s", i, path, shown, answer).isBetween(400, 499);
            if (answer.status() >= 400 && answer.status() < 500) answer.assertErrorShape();
        }
        server.health();
        soft.assertAll();
    }

    @Test
    void odd_but_perhaps_valid_text_is_never_a_500() {
        String[] values = {"\\ud800", "\\udfff\\ud800", "\\u0000", "a\\u0000b", "😀👨‍👩‍👧\u202e", "x".repeat(200_000), "\ufeffGold", "\\n\\r\\t"};
        SoftAssertions soft = new SoftAssertions();
        for (String v : values) {
            for (String attribute : new String[] {"loyalty_tier", "email", "recent_intent"}) {
                String value = attribute.equals("email") ? v + "@example.com" : v;
                String body = "{\"source\": \"salesforce_crm\", \"profile_data\": {\"email\": \"odd" + System.nanoTime() + "@example.com\", \""
                        + attribute + "\": \"" + value + "\"}}";
                if (attribute.equals("email")) body = "{\"source\": \"salesforce_crm\", \"profile_data\": {\"email\": \"" + value + "\"}}";
                Api.Response r = api.upsert(body);
                String shown = v.length() > 30 ? v.substring(0, 30) + "…" : v;
                soft.assertThat(r.status()).as("%s = %s -> %s", attribute, shown, r).isIn(200, 201, 400, 409, 413);
                if (r.status() >= 400) r.assertErrorShape();
                if (r.status() < 300) soft.assertThat(api.get("/profiles/" + r.id()).status()).as("read back %s = %s", attribute, shown).isEqualTo(200);
            }
        }
        server.health();
        soft.assertAll();
    }
}
