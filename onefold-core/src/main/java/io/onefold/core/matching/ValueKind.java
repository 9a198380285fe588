package io.onefold.core.matching;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a compared attribute holds, which decides how its values are normalized before any comparison (so that
 * {@code " Smith"} and {@code "smith"} agree exactly) and which levels rule inference gives it. A value that
 * normalizes to nothing is missing: it meets the null level, which is neither evidence for nor against a match.
 */
public enum ValueKind {
    /** A personal or family name: one or two words, compared by Jaro-Winkler. */
    NAME("name"),
    /** Free text such as a street line: several words, compared by edit distance. */
    TEXT("text"),
    /** A few distinct values shared by many records (a state, a city): only exact agreement, term-frequency weighted. */
    CATEGORY("category"),
    /** A short identifier-like token (postcode, house number, phone): spaces dropped, exact or one edit. */
    CODE("code"),
    /** An email address, compared whole and by its local part. */
    EMAIL("email"),
    /** A calendar date, normalized to ISO {@code yyyy-mm-dd} (see {@link DateParts}). */
    DATE("date"),
    /** A decimal quantity, compared by absolute or relative difference. */
    NUMBER("number");

    private final String code;

    ValueKind(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<ValueKind> fromCode(String code) {
        return Arrays.stream(values()).filter(k -> k.code.equals(code.toLowerCase(Locale.ROOT))).findFirst();
    }

    public static String validCodes() {
        return String.join(", ", Arrays.stream(values()).map(ValueKind::code).toList());
    }

    /** The comparable form of a raw value, or null when the value is missing. */
    public String normalize(String raw) {
        if (raw == null) return null;
        String text = raw.strip().toLowerCase(Locale.ROOT);
        if (text.isEmpty()) return null;
        String normalized = switch (this) {
            case NAME, TEXT, CATEGORY -> text.replaceAll("\\s+", " ");
            case CODE -> text.replaceAll("\\s+", "");
            case EMAIL -> text;
            case DATE -> DateParts.parse(text).map(DateParts::iso).orElse(text);
            case NUMBER -> number(text).map(n -> n.stripTrailingZeros().toPlainString()).orElse(text);
        };
        return normalized.isEmpty() ? null : normalized;
    }

    static Optional<BigDecimal> number(String text) {
        try {
            return Optional.of(new BigDecimal(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
