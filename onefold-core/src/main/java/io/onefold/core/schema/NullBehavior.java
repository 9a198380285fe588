package io.onefold.core.schema;

import java.util.Optional;

/** What an explicit JSON {@code null} in a payload means. */
public enum NullBehavior {
    /** Ignored, like an omitted attribute: a null never erases anything (the default; the guide's phantom merge cannot happen). */
    IGNORE("ignore"),
    /** The sending source record withdraws its own contribution, and only its own. */
    RETRACT("retract");

    private final String code;

    NullBehavior(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<NullBehavior> fromCode(String code) {
        for (NullBehavior b : values()) if (b.code.equalsIgnoreCase(code)) return Optional.of(b);
        return Optional.empty();
    }
}
