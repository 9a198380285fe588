package io.onefold.core.matching;

import java.util.List;

/**
 * Which pairs are scored at all: two records are candidates under this rule when their keys are equal, the key being
 * the rule's parts joined. A record missing any part has no key under the rule, so it meets no candidate through it.
 * The candidates of a record are the union over the rule set's blocking rules, which is what a store indexes
 * ({@link MatchingRules#blockingKeys}).
 */
public record BlockingRule(List<BlockingKeyPart> parts) {
    /** Separates the parts of a key; a control character that normalized values do not carry. */
    private static final char SEPARATOR = '\u001f';

    public BlockingRule {
        parts = List.copyOf(parts);
        if (parts.isEmpty()) throw new IllegalArgumentException("a blocking rule needs at least one part");
    }

    public static BlockingRule exact(String... attributes) {
        return new BlockingRule(java.util.Arrays.stream(attributes).map(BlockingKeyPart::whole).toList());
    }

    /** The record's key under this rule, or null when a part is missing. */
    public String key(MatchRecord record) {
        StringBuilder key = new StringBuilder();
        for (BlockingKeyPart part : parts) {
            String value = part.of(record.value(part.attribute()));
            if (value == null) return null;
            if (!key.isEmpty()) key.append(SEPARATOR);
            key.append(value);
        }
        return key.toString();
    }

    /** A readable name such as {@code surname & prefix(given_name, 3)}. */
    public String label() {
        return String.join(" & ", parts.stream().map(BlockingKeyPart::label).toList());
    }
}
