package io.onefold.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.core.error.Violation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads fields of a JSON configuration object while collecting every violation (path + reason),
 * so that a parser reports all problems at once instead of failing on the first.
 */
public final class FieldReader {
    private final List<Violation> violations;

    public FieldReader(List<Violation> violations) {
        this.violations = violations;
    }

    public void fail(String path, String reason) {
        violations.add(new Violation(path, reason));
    }

    public List<Violation> violations() {
        return violations;
    }

    /** Reports fields of {@code node} that are not in {@code known}. */
    public void rejectUnknown(JsonNode node, String path, Set<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                fail(join(path, name), "unknown field; valid fields are " + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    public Optional<String> string(JsonNode node, String path, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) fail(join(path, field), "is required");
            return Optional.empty();
        }
        if (!value.isTextual()) {
            fail(join(path, field), "must be a string");
            return Optional.empty();
        }
        if (required && value.textValue().isBlank()) {
            fail(join(path, field), "must not be blank");
            return Optional.empty();
        }
        return Optional.of(value.textValue());
    }

    public boolean bool(JsonNode node, String path, String field, boolean defaultValue) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) return defaultValue;
        if (!value.isBoolean()) {
            fail(join(path, field), "must be true or false");
            return defaultValue;
        }
        return value.booleanValue();
    }

    public Optional<Integer> integer(JsonNode node, String path, String field, boolean required, int min) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) fail(join(path, field), "is required");
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            fail(join(path, field), "must be an integer");
            return Optional.empty();
        }
        if (value.intValue() < min) {
            fail(join(path, field), "must be at least " + min);
            return Optional.empty();
        }
        return Optional.of(value.intValue());
    }

    /** A number within [{@code min}, {@code max}]; the bounds are named in the violation. */
    public Optional<Double> number(JsonNode node, String path, String field, boolean required, double min, double max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) fail(join(path, field), "is required");
            return Optional.empty();
        }
        if (!value.isNumber()) {
            fail(join(path, field), "must be a number");
            return Optional.empty();
        }
        double d = value.doubleValue();
        if (!(d >= min && d <= max)) {
            fail(join(path, field), "must be between " + min + " and " + max);
            return Optional.empty();
        }
        return Optional.of(d);
    }

    /** A code field parsed by {@code parser}; an unknown code is reported with the valid options. */
    public <T> Optional<T> code(JsonNode node, String path, String field, Function<String, Optional<T>> parser, String validOptions) {
        return string(node, path, field, false).flatMap(text -> {
            Optional<T> parsed = parser.apply(text.trim());
            if (parsed.isEmpty()) fail(join(path, field), "unknown value '" + text + "'; valid values are " + validOptions);
            return parsed;
        });
    }

    public List<String> strings(JsonNode node, String path, String field) {
        JsonNode value = node.get(field);
        List<String> out = new ArrayList<>();
        if (value == null || value.isNull()) return out;
        if (!value.isArray()) {
            fail(join(path, field), "must be an array of strings");
            return out;
        }
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isTextual()) fail(join(path, field) + "[" + i + "]", "must be a string");
            else out.add(value.get(i).textValue());
        }
        return out;
    }

    public static String join(String path, String field) {
        return path == null || path.isEmpty() ? field : path + "." + field;
    }
}
