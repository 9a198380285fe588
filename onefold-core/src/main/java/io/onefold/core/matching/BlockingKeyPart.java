package io.onefold.core.matching;

/**
 * One attribute of a blocking key: its whole normalized value, its first {@code prefix} characters when positive, or
 * its {@link Soundex} code with {@code soundex} (a phonetic key: spelling variants of a name share it).
 */
public record BlockingKeyPart(String attribute, int prefix, boolean soundex) {
    public BlockingKeyPart {
        if (prefix < 0) throw new IllegalArgumentException("prefix must not be negative");
        if (prefix > 0 && soundex) throw new IllegalArgumentException("a key part is a prefix or a soundex code, not both");
    }

    public static BlockingKeyPart whole(String attribute) {
        return new BlockingKeyPart(attribute, 0, false);
    }

    /** The part's value for a normalized value, or null when the value is missing. */
    String of(String value) {
        if (value == null) return null;
        if (soundex) return Soundex.code(value);
        return prefix > 0 && value.length() > prefix ? value.substring(0, prefix) : value;
    }

    String label() {
        if (soundex) return "soundex(" + attribute + ")";
        return prefix > 0 ? "prefix(" + attribute + ", " + prefix + ")" : attribute;
    }
}
