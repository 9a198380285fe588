package io.onefold.core.schema;

import java.util.Optional;

/** What an attribute omitted from a payload means for the sending source record. */
public enum UpdateBehavior {
    /** Omitted means "no opinion": nothing changes (the default). */
    MERGE("merge"),
    /** The payload is the record's complete state: an omitted attribute retracts that record's own contribution. */
    REPLACE_ALL("replace_all");

    private final String code;

    UpdateBehavior(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<UpdateBehavior> fromCode(String code) {
        for (UpdateBehavior b : values()) if (b.code.equalsIgnoreCase(code)) return Optional.of(b);
        return Optional.empty();
    }
}
