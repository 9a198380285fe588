package io.onefold.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * A staleness threshold's limit is exact where the calendar reaches (it agrees with {@code OffsetDateTime} arithmetic)
 * and defined for every instant beyond it: no pair of instants from {@link Instant#MIN} to {@link Instant#MAX} makes
 * it throw, and a limit below every instant makes nothing stale.
 */
class StalenessThresholdProperties {
    /** From a day to the largest threshold the parser accepts. */
    private static final String[] THRESHOLDS = {"P30D", "P6M", "P1Y", "PT12H", "P1M1DT1.5S", "PT0.000000001S",
            "P1000000000Y", "P2147483647Y11M2147483647DT2562047788015215H30M7.999999999S"};

    private static StalenessThreshold threshold(String text) {
        return StalenessThreshold.parse(text).orElseThrow();
    }

    /** Mostly ordinary instants, with the ends of {@link Instant}'s and of the calendar's range often. */
    @Provide
    Arbitrary<Instant> anyInstant() {
        Arbitrary<Instant> uniform = Combinators.combine(
                Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
                Arbitraries.integers().between(0, 999_999_999)).as(Instant::ofEpochSecond);
        Arbitrary<Instant> edges = Arbitraries.of(Instant.MIN, Instant.MAX, Instant.EPOCH,
                Instant.parse("-999999999-01-01T00:00:00Z"), Instant.parse("+999999999-12-31T23:59:59.999999999Z"),
                Instant.MIN.plusNanos(1), Instant.MAX.minusNanos(1), Instant.parse("-1000000000-03-01T00:00:00Z"));
        return Arbitraries.frequencyOf(Tuple.of(3, uniform), Tuple.of(2, edges), Tuple.of(3, ordinary()));
    }

    @Provide
    Arbitrary<Instant> ordinary() {
        return Combinators.combine(
                Arbitraries.longs().between(Instant.parse("-9999-01-01T00:00:00Z").getEpochSecond(), Instant.parse("9999-12-31T23:59:59Z").getEpochSecond()),
                Arbitraries.integers().between(0, 999_999_999)).as(Instant::ofEpochSecond);
    }

    @Provide
    Arbitrary<String> thresholds() {
        return Arbitraries.of(THRESHOLDS);
    }

    @Property(tries = 3000)
    void noPairOfInstantsMakesTheLimitThrow(@ForAll("anyInstant") Instant freshest, @ForAll("anyInstant") Instant observed,
                                           @ForAll("thresholds") String text) {
        StalenessThreshold t = threshold(text);
        boolean stale = t.isStale(freshest, observed);
        if (!observed.isBefore(freshest)) assertThat(stale).as("never older than itself").isFalse();
    }

    @Property(tries = 3000)
    void agreesWithCalendarArithmeticWhereverTheCalendarReaches(@ForAll("ordinary") Instant freshest, @ForAll("anyInstant") Instant observed,
                                                               @ForAll("thresholds") String text) {
        StalenessThreshold t = threshold(text);
        Instant limit;
        try {
            limit = freshest.atOffset(ZoneOffset.UTC).minus(t.period()).minus(t.duration()).toInstant();
        } catch (DateTimeException | ArithmeticException beyondTheCalendar) {
            return;
        }
        assertThat(t.isStale(freshest, observed)).isEqualTo(observed.isBefore(limit));
        // and at the limit itself, to the nanosecond
        assertThat(t.isStale(freshest, limit)).isFalse();
        if (limit.isAfter(Instant.MIN)) assertThat(t.isStale(freshest, limit.minusNanos(1))).isTrue();
    }

    @Example
    void aLimitBeforeEveryInstantMakesNothingStale() {
        assertThat(threshold("P1D").isStale(Instant.MIN, Instant.MIN)).isFalse();
        assertThat(threshold("P2147483647Y").isStale(Instant.MAX, Instant.MIN)).isFalse();
        assertThat(threshold("PT2562047788015215H").isStale(Instant.EPOCH, Instant.MIN)).isFalse();
    }

    @Example
    void theEndsOfTheRangeAreStaleAgainstEachOther() {
        assertThat(threshold("P1D").isStale(Instant.MAX, Instant.MIN)).isTrue();
        assertThat(threshold("P1000000000Y").isStale(Instant.MAX, Instant.MIN)).isTrue();
        assertThat(threshold("P30D").isStale(Instant.parse("2026-11-28T00:00:00Z"), Instant.parse("-999999999-01-01T00:00:00Z"))).isTrue();
    }

    @Example
    void monthsClampToTheMonthsLengthBeyondTheCalendarsRangeToo() {
        // +1000000000 is a leap year (divisible by 400): Feb 29 exists, 12 months after Feb 29 of the year before does not
        Instant freshest = Instant.parse("+1000000000-02-29T00:00:00Z");
        assertThat(threshold("P12M").isStale(freshest, Instant.parse("+999999999-02-28T00:00:00Z"))).isFalse();
        assertThat(threshold("P12M").isStale(freshest, Instant.parse("+999999999-02-27T23:59:59.999999999Z"))).isTrue();
    }
}
