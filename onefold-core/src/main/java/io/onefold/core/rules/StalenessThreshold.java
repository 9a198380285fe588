package io.onefold.core.rules;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * An ISO-8601 duration such as {@code P30D}, {@code P6M} or {@code PT12H}. A contribution is stale when
 * it is older than the freshest contribution to the same attribute by more than this — measured against
 * data, never against the wall clock, so a profile never changes by the mere passing of time.
 * Calendar units (months, years) are applied on the UTC calendar of the freshest contribution.
 */
public record StalenessThreshold(String text, Period period, Duration duration) {

    public static Optional<StalenessThreshold> parse(String text) {
        String t = text.trim().toUpperCase(java.util.Locale.ROOT);
        if (t.startsWith("-")) return Optional.empty();
        int timeAt = t.indexOf('T');
        try {
            if (timeAt < 0) {
                Period p = Period.parse(t);
                return p.isNegative() ? Optional.empty() : Optional.of(new StalenessThreshold(text.trim(), p, Duration.ZERO));
            }
            String datePart = t.substring(0, timeAt);
            Period p = datePart.equals("P") ? Period.ZERO : Period.parse(datePart);
            Duration d = Duration.parse("P" + t.substring(timeAt));
            if (p.isNegative() || d.isNegative()) return Optional.empty();
            return Optional.of(new StalenessThreshold(text.trim(), p, d));
        } catch (DateTimeParseException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code observed} is older than {@code freshest} by more than this threshold. */
    public boolean isStale(Instant freshest, Instant observed) {
        Instant limit = freshest.atOffset(ZoneOffset.UTC).minus(period).minus(duration).toInstant();
        return observed.isBefore(limit);
    }
}
