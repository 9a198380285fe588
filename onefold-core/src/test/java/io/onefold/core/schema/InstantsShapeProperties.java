package io.onefold.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * {@link Instants#parseDate} and {@link Instants#parseInstant} refuse by shape what java.time would refuse by
 * throwing, and accept exactly what java.time accepts, with the same value: compared with the plain java.time parse
 * (what they were before the shape checks) over texts near ISO-8601 (valid ones with random edits, signs, long years,
 * offsets, fractions, cases, surrounding spaces) and over random texts of the characters that matter.
 */
class InstantsShapeProperties {

    /** The parse without shape checks: java.time alone decides. */
    static Optional<LocalDate> javaTimeDate(String text) {
        try {
            return Optional.of(LocalDate.parse(text.strip()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static Optional<Instant> javaTimeInstant(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text.strip()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    @Property(tries = 20_000)
    void nearIsoTextsParseAsWithJavaTimeAlone(@ForAll("nearIso") String text) {
        assertSameAsJavaTime(text);
        // the texts reach all three outcomes, so the comparison covers acceptance as well as refusal
        Statistics.label("kind").coverage(c -> {
            c.check("date").percentage(p -> p > 5);
            c.check("instant").percentage(p -> p > 5);
            c.check("neither").percentage(p -> p > 5);
        });
    }

    @Property(tries = 10_000)
    void randomTextsParseAsWithJavaTimeAlone(@ForAll("randomText") String text) {
        assertSameAsJavaTime(text);
    }

    private static void assertSameAsJavaTime(String text) {
        Optional<LocalDate> date = Instants.parseDate(text);
        Optional<Instant> instant = Instants.parseInstant(text);
        assertThat(date).as("parseDate(\"%s\")", text).isEqualTo(javaTimeDate(text));
        assertThat(instant).as("parseInstant(\"%s\")", text).isEqualTo(javaTimeInstant(text));
        Statistics.label("kind").collect(date.isPresent() ? "date" : instant.isPresent() ? "instant" : "neither");
    }

    @Example
    void aDatetimeIsRefusedAsADate_andADateAsAnInstant_byTheirShape() {
        assertThat(Instants.dateLength("2026-11-28T10:00:06Z")).as("a date, then more").isEqualTo(10).isNotEqualTo("2026-11-28T10:00:06Z".length());
        assertThat(Instants.couldBeInstant("2026-11-28")).isFalse();
        assertThat(Instants.couldBeInstant("2026-11-28T10:00:06Z")).isTrue();
        assertThat(Instants.couldBeInstant("2026-11-28T10:00Z")).isTrue();
        assertThat(Instants.couldBeInstant("2026-11-28T10:00")).as("no offset").isFalse();
        assertThat(Instants.parseDate("2026-11-28T10:00:06Z")).isEmpty();
        assertThat(Instants.parseInstant("2026-11-28")).isEmpty();
        assertThat(Instants.parseDate(" 2026-11-28\t")).contains(LocalDate.of(2026, 11, 28));
        assertThat(Instants.parseInstant("2026-11-28t10:00:06.5+01:30")).contains(Instant.parse("2026-11-28T08:30:06.500Z"));
        assertThat(Instants.parseInstant("+12026-11-28T10:00:06z")).contains(OffsetDateTime.parse("+12026-11-28T10:00:06Z").toInstant());
        assertThat(Instants.sortKey("2026-11-28T10:00:06Z")).isEqualTo(Instant.parse("2026-11-28T10:00:06Z"));
        assertThat(Instants.sortKey("2026-11-28")).isEqualTo(Instant.parse("2026-11-28T00:00:00Z"));
    }

    /** Valid-looking dates and instants (each part mostly valid, sometimes not), often edited once or twice. */
    @Provide
    Arbitrary<String> nearIso() {
        Arbitrary<String> year = Combinators.combine(Arbitraries.of("", "", "", "+", "-"), Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(12))
                .as((sign, digits) -> sign + digits);
        Arbitrary<String> anyDate = Combinators.combine(year, twoDigits(0, 39), twoDigits(0, 39)).as((y, m, d) -> y + "-" + m + "-" + d);
        Arbitrary<String> validDate = Combinators.combine(Arbitraries.integers().between(1, 9999), Arbitraries.integers().between(1, 12),
                Arbitraries.integers().between(1, 28)).as((y, m, d) -> String.format("%04d-%02d-%02d", y, m, d));
        Arbitrary<String> date = mostly(validDate, anyDate);
        Arbitrary<String> time = Combinators.combine(mostly(Arbitraries.of("T", "t"), Arbitraries.of(" ", "", "_")),
                mostly(twoDigits(0, 23), twoDigits(24, 99)), mostly(Arbitraries.just(":"), Arbitraries.of("", ".")), mostly(twoDigits(0, 59), twoDigits(60, 99)),
                mostly(Arbitraries.of("", ":00", ":59"), Arbitraries.of(":60", ":7", ":")),
                Arbitraries.of("", "", "", "", ".", ".5", ".123456789", ".1234567890", ",5"))
                .as((t, h, colon, m, sec, f) -> t + h + colon + m + sec + f);
        Arbitrary<String> offset = mostly(Arbitraries.of("Z", "z", "+01", "+0130", "+01:30", "-05:00", "+01:30:15", "+18:00"),
                Arbitraries.of("", "+19:00", "+1", "UTC", "+01:3", "Z0", "+01:30:1"));
        Arbitrary<String> instant = Combinators.combine(date, time, offset).as((d, t, o) -> d + t + o);
        Arbitrary<String> text = Arbitraries.frequencyOf(Tuple.of(2, date), Tuple.of(3, instant));
        Arbitrary<String> padded = Combinators.combine(mostly(Arbitraries.just(""), Arbitraries.of(" ", "\t", "\u2003", "\u00A0")), text,
                mostly(Arbitraries.just(""), Arbitraries.of(" ", "\n"))).as((before, t, after) -> before + t + after);
        Arbitrary<Integer> edits = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(0)), Tuple.of(3, Arbitraries.just(1)), Tuple.of(1, Arbitraries.just(2)));
        return Combinators.combine(padded, edits, Arbitraries.longs()).as(InstantsShapeProperties::edited);
    }

    /** Mostly {@code usual}, one time in eight {@code unusual}. */
    private static Arbitrary<String> mostly(Arbitrary<String> usual, Arbitrary<String> unusual) {
        return Arbitraries.frequencyOf(Tuple.of(7, usual), Tuple.of(1, unusual));
    }

    private static Arbitrary<String> twoDigits(int from, int to) {
        return Arbitraries.integers().between(from, to).map(i -> String.format("%02d", i));
    }

    /** {@code edits} random deletions, insertions or replacements, chosen by {@code seed}. */
    private static String edited(String text, int edits, long seed) {
        java.util.Random random = new java.util.Random(seed);
        StringBuilder s = new StringBuilder(text);
        for (int e = 0; e < edits; e++) {
            int at = s.isEmpty() ? 0 : random.nextInt(s.length());
            char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            switch (random.nextInt(3)) {
                case 0 -> { if (!s.isEmpty()) s.deleteCharAt(at); }
                case 1 -> s.insert(at, c);
                default -> { if (!s.isEmpty()) s.setCharAt(at, c); }
            }
        }
        return s.toString();
    }

    /** What dates and instants are made of, plus look-alikes java.time must refuse (other digits, letters that case-fold). */
    private static final String ALPHABET = "0123456789-+:.,TtZz \u0660\uFF10\u0130\u0131";

    @Provide
    Arbitrary<String> randomText() {
        return Arbitraries.strings().withChars(ALPHABET.toCharArray()).ofMinLength(0).ofMaxLength(30);
    }
}
