package io.onefold.core.matching;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * The test a comparison level applies to two normalized, non-missing values. Levels are tried in order and the first
 * that holds is the pair's level, so a list runs from the strictest test to {@link Else}. Every test is symmetric:
 * {@code holds(a, b) == holds(b, a)}. A label names the test and its threshold, never a value: it is what an
 * explanation shows.
 */
public sealed interface LevelPredicate {
    boolean holds(String a, String b);

    /** What the explanation shows, e.g. {@code jaro_winkler >= 0.92}. */
    String label();

    /** The stable code of the test in the JSON shape ({@code comparator}). */
    String code();

    /** Equal normalized values. The only level term-frequency adjustment applies to. */
    record Exact() implements LevelPredicate {
        public boolean holds(String a, String b) {
            return a.equals(b);
        }

        public String label() {
            return "exact";
        }

        public String code() {
            return "exact";
        }
    }

    /** Equal parts before the '@' (an email moved to another domain). */
    record ExactLocalPart() implements LevelPredicate {
        public boolean holds(String a, String b) {
            int i = a.indexOf('@');
            int j = b.indexOf('@');
            return i > 0 && i == j && a.regionMatches(0, b, 0, i);
        }

        public String label() {
            return "exact local part";
        }

        public String code() {
            return "exact_local_part";
        }
    }

    record JaroWinklerAtLeast(double threshold) implements LevelPredicate {
        public boolean holds(String a, String b) {
            return JaroWinkler.similarity(a, b) >= threshold;
        }

        public String label() {
            return "jaro_winkler >= " + threshold;
        }

        public String code() {
            return "jaro_winkler";
        }
    }

    record LevenshteinAtMost(int max) implements LevelPredicate {
        public boolean holds(String a, String b) {
            return Levenshtein.distance(a, b, max) <= max;
        }

        public String label() {
            return "levenshtein <= " + max;
        }

        public String code() {
            return "levenshtein";
        }
    }

    /** Same year, day and month swapped. */
    record DateTransposed() implements LevelPredicate {
        public boolean holds(String a, String b) {
            Optional<DateParts> x = DateParts.parse(a);
            Optional<DateParts> y = DateParts.parse(b);
            return x.isPresent() && y.isPresent() && x.get().transposedWith(y.get());
        }

        public String label() {
            return "day and month transposed";
        }

        public String code() {
            return "date_transposed";
        }
    }

    /** Two calendar dates at most {@code amount} days, or years of 365.25 days, apart. */
    record DateWithin(int amount, boolean inYears) implements LevelPredicate {
        public static DateWithin days(int days) {
            return new DateWithin(days, false);
        }

        public static DateWithin years(int years) {
            return new DateWithin(years, true);
        }

        public long maxDays() {
            return inYears ? Math.round(amount * 365.25) : amount;
        }

        public boolean holds(String a, String b) {
            Optional<Long> x = DateParts.parse(a).flatMap(DateParts::epochDay);
            Optional<Long> y = DateParts.parse(b).flatMap(DateParts::epochDay);
            return x.isPresent() && y.isPresent() && Math.abs(x.get() - y.get()) <= maxDays();
        }

        public String label() {
            return "within " + amount + (inYears ? " year" : " day") + (amount == 1 ? "" : "s");
        }

        public String code() {
            return "date_within";
        }
    }

    /** Numbers differing by at most {@code absolute}, or by at most {@code relative} times the larger magnitude. */
    record NumberWithin(double absolute, double relative) implements LevelPredicate {
        public boolean holds(String a, String b) {
            Optional<BigDecimal> x = ValueKind.number(a);
            Optional<BigDecimal> y = ValueKind.number(b);
            if (x.isEmpty() || y.isEmpty()) return false;
            double difference = x.get().subtract(y.get()).abs().doubleValue();
            double magnitude = Math.max(x.get().abs().doubleValue(), y.get().abs().doubleValue());
            return difference <= absolute || difference <= relative * magnitude;
        }

        public String label() {
            return "number within " + absolute + " or " + relative * 100 + "%";
        }

        public String code() {
            return "number_within";
        }
    }

    /** Every pair not caught by an earlier level. */
    record Else() implements LevelPredicate {
        public boolean holds(String a, String b) {
            return true;
        }

        public String label() {
            return "else";
        }

        public String code() {
            return "else";
        }
    }
}
