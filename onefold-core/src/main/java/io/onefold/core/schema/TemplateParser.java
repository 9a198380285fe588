package io.onefold.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.core.error.ConfigurationException;
import io.onefold.core.error.Violation;
import io.onefold.core.json.FieldReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the guide's template payload ({@code template_name}, {@code attributes[]} with {@code name},
 * {@code type}, {@code is_identifier}, {@code is_required}, {@code cardinality}) and Onefold's optional
 * extensions, validates it reporting every problem at once, and compiles it with defaults filled in.
 */
public final class TemplateParser {
    private static final Set<String> TEMPLATE_FIELDS = Set.of("template_name", "description", "attributes", "version", "active", "created_at");
    private static final Set<String> ATTRIBUTE_FIELDS = Set.of("name", "type", "is_identifier", "is_required", "cardinality",
            "description", "normalization", "max_values", "links_profiles", "blocked_values", "update_behavior", "null_behavior", "searchable");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_\\-]{0,127}");

    private final IdentifierNormalizer normalizer;

    public TemplateParser(IdentifierNormalizer normalizer) {
        this.normalizer = normalizer;
    }

    public ProfileTemplate parse(JsonNode json) {
        List<Violation> violations = new ArrayList<>();
        FieldReader in = new FieldReader(violations);
        if (json == null || !json.isObject()) {
            throw new ConfigurationException(List.of(new Violation("", "a template must be a JSON object")));
        }
        in.rejectUnknown(json, "", TEMPLATE_FIELDS);
        String name = in.string(json, "", "template_name", true).orElse(null);
        if (name != null && !NAME.matcher(name).matches())
            in.fail("template_name", "must start with a letter or '_' and use letters, digits, '_' or '-' (at most 128)");
        String description = in.string(json, "", "description", false).orElse(null);
        JsonNode attributes = json.get("attributes");
        List<AttributeDefinition> compiled = new ArrayList<>();
        if (attributes == null || !attributes.isArray() || attributes.isEmpty()) {
            in.fail("attributes", "must be a non-empty array of attribute definitions");
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < attributes.size(); i++) {
                attribute(in, attributes.get(i), "attributes[" + i + "]", seen).ifPresent(compiled::add);
            }
            boolean anyIdentifier = false;
            for (JsonNode a : attributes) anyIdentifier |= a.isObject() && a.path("is_identifier").asBoolean(false);
            if (!anyIdentifier)
                in.fail("attributes", "at least one attribute must have is_identifier: true, or no profile could ever be found again");
        }
        if (!violations.isEmpty()) throw new ConfigurationException(violations);
        return new ProfileTemplate(name, description, compiled);
    }

    private Optional<AttributeDefinition> attribute(FieldReader in, JsonNode node, String path, Set<String> seen) {
        if (!node.isObject()) {
            in.fail(path, "must be an object");
            return Optional.empty();
        }
        int before = in.violations().size();
        in.rejectUnknown(node, path, ATTRIBUTE_FIELDS);
        String name = in.string(node, path, "name", true).orElse(null);
        if (name != null && !NAME.matcher(name).matches()) {
            in.fail(path + ".name", "must start with a letter or '_' and use letters, digits, '_' or '-' (at most 128)");
        } else if (name != null && !seen.add(name)) {
            in.fail(path + ".name", "duplicate attribute '" + name + "'");
        }
        if (node.get("type") == null) in.fail(path + ".type", "is required; valid values are " + AttributeType.validCodes());
        AttributeType type = in.code(node, path, "type", AttributeType::fromCode, AttributeType.validCodes()).orElse(AttributeType.STRING);
        boolean identifier = in.bool(node, path, "is_identifier", false);
        boolean required = in.bool(node, path, "is_required", false);
        Cardinality cardinality = in.code(node, path, "cardinality", Cardinality::fromCode, "single, multiple").orElse(Cardinality.SINGLE);
        Normalization normalization = in.code(node, path, "normalization", Normalization::fromCode, "email, phone, none")
                .orElse(identifier && name != null ? Normalization.defaultFor(name) : Normalization.NONE);
        Integer maxValues = in.integer(node, path, "max_values", false, 1).orElse(null);
        if (cardinality == Cardinality.SINGLE && type != AttributeType.ARRAY) {
            if (maxValues != null && maxValues != 1) in.fail(path + ".max_values", "must be 1 (or absent) for a single attribute");
            maxValues = 1;
        }
        boolean links = in.bool(node, path, "links_profiles", true);
        if (!identifier && node.has("links_profiles")) in.fail(path + ".links_profiles", "applies only to identifiers (is_identifier: true)");
        if (identifier && type != AttributeType.STRING && type != AttributeType.INTEGER)
            in.fail(path + ".type", "an identifier must be of type string or integer");
        if (!identifier && node.has("normalization")) in.fail(path + ".normalization", "applies only to identifiers (is_identifier: true)");
        Set<String> blocked = new LinkedHashSet<>();
        for (String raw : in.strings(node, path, "blocked_values")) {
            if (normalizer.normalize(normalization, raw) instanceof IdentifierNormalizer.Result.Ok ok) blocked.add(ok.value());
            else blocked.add(raw.strip());
        }
        if (!identifier && node.has("blocked_values")) in.fail(path + ".blocked_values", "applies only to identifiers (is_identifier: true)");
        UpdateBehavior update = in.code(node, path, "update_behavior", UpdateBehavior::fromCode, "merge, replace_all").orElse(null);
        NullBehavior nulls = in.code(node, path, "null_behavior", NullBehavior::fromCode, "ignore, retract").orElse(null);
        String description = in.string(node, path, "description", false).orElse(null);
        boolean searchable = in.bool(node, path, "searchable", false);
        if (searchable && identifier) in.fail(path + ".searchable", "applies only to attributes that are not identifiers (an identifier is looked up by its own index)");
        else if (searchable && (type == AttributeType.OBJECT || type == AttributeType.ARRAY))
            in.fail(path + ".searchable", "an " + type.code() + " attribute cannot be searched by value; searchable applies to string, number, integer, boolean, date and datetime");
        if (in.violations().size() > before || name == null) return Optional.empty();
        return Optional.of(new AttributeDefinition(name, type, identifier, required, cardinality, normalization,
                maxValues, links, blocked, update, nulls, description, searchable));
    }
}
