package io.onefold.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.onefold.core.error.ValidationException;
import io.onefold.core.error.Violation;
import io.onefold.core.json.CanonicalJson;
import io.onefold.core.json.Json;
import io.onefold.core.model.NormalizedObservation;
import io.onefold.core.model.Observation;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks an observation against a template and brings every value into canonical form.
 * Reports every offending attribute with its reason: unknown attribute, wrong type, malformed date,
 * several values for a {@code single} attribute, an identifier that cannot be normalized.
 */
public final class ObservationValidator {
    /** Years beyond four digits, or before year 1, are what many consumers' date libraries cannot read (and no customer's). */
    private static final String OUT_OF_RANGE = "date out of range: the year (in UTC) must be between 0001 and 9999";
    private final ProfileTemplate template;
    private final IdentifierNormalizer normalizer;

    public ObservationValidator(ProfileTemplate template, IdentifierNormalizer normalizer) {
        this.template = template;
        this.normalizer = normalizer;
    }

    public ProfileTemplate template() {
        return template;
    }

    public NormalizedObservation validate(Observation observation) {
        List<Violation> violations = new ArrayList<>();
        Map<String, JsonNode> values = new LinkedHashMap<>();
        Set<String> nulls = new LinkedHashSet<>();
        Map<String, List<String>> identifiers = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = observation.profileData().fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String path = "profile_data." + field.getKey();
            Optional<AttributeDefinition> definition = template.attribute(field.getKey());
            if (definition.isEmpty()) {
                violations.add(new Violation(path, "unknown attribute: template '" + template.name() + "' does not define it"));
                continue;
            }
            AttributeDefinition def = definition.get();
            JsonNode raw = field.getValue();
            if (raw == null || raw.isNull() || (raw.isArray() && raw.isEmpty() && def.type() != AttributeType.ARRAY)) {
                nulls.add(def.name());
                continue;
            }
            coerce(def, raw, path, violations).ifPresent(v -> {
                values.put(def.name(), v);
                if (def.identifier()) {
                    List<String> ids = new ArrayList<>();
                    if (v.isArray()) v.forEach(e -> ids.add(e.textValue()));
                    else ids.add(v.textValue());
                    identifiers.put(def.name(), ids);
                }
            });
        }
        Set<String> explicit = new HashSet<>();
        for (String name : observation.explicit()) {
            if (template.attribute(name).isEmpty()) violations.add(new Violation("explicit", "names unknown attribute '" + name + "'"));
            else if (!observation.profileData().has(name)) violations.add(new Violation("explicit", "names '" + name + "', which is not in profile_data"));
            else explicit.add(name);
        }
        if (!violations.isEmpty()) throw new ValidationException(violations);
        return new NormalizedObservation(observation.source(), observation.sourceRecordId(), observation.observedAt(),
                observation.profileId(), values, nulls, explicit, identifiers);
    }

    /** Required attributes a new profile created from {@code observation} would lack. */
    public List<Violation> missingRequired(NormalizedObservation observation) {
        List<Violation> missing = new ArrayList<>();
        for (AttributeDefinition def : template.attributes().values()) {
            if (def.required() && !observation.values().containsKey(def.name())) {
                missing.add(new Violation("profile_data." + def.name(), "is required to create a profile"));
            }
        }
        return missing;
    }

    private Optional<JsonNode> coerce(AttributeDefinition def, JsonNode raw, String path, List<Violation> violations) {
        if (def.single()) {
            if (raw.isArray() && def.type() != AttributeType.ARRAY) {
                violations.add(new Violation(path, raw.size() > 1 ? "several values for a single attribute" : "must be a single value, not a list"));
                return Optional.empty();
            }
            return element(def, raw, path, violations);
        }
        List<JsonNode> items = new ArrayList<>();
        if (raw.isArray() && def.type() != AttributeType.ARRAY) raw.forEach(items::add);
        else if (def.type() == AttributeType.ARRAY && raw.isArray() && raw.size() > 0 && raw.get(0).isArray()) raw.forEach(items::add);
        else items.add(raw);
        ArrayNode out = Json.NODES.arrayNode();
        Set<String> seen = new HashSet<>();
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).isNull()) {
                violations.add(new Violation(path + "[" + i + "]", "null inside a list"));
                ok = false;
                continue;
            }
            Optional<JsonNode> value = element(def, items.get(i), path + "[" + i + "]", violations);
            if (value.isEmpty()) ok = false;
            else if (seen.add(CanonicalJson.of(value.get()))) out.add(value.get());
        }
        if (ok && def.maxValues() != null && out.size() > def.maxValues() && def.type() != AttributeType.ARRAY) {
            violations.add(new Violation(path, "at most " + def.maxValues() + " distinct values allowed, got " + out.size()));
            return Optional.empty();
        }
        return ok ? Optional.of(out) : Optional.empty();
    }

    private Optional<JsonNode> element(AttributeDefinition def, JsonNode raw, String path, List<Violation> violations) {
        if (def.identifier()) {
            String text;
            if (raw.isTextual()) text = raw.textValue();
            else if (def.type() == AttributeType.INTEGER && raw.isIntegralNumber()) text = raw.asText();
            else return fail(violations, path, "must be a " + def.type().code());
            if (text.length() > 320) return fail(violations, path, "identifier longer than 320 characters");
            return switch (normalizer.normalize(def.normalization(), text)) {
                case IdentifierNormalizer.Result.Ok ok -> Optional.of(Json.NODES.textNode(ok.value()));
                case IdentifierNormalizer.Result.Invalid bad -> fail(violations, path, "invalid identifier: " + bad.reason());
            };
        }
        return switch (def.type()) {
            case STRING -> raw.isTextual() ? Optional.of(raw) : fail(violations, path, "must be a string, got " + kind(raw));
            case BOOLEAN -> raw.isBoolean() ? Optional.of(raw) : fail(violations, path, "must be true or false, got " + kind(raw));
            case NUMBER -> !raw.isNumber() ? fail(violations, path, "must be a number, got " + kind(raw))
                    : outOfRange(raw.decimalValue()) ? fail(violations, path, "number out of range (beyond ±1e308 or below 1e-308)")
                    : Optional.of(CanonicalJson.number(raw.decimalValue()));
            case INTEGER -> integer(raw).map(Optional::of).orElseGet(() -> fail(violations, path, "must be an integer, got " + kind(raw)));
            case DATE -> {
                if (!raw.isTextual()) yield fail(violations, path, "malformed date: must be an ISO-8601 date (2026-11-28) or instant (2026-11-28T10:00:00Z) string");
                Optional<LocalDate> date = Instants.parseDate(raw.textValue());
                Optional<Instant> instant = date.isPresent() ? Optional.empty() : Instants.parseInstant(raw.textValue());
                if (date.isEmpty() && instant.isEmpty()) yield fail(violations, path, "malformed date: must be an ISO-8601 date (2026-11-28) or instant (2026-11-28T10:00:00Z)");
                if (!date.map(Instants::inFourDigitYears).orElseGet(() -> Instants.inFourDigitYears(instant.get()))) yield fail(violations, path, OUT_OF_RANGE);
                yield Optional.of(Json.NODES.textNode(date.map(LocalDate::toString).orElseGet(() -> instant.get().toString())));
            }
            case DATETIME -> {
                Optional<Instant> instant = raw.isTextual() ? Instants.parseInstant(raw.textValue()) : Optional.empty();
                if (instant.isEmpty()) yield fail(violations, path, raw.isTextual()
                        ? "malformed datetime: must be an ISO-8601 instant with offset, e.g. 2026-11-28T10:00:00Z"
                        : "malformed datetime: must be an ISO-8601 instant string");
                yield Instants.inFourDigitYears(instant.get()) ? Optional.of(Json.NODES.textNode(instant.get().toString())) : fail(violations, path, OUT_OF_RANGE);
            }
            case OBJECT -> !raw.isObject() ? fail(violations, path, "must be a JSON object, got " + kind(raw))
                    : hugeNumberIn(raw) ? fail(violations, path, "contains a number out of range (beyond ±1e308 or below 1e-308)")
                    : Optional.of(CanonicalJson.normalize(raw));
            case ARRAY -> !raw.isArray() ? fail(violations, path, "must be a JSON array, got " + kind(raw))
                    : hugeNumberIn(raw) ? fail(violations, path, "contains a number out of range (beyond ±1e308 or below 1e-308)")
                    : Optional.of(CanonicalJson.normalize(raw));
        };
    }

    /** Numbers a client could mean: the range of a double. Exponents beyond it are hostile, not data. */
    private static boolean outOfRange(BigDecimal value) {
        if (value.signum() == 0) return false;
        long magnitude = (long) value.precision() - value.scale();
        return magnitude > 309 || magnitude < -307;
    }

    private static boolean hugeNumberIn(JsonNode node) {
        if (node.isNumber()) return outOfRange(node.decimalValue());
        for (JsonNode child : node) if (hugeNumberIn(child)) return true;
        return false;
    }

    private static Optional<JsonNode> integer(JsonNode raw) {
        if (!raw.isNumber()) return Optional.empty();
        BigDecimal value = raw.decimalValue();
        if (outOfRange(value) || (long) value.precision() - value.scale() > 40) return Optional.empty();
        if (value.stripTrailingZeros().scale() > 0) return Optional.empty();
        return Optional.of(CanonicalJson.number(value));
    }

    private static String kind(JsonNode raw) {
        if (raw.isTextual()) return "a string";
        if (raw.isNumber()) return "a number";
        if (raw.isBoolean()) return "a boolean";
        if (raw.isArray()) return "a list";
        if (raw.isObject()) return "an object";
        return raw.getNodeType().name().toLowerCase();
    }

    private static Optional<JsonNode> fail(List<Violation> violations, String path, String reason) {
        violations.add(new Violation(path, reason));
        return Optional.empty();
    }
}
