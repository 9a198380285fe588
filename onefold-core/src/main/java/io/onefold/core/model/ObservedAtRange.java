package io.onefold.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The instants an observation may claim as its {@code observed_at}: from {@link #EARLIEST} to the time of receipt plus
 * the allowed clock skew. Earlier instants are typing errors or sentinels (year 0, {@code -999999999-…}), not
 * measurements of a customer; later ones are a client's wrong clock, and would win every MOST_RECENT rule for as long
 * as the clock is wrong. Refusing both keeps staleness and recency meaningful.
 *
 * @param maxFutureSkew how far ahead of the receiving node's clock a client's clock may be (non-negative)
 */
public record ObservedAtRange(Duration maxFutureSkew) {
    /** The earliest accepted {@code observed_at}. */
    public static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    /** Clocks drift; more than this in the future is a client bug, not a measurement. */
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(5);
    public static final ObservedAtRange DEFAULT = new ObservedAtRange(DEFAULT_MAX_FUTURE_SKEW);

    public ObservedAtRange {
        if (maxFutureSkew == null || maxFutureSkew.isNegative()) throw new IllegalArgumentException("the allowed clock skew must be a non-negative duration");
    }

    /** Why {@code observedAt}, received at {@code now}, is refused; empty when it is accepted. Never throws, whatever the instants. */
    public Optional<String> refusal(Instant observedAt, Instant now) {
        if (observedAt.isBefore(EARLIEST)) return Optional.of("must not be before " + EARLIEST + " (got " + observedAt + ")");
        // Duration.between spans Instant.MIN..MAX without overflow, unlike now.plus(skew)
        if (observedAt.isAfter(now) && Duration.between(now, observedAt).compareTo(maxFutureSkew) > 0) {
            return Optional.of("is more than " + describe(maxFutureSkew) + " in the future (the allowed clock skew)");
        }
        return Optional.empty();
    }

    /** "5 minutes", "90 seconds", else ISO-8601 ("PT0.5S"). */
    private static String describe(Duration d) {
        if (d.toNanosPart() != 0) return d.toString();
        if (d.toSecondsPart() == 0 && !d.isZero()) return d.toMinutes() + (d.toMinutes() == 1 ? " minute" : " minutes");
        return d.getSeconds() + (d.getSeconds() == 1 ? " second" : " seconds");
    }
}
