package io.onefold.core.matching;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.core.error.ConfigurationException;
import io.onefold.core.error.Violation;
import io.onefold.core.json.FieldReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Parses matching rules, reporting every problem at once with its path (e.g. {@code comparisons[0].levels[1].threshold})
 * and the valid options. The shape, written back by {@link MatchingRulesJson}:
 * <pre>
 * {"name": "customers", "prior": 0.0005, "auto_merge_threshold": 0.99, "review_threshold": 0.9,
 *  "comparisons": [
 *    {"attribute": "surname", "kind": "name", "levels": [
 *       {"comparator": "exact", "m": 0.57, "u": 0.003, "term_frequency": true},
 *       {"comparator": "jaro_winkler", "threshold": 0.92, "m": 0.21, "u": 0.001},
 *       {"comparator": "else", "m": 0.18, "u": 0.98}]}],
 *  "blocking_rules": [{"keys": [{"attribute": "surname", "soundex": true}, {"attribute": "given_name", "prefix": 3}]}]}
 * </pre>
 * Comparators: {@code exact}, {@code exact_local_part}, {@code jaro_winkler} (threshold), {@code levenshtein} (max),
 * {@code swapped_with} (other, threshold: this attribute's and the other's values crossed between the records),
 * {@code date_transposed}, {@code date_within} (days or years), {@code number_within} (absolute, relative), and
 * {@code else}, which must end every list. {@code version}, {@code active} and {@code created_at} are accepted, as for
 * rule sets, since the store versions matching rules the same way.
 */
public final class MatchingRulesParser {
    private static final Set<String> RULES_FIELDS = Set.of("name", "description", "prior", "auto_merge_threshold",
            "review_threshold", "score_matched_profiles", "comparisons", "blocking_rules", "version", "active", "created_at");
    private static final Set<String> COMPARISON_FIELDS = Set.of("attribute", "kind", "levels");
    private static final Set<String> LEVEL_FIELDS = Set.of("comparator", "m", "u", "term_frequency", "threshold", "max",
            "days", "years", "absolute", "relative", "other");
    private static final Set<String> BLOCKING_FIELDS = Set.of("keys");
    private static final Set<String> KEY_FIELDS = Set.of("attribute", "prefix", "soundex");
    static final String COMPARATORS = "exact, exact_local_part, jaro_winkler, levenshtein, swapped_with, date_transposed, date_within, "
            + "number_within, else";

    private MatchingRulesParser() {}

    public static MatchingRules parse(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new ConfigurationException(List.of(new Violation("", "matching rules must be a JSON object")));
        }
        List<Violation> violations = new ArrayList<>();
        FieldReader in = new FieldReader(violations);
        in.rejectUnknown(json, "", RULES_FIELDS);
        String name = in.string(json, "", "name", true).orElse(null);
        double prior = in.number(json, "", "prior", true, Double.MIN_VALUE, 0.5).orElse(Double.NaN);
        double autoMerge = in.number(json, "", "auto_merge_threshold", true, Double.MIN_VALUE, Math.nextDown(1.0)).orElse(Double.NaN);
        double review = in.number(json, "", "review_threshold", true, Double.MIN_VALUE, Math.nextDown(1.0)).orElse(Double.NaN);
        if (review > autoMerge) in.fail("review_threshold", "must not be above auto_merge_threshold (" + autoMerge + ")");

        List<Comparison> comparisons = new ArrayList<>();
        Set<String> attributes = new HashSet<>();
        List<SwappedOther> swaps = new ArrayList<>();
        forEachObject(in, json, "comparisons", (node, path) -> comparison(in, node, path, swaps).ifPresent(c -> {
            if (!attributes.add(c.attribute())) in.fail(path + ".attribute", "'" + c.attribute() + "' is compared twice");
            else comparisons.add(c);
        }));
        if (json.path("comparisons").isArray() && json.get("comparisons").isEmpty()) in.fail("comparisons", "must not be empty");
        for (SwappedOther check : swaps) {
            if (check.other().equals(check.attribute()) || !attributes.contains(check.other())) {
                in.fail(check.path(), "must name another compared attribute; compared attributes are "
                        + String.join(", ", attributes.stream().sorted().toList()));
            }
        }

        List<BlockingRule> blocking = new ArrayList<>();
        forEachObject(in, json, "blocking_rules", (node, path) -> blockingRule(in, node, path, attributes).ifPresent(blocking::add));
        if (json.path("blocking_rules").isArray() && json.get("blocking_rules").isEmpty()) {
            in.fail("blocking_rules", "must not be empty: without blocking no pair is ever scored");
        }
        if (!violations.isEmpty()) throw new ConfigurationException(violations);
        return new MatchingRules(name, prior, autoMerge, review, comparisons, blocking, in.bool(json, "", "score_matched_profiles", false));
    }

    /** A {@code swapped_with} level, checked once every compared attribute is known. */
    private record SwappedOther(String path, String attribute, String other) {}

    private static Optional<Comparison> comparison(FieldReader in, JsonNode node, String path, List<SwappedOther> swaps) {
        in.rejectUnknown(node, path, COMPARISON_FIELDS);
        String attribute = in.string(node, path, "attribute", true).orElse(null);
        if (node.get("kind") == null) in.fail(path + ".kind", "is required; valid values are " + ValueKind.validCodes());
        ValueKind kind = in.code(node, path, "kind", ValueKind::fromCode, ValueKind.validCodes()).orElse(null);
        List<ComparisonLevel> levels = new ArrayList<>();
        int before = in.violations().size();
        forEachObject(in, node, path, "levels", (level, levelPath) -> level(in, level, levelPath).ifPresent(levels::add));
        if (in.violations().size() > before || attribute == null || kind == null) return Optional.empty();
        if (levels.isEmpty() || !(levels.getLast().predicate() instanceof LevelPredicate.Else)) {
            in.fail(path + ".levels", "must end with the 'else' level");
            return Optional.empty();
        }
        for (int i = 0; i < levels.size() - 1; i++) {
            if (levels.get(i).predicate() instanceof LevelPredicate.Else) {
                in.fail(path + ".levels[" + i + "]", "'else' must be the last level");
                return Optional.empty();
            }
        }
        for (int i = 0; i < levels.size(); i++) {
            if (levels.get(i).predicate() instanceof LevelPredicate.SwappedWith swapped) {
                swaps.add(new SwappedOther(path + ".levels[" + i + "].other", attribute, swapped.other()));
            }
        }
        return Optional.of(new Comparison(attribute, kind, levels));
    }

    private static Optional<ComparisonLevel> level(FieldReader in, JsonNode node, String path) {
        in.rejectUnknown(node, path, LEVEL_FIELDS);
        String comparator = in.string(node, path, "comparator", true).orElse(null);
        Double m = in.number(node, path, "m", true, Double.MIN_VALUE, 1).orElse(null);
        Double u = in.number(node, path, "u", true, Double.MIN_VALUE, 1).orElse(null);
        boolean termFrequency = in.bool(node, path, "term_frequency", false);
        if (comparator == null) return Optional.empty();
        LevelPredicate predicate = switch (comparator) {
            case "exact" -> new LevelPredicate.Exact();
            case "exact_local_part" -> new LevelPredicate.ExactLocalPart();
            case "jaro_winkler" -> in.number(node, path, "threshold", true, 0, 1).map(LevelPredicate.JaroWinklerAtLeast::new).orElse(null);
            case "levenshtein" -> in.integer(node, path, "max", true, 0).map(LevelPredicate.LevenshteinAtMost::new).orElse(null);
            case "swapped_with" -> in.string(node, path, "other", true)
                    .map(other -> new LevelPredicate.SwappedWith(other, in.number(node, path, "threshold", false, 0, 1).orElse(1.0))).orElse(null);
            case "date_transposed" -> new LevelPredicate.DateTransposed();
            case "date_within" -> dateWithin(in, node, path);
            case "number_within" -> new LevelPredicate.NumberWithin(in.number(node, path, "absolute", false, 0, Double.MAX_VALUE).orElse(0.0),
                    in.number(node, path, "relative", false, 0, 1).orElse(0.0));
            case "else" -> new LevelPredicate.Else();
            default -> {
                in.fail(path + ".comparator", "unknown value '" + comparator + "'; valid values are " + COMPARATORS);
                yield null;
            }
        };
        if (termFrequency && predicate != null && !(predicate instanceof LevelPredicate.Exact)) {
            in.fail(path + ".term_frequency", "applies only to the 'exact' comparator");
            return Optional.empty();
        }
        if (predicate == null || m == null || u == null) return Optional.empty();
        return Optional.of(new ComparisonLevel(predicate, m, u, termFrequency));
    }

    private static LevelPredicate dateWithin(FieldReader in, JsonNode node, String path) {
        boolean days = node.has("days");
        if (days == node.has("years")) {
            in.fail(path, "date_within needs exactly one of 'days' and 'years'");
            return null;
        }
        return in.integer(node, path, days ? "days" : "years", true, 0)
                .map(n -> days ? LevelPredicate.DateWithin.days(n) : LevelPredicate.DateWithin.years(n)).orElse(null);
    }

    private static Optional<BlockingRule> blockingRule(FieldReader in, JsonNode node, String path, Set<String> compared) {
        in.rejectUnknown(node, path, BLOCKING_FIELDS);
        List<BlockingKeyPart> parts = new ArrayList<>();
        int before = in.violations().size();
        forEachObject(in, node, path, "keys", (key, keyPath) -> {
            in.rejectUnknown(key, keyPath, KEY_FIELDS);
            String attribute = in.string(key, keyPath, "attribute", true).orElse(null);
            int prefix = in.integer(key, keyPath, "prefix", false, 1).orElse(0);
            boolean soundex = in.bool(key, keyPath, "soundex", false);
            if (soundex && prefix > 0) in.fail(keyPath, "a key part is a prefix or a soundex code, not both");
            if (attribute != null && !compared.contains(attribute)) {
                in.fail(keyPath + ".attribute", "'" + attribute + "' is not compared; blocking keys read compared attributes: "
                        + String.join(", ", compared.stream().sorted().toList()));
            } else if (attribute != null) {
                if (!(soundex && prefix > 0)) parts.add(new BlockingKeyPart(attribute, prefix, soundex));
            }
        });
        if (in.violations().size() > before) return Optional.empty();
        if (parts.isEmpty()) {
            in.fail(path + ".keys", "must name at least one attribute");
            return Optional.empty();
        }
        return Optional.of(new BlockingRule(parts));
    }

    private interface ElementReader {
        void read(JsonNode node, String path);
    }

    private static void forEachObject(FieldReader in, JsonNode parent, String field, ElementReader reader) {
        forEachObject(in, parent, "", field, reader);
    }

    /** Each element of the required array {@code field}, which must hold objects. */
    private static void forEachObject(FieldReader in, JsonNode parent, String parentPath, String field, ElementReader reader) {
        String path = FieldReader.join(parentPath, field);
        JsonNode array = parent.get(field);
        if (array == null || array.isNull()) {
            in.fail(path, "is required");
            return;
        }
        if (!array.isArray()) {
            in.fail(path, "must be an array");
            return;
        }
        for (int i = 0; i < array.size(); i++) {
            String elementPath = path + "[" + i + "]";
            if (!array.get(i).isObject()) in.fail(elementPath, "must be an object");
            else reader.read(array.get(i), elementPath);
        }
    }
}
