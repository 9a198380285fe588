package io.onefold.core.schema;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** ISO-8601 parsing shared by the template types and the observation envelope. */
public final class Instants {
    private Instants() {}

    /** An instant with an offset ({@code Z} or {@code +02:00}); a local date-time without offset is ambiguous, so refused. */
    public static Optional<Instant> parseInstant(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text.strip()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public static Optional<LocalDate> parseDate(String text) {
        try {
            return Optional.of(LocalDate.parse(text.strip()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The instant a {@code date} value stands for when compared with instants: midnight UTC. */
    public static Instant sortKey(String dateOrInstant) {
        return parseDate(dateOrInstant).map(d -> d.atStartOfDay(ZoneOffset.UTC).toInstant())
                .or(() -> parseInstant(dateOrInstant)).orElse(Instant.EPOCH);
    }

    /** Whether a date is in years 0001 to 9999: the range ISO-8601 writes with four digits and every date library reads. */
    public static boolean inFourDigitYears(LocalDate date) {
        return date.getYear() >= 1 && date.getYear() <= 9999;
    }

    /** Whether an instant's UTC date is in years 0001 to 9999. */
    public static boolean inFourDigitYears(Instant instant) {
        return !instant.isBefore(FIRST_FOUR_DIGIT_YEAR) && instant.isBefore(AFTER_FOUR_DIGIT_YEARS);
    }

    private static final Instant FIRST_FOUR_DIGIT_YEAR = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant AFTER_FOUR_DIGIT_YEARS = Instant.parse("+10000-01-01T00:00:00Z");

    /** {@code t - d}, or {@link Instant#MIN} when that is before every instant (never throws). */
    public static Instant minusSaturating(Instant t, java.time.Duration d) {
        return d.compareTo(java.time.Duration.between(Instant.MIN, t)) >= 0 ? Instant.MIN : t.minus(d);
    }
}
