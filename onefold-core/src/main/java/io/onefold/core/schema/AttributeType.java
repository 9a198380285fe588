package io.onefold.core.schema;

import java.util.Arrays;
import java.util.Optional;

/** The value types of a template attribute; persisted and exchanged by their lower-case code. */
public enum AttributeType {
    STRING("string"),
    NUMBER("number"),
    INTEGER("integer"),
    BOOLEAN("boolean"),
    /** An ISO-8601 date ({@code 2026-11-28}) or instant, as the guide's {@code date} carries both. */
    DATE("date"),
    /** An ISO-8601 instant with offset, output in UTC. */
    DATETIME("datetime"),
    OBJECT("object"),
    ARRAY("array");

    private final String code;

    AttributeType(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** Whether MAX and MIN have a natural order on this type. */
    public boolean ordered() {
        return this == NUMBER || this == INTEGER || this == DATE || this == DATETIME || this == STRING;
    }

    public static Optional<AttributeType> fromCode(String code) {
        return Arrays.stream(values()).filter(t -> t.code.equalsIgnoreCase(code)).findFirst();
    }

    public static String validCodes() {
        return String.join(", ", Arrays.stream(values()).map(AttributeType::code).toList());
    }
}
