package io.onefold.core.schema;

import java.util.Locale;
import java.util.Optional;

/** How an identifier value is normalized before it is matched or stored. */
public enum Normalization {
    /** Trimmed, lower-cased, syntax-checked. */
    EMAIL("email"),
    /** E.164 through libphonenumber with a default region; unvalidatable numbers kept as {@code +digits}. */
    PHONE("phone"),
    /** Trimmed only. */
    NONE("none");

    private final String code;

    Normalization(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<Normalization> fromCode(String code) {
        for (Normalization n : values()) if (n.code.equalsIgnoreCase(code)) return Optional.of(n);
        return Optional.empty();
    }

    /** The default when a template does not say: guessed from the attribute name, as integrators name them. */
    public static Normalization defaultFor(String attributeName) {
        String name = attributeName.toLowerCase(Locale.ROOT);
        if (name.contains("email")) return EMAIL;
        if (name.contains("phone") || name.contains("msisdn") || name.contains("mobile")) return PHONE;
        return NONE;
    }
}
