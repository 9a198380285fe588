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

    /**
     * An instant with an offset ({@code Z} or {@code +02:00}); a local date-time without offset is ambiguous, so refused.
     * A text that cannot be one (a date alone, say: {@link #sortKey} and the DATE type try both) is refused by its
     * shape, without java.time throwing.
     */
    public static Optional<Instant> parseInstant(String text) {
        String t = text.strip();
        if (!couldBeInstant(t)) return Optional.empty();
        try {
            return Optional.of(OffsetDateTime.parse(t).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A date ({@code 2026-11-28}); a text that cannot be one (an instant, say) is refused by its shape, without throwing. */
    public static Optional<LocalDate> parseDate(String text) {
        String t = text.strip();
        if (dateLength(t) != t.length()) return Optional.empty();
        try {
            return Optional.of(LocalDate.parse(t));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /*
     * The shape checks below only refuse what java.time would refuse too, so the accepted sets stay exactly theirs
     * (InstantsShapeProperties compares with the plain java.time parse). ISO_LOCAL_DATE is an optional sign, a year of
     * 4 to 10 ASCII digits, '-', two digits, '-', two digits; ISO_OFFSET_DATE_TIME is that date, one character
     * ('T', any case), two digits, ':', two digits, then more time and an offset of at least one character ('Z').
     */

    /** The length of the ISO_LOCAL_DATE shape {@code [+-]YYYY[YYYYYY]-MM-DD} at the start of {@code t}, or -1. */
    static int dateLength(String t) {
        int n = t.length();
        int i = n > 0 && (t.charAt(0) == '+' || t.charAt(0) == '-') ? 1 : 0;
        int yearStart = i;
        while (i < n && isDigit(t.charAt(i))) i++;
        int yearDigits = i - yearStart;
        if (yearDigits < 4 || yearDigits > 10) return -1;
        if (i + 6 > n || t.charAt(i) != '-' || !isDigit(t.charAt(i + 1)) || !isDigit(t.charAt(i + 2))
                || t.charAt(i + 3) != '-' || !isDigit(t.charAt(i + 4)) || !isDigit(t.charAt(i + 5))) {
            return -1;
        }
        return i + 6;
    }

    static boolean couldBeInstant(String t) {
        int d = dateLength(t);
        // the date, 'T', HH:mm, and at least one character of offset
        return d > 0 && t.length() >= d + 7 && isDigit(t.charAt(d + 1)) && isDigit(t.charAt(d + 2)) && t.charAt(d + 3) == ':'
                && isDigit(t.charAt(d + 4)) && isDigit(t.charAt(d + 5));
    }

    /** java.time's ISO formatters read ASCII digits only (DecimalStyle.STANDARD). */
    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
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
