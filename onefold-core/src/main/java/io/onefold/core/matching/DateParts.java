package io.onefold.core.matching;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;

/**
 * A date read loosely into year, month and day, kept even when it is not a valid calendar date: a typed
 * {@code 1956-14-09} is still evidence (its day and month may be transposed), so only the day-distance levels need a
 * valid date. Accepted shapes: {@code yyyy-mm-dd}, {@code yyyymmdd}, {@code yyyy/mm/dd}, {@code dd/mm/yyyy},
 * {@code dd.mm.yyyy} and {@code dd-mm-yyyy} (day first, the reading of most of the world; a month-first source
 * shows up as transposed day and month, which has its own level).
 */
public record DateParts(int year, int month, int day) {
    /** What {@link #epochDay} answers for a date the calendar does not have (such as the 31st of April). */
    public static final long NOT_A_DATE = Long.MIN_VALUE;
    private static final int MIN_YEAR = 1000;
    private static final int MAX_YEAR = 2999;

    public static Optional<DateParts> parse(String text) {
        if (isIso(text)) return valid(number(text, 0, 4), number(text, 5, 7), number(text, 8, 10)); // normalized values: the hot path
        String s = text.trim();
        if (s.length() >= 10 && s.length() <= 25 && s.charAt(4) == '-' && s.charAt(7) == '-') s = s.substring(0, 10); // drop a time
        String digits;
        boolean yearFirst;
        if (s.length() == 8 && allDigits(s)) {
            digits = s;
            yearFirst = true;
        } else if (s.length() == 10 && separated(s, 4, 7)) {
            digits = s.substring(0, 4) + s.substring(5, 7) + s.substring(8, 10);
            yearFirst = true;
        } else if (s.length() == 10 && separated(s, 2, 5)) {
            digits = s.substring(6, 10) + s.substring(3, 5) + s.substring(0, 2);
            yearFirst = false;
        } else {
            return Optional.empty();
        }
        if (!allDigits(digits) || (!yearFirst && digits.length() != 8)) return Optional.empty();
        return valid(number(digits, 0, 4), number(digits, 4, 6), number(digits, 6, 8));
    }

    private static Optional<DateParts> valid(int year, int month, int day) {
        if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || day < 1 || month > 31 || day > 31) return Optional.empty();
        if (month > 12 && day > 12) return Optional.empty();
        return Optional.of(new DateParts(year, month, day));
    }

    /** The ISO form {@code yyyy-mm-dd}, also for an invalid date, so that exact and edit-distance levels can compare it. */
    public String iso() {
        return "%04d-%02d-%02d".formatted(year, month, day);
    }

    /** Days since the epoch, or {@link #NOT_A_DATE} when this is not a calendar date (checked without exceptions: hot path). */
    public long epochDay() {
        if (month > 12 || day > YearMonth.of(year, month).lengthOfMonth()) return NOT_A_DATE;
        return LocalDate.of(year, month, day).toEpochDay();
    }

    /** The same year with day and month swapped, and not the same date. */
    public boolean transposedWith(DateParts other) {
        return year == other.year && month == other.day && day == other.month && month != day;
    }

    private static boolean isIso(String s) {
        if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-') return false;
        for (int i = 0; i < 10; i++) if (i != 4 && i != 7 && (s.charAt(i) < '0' || s.charAt(i) > '9')) return false;
        return true;
    }

    /** The decimal number in {@code s[from, to)}, which holds only digits. */
    private static int number(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) n = n * 10 + (s.charAt(i) - '0');
        return n;
    }

    private static boolean separated(String s, int first, int second) {
        char c = s.charAt(first);
        return (c == '-' || c == '/' || c == '.') && s.charAt(second) == c;
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return !s.isEmpty();
    }
}
