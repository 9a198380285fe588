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
 *
 * <p>Under replace_all a payload retracts every attribute it omits, including the ones its record never sent: such a
 * retraction is {@code implied} until the record is known to have sent the attribute (a value or a null, earlier or
 * arriving late). It keeps the register's time all the same, but withdraws nothing, so lineage does not list it.
 *
 * <p>{@code canonical} is always {@code CanonicalJson.of(value)} ({@code "null"} for a retraction): the factories compute
 * it once, and the stores write it as the value's stored text.
 */
public record Contribution(String attribute, JsonNode value, String canonical, Instant observedAt, boolean explicit, boolean implied) {
    /** The register order: the greater contribution supersedes the smaller; total, so arrival order never matters. */
    public static final Comparator<Contribution> REGISTER_ORDER = Comparator.comparing(Contribution::observedAt)
            .thenComparing(Contribution::canonical)
            .thenComparing(Contribution::explicit);

    public static Contribution of(String attribute, JsonNode value, Instant observedAt, boolean explicit) {
        return new Contribution(attribute, value, value == null ? "null" : CanonicalJson.of(value), observedAt, explicit, false);
    }

    /** The record withdraws its value (an explicit null that retracts, or an omission of an attribute it had sent). */
    public static Contribution retraction(String attribute, Instant observedAt) {
        return new Contribution(attribute, null, "null", observedAt, false, false);
    }

    /** A replace_all payload omitted the attribute, which its record may never have sent. */
    public static Contribution omission(String attribute, Instant observedAt) {
        return new Contribution(attribute, null, "null", observedAt, false, true);
    }

    public boolean retracted() {
        return value == null;
    }

    public boolean supersedes(Contribution other) {
        return other == null || REGISTER_ORDER.compare(this, other) > 0;
    }

    /**
     * The register of one record's attribute after {@code incoming}: the greater of the two in register order, and
     * implied only while everything the record said about the attribute was an omission. Commutative and
     * associative, so a record ends the same whatever order its payloads arrive in.
     */
    public static Contribution fold(Contribution current, Contribution incoming) {
        if (current == null) return incoming;
        Contribution greater = incoming.supersedes(current) ? incoming : current;
        boolean implied = current.implied && incoming.implied;
        return greater.implied == implied ? greater : new Contribution(greater.attribute, greater.value, greater.canonical, greater.observedAt, greater.explicit, implied);
    }
}
