package io.onefold.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.core.json.CanonicalJson;
import java.time.Instant;
import java.util.Comparator;

/**
 * The latest value of one attribute from one source record — a last-writer-wins register ordered by
 * {@code (observed_at, canonical value, explicit)}. A {@code null} value is a retraction: the record
 * withdrew its own contribution (null_behavior retract, or replace_all), and keeps the time it did so,
 * so that an older value arriving late cannot resurrect it.
 */
public record Contribution(String attribute, JsonNode value, String canonical, Instant observedAt, boolean explicit) {
    /** The register order: the greater contribution supersedes the smaller; total, so arrival order never matters. */
    public static final Comparator<Contribution> REGISTER_ORDER = Comparator.comparing(Contribution::observedAt)
            .thenComparing(Contribution::canonical)
            .thenComparing(Contribution::explicit);

    public static Contribution of(String attribute, JsonNode value, Instant observedAt, boolean explicit) {
        return new Contribution(attribute, value, value == null ? "null" : CanonicalJson.of(value), observedAt, explicit);
    }

    public static Contribution retraction(String attribute, Instant observedAt) {
        return new Contribution(attribute, null, "null", observedAt, false);
    }

    public boolean retracted() {
        return value == null;
    }

    public boolean supersedes(Contribution other) {
        return other == null || REGISTER_ORDER.compare(this, other) > 0;
    }
}
