package io.onefold.core.rules;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Period;
import java.time.Year;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * An ISO-8601 duration such as {@code P30D}, {@code P6M} or {@code PT12H}. A contribution is stale when
 * it is older than the freshest contribution to the same attribute by more than this — measured against
 * data, never against the wall clock, so a profile never changes by the mere passing of time.
 * Calendar units (months, years) are applied on the UTC calendar of the freshest contribution.
 *
 * <p>The limit is computed for every instant, {@link Instant#MIN} to {@link Instant#MAX}, and never throws: stored
 * data may hold instants from before the accepted {@code observed_at} range existed, and a profile must still
 * resolve. The calendar arithmetic runs on epoch days (the Gregorian calendar repeats every 400 years, so a date
 * beyond {@link LocalDate}'s range is shifted by whole cycles); a limit below every instant saturates (nothing is
 * stale).
 */
public record StalenessThreshold(String text, Period period, Duration duration) {
    private static final long SECONDS_PER_DAY = 86_400;
    /** Days in 400 Gregorian years: the calendar's period. */
    private static final long DAYS_PER_CYCLE = 146_097;
    private static final long YEARS_PER_CYCLE = 400;
    private static final int CYCLE_BASE_YEAR = 2000;

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
        long day = Math.floorDiv(freshest.getEpochSecond(), SECONDS_PER_DAY);
        long secondOfDay = Math.floorMod(freshest.getEpochSecond(), SECONDS_PER_DAY);
        // the freshest date as (year, month, day) on the proleptic calendar, whatever its year
        long cycles = Math.floorDiv(day - LocalDate.of(CYCLE_BASE_YEAR, 1, 1).toEpochDay(), DAYS_PER_CYCLE);
        LocalDate inCycle = LocalDate.ofEpochDay(day - cycles * DAYS_PER_CYCLE);
        long year = inCycle.getYear() + cycles * YEARS_PER_CYCLE;
        // minus the years and months (as LocalDate does: the day clamped to the month's length), then the days:
        // every term is at most a few billion years of days, far from long's range
        long months = year * 12 + inCycle.getMonthValue() - 1 - period.toTotalMonths();
        long limitYear = Math.floorDiv(months, 12);
        Month limitMonth = Month.of((int) Math.floorMod(months, 12) + 1);
        int limitDayOfMonth = Math.min(inCycle.getDayOfMonth(), limitMonth.length(Year.isLeap(limitYear)));
        long limitDay = epochDay(limitYear, limitMonth, limitDayOfMonth) - period.getDays();
        long limitSecond = limitDay * SECONDS_PER_DAY + secondOfDay;
        // then the time part, saturating: a limit before every representable instant makes nothing stale
        long nano = (long) freshest.getNano() - duration.getNano();
        long borrow = nano < 0 ? 1 : 0;
        nano += borrow * 1_000_000_000L;
        long second;
        try {
            second = Math.subtractExact(Math.subtractExact(limitSecond, duration.getSeconds()), borrow);
        } catch (ArithmeticException belowEveryInstant) {
            return false;
        }
        return observed.getEpochSecond() < second || (observed.getEpochSecond() == second && observed.getNano() < nano);
    }

    /** The epoch day of a date of any year, by shifting it into {@link LocalDate}'s range by whole 400-year cycles. */
    private static long epochDay(long year, Month month, int dayOfMonth) {
        long cycles = Math.floorDiv(year - CYCLE_BASE_YEAR, YEARS_PER_CYCLE);
        LocalDate inCycle = LocalDate.of((int) (year - cycles * YEARS_PER_CYCLE), month, dayOfMonth);
        return inCycle.toEpochDay() + cycles * DAYS_PER_CYCLE;
    }
}
