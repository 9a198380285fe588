package io.onefold.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.core.json.Json;
import io.onefold.core.rules.MergeRuleSet;
import io.onefold.core.rules.MergeRuleSetParser;
import io.onefold.core.schema.IdentifierNormalizer;
import io.onefold.core.schema.ProfileTemplate;
import io.onefold.core.schema.TemplateParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Small helpers shared by the engine's unit tests: JSON from text blocks or from classpath fixtures
 * (under {@code src/test/resources/io/onefold/core/}), and compiled templates and rule sets.
 * The guide's own payloads live, byte for byte, in {@code guide/template.json} and {@code guide/merge-rules.json}.
 */
public final class Fixtures {
    /** The default phone region of every fixture. */
    public static final IdentifierNormalizer US = new IdentifierNormalizer("US");

    private Fixtures() {}

    public static JsonNode json(String text) {
        try {
            return Json.parse(text);
        } catch (IOException e) {
            throw new UncheckedIOException("fixture is not JSON: " + text, e);
        }
    }

    /** A fixture file, relative to {@code io/onefold/core/} on the test classpath. */
    public static String resourceText(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalArgumentException("no fixture io/onefold/core/" + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode resource(String path) {
        return json(resourceText(path));
    }

    public static ProfileTemplate template(String json) {
        return new TemplateParser(US).parse(json(json));
    }

    public static ProfileTemplate guideTemplate() {
        return new TemplateParser(US).parse(resource("guide/template.json"));
    }

    public static MergeRuleSet rules(String json) {
        return MergeRuleSetParser.parse(json(json));
    }

    public static MergeRuleSet guideRules() {
        return MergeRuleSetParser.parse(resource("guide/merge-rules.json"));
    }
}
