package io.onefold.core.schema;

import java.util.Optional;

/** How many values an attribute holds on one profile. */
public enum Cardinality {
    /** One value; an identifier with {@code single} cardinality never has two current values. */
    SINGLE("single"),
    /** A list of values (phone numbers, tags). */
    MULTIPLE("multiple");

    private final String code;

    Cardinality(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<Cardinality> fromCode(String code) {
        for (Cardinality c : values()) if (c.code.equalsIgnoreCase(code)) return Optional.of(c);
        return Optional.empty();
    }
}
