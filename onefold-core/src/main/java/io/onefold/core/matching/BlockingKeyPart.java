package io.onefold.core.matching;

/** One attribute of a blocking key: its whole normalized value, or its first {@code prefix} characters when positive. */
public record BlockingKeyPart(String attribute, int prefix) {
    public BlockingKeyPart {
        if (prefix < 0) throw new IllegalArgumentException("prefix must not be negative");
    }

    public static BlockingKeyPart whole(String attribute) {
        return new BlockingKeyPart(attribute, 0);
    }

    /** The part's value for a normalized value, or null when the value is missing. */
    String of(String value) {
        if (value == null) return null;
        return prefix > 0 && value.length() > prefix ? value.substring(0, prefix) : value;
    }

    String label() {
        return prefix > 0 ? "prefix(" + attribute + ", " + prefix + ")" : attribute;
    }
}
