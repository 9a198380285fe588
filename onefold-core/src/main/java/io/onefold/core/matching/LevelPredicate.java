package io.onefold.core.matching;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * The test a comparison level applies to two normalized, non-missing values. Levels are tried in order and the first
 * that holds is the pair's level, so a list runs from the strictest test to {@link Else}. Every test is symmetric:
 * swapping the two records never changes whether it holds. A label names the test and its threshold, never a value:
 * it is what an explanation shows.
 */
public sealed interface LevelPredicate {
    boolean holds(ComparedValues values);

    /** The test on two values alone (a level reading other attributes does not hold). */
    default boolean holds(String a, String b) {
        return holds(ComparedValues.of(a, b));
    }

    /** What the explanation shows, e.g. {@code jaro_winkler >= 0.92}. */
    String label();

    /** The stable code of the test in the JSON shape ({@code comparator}). */
    String code();

    /** Equal normalized values. The only level term-frequency adjustment applies to. */
    record Exact() implements LevelPredicate {
        public boolean holds(ComparedValues v) {
            return v.a().equals(v.b());
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
        public boolean holds(ComparedValues v) {
            int i = v.a().indexOf('@');
            int j = v.b().indexOf('@');
            return i > 0 && i == j && v.a().regionMatches(0, v.b(), 0, i);
        }

        public String label() {
            return "exact local part";
        }

        public String code() {
            return "exact_local_part";
        }
    }

    record JaroWinklerAtLeast(double threshold) implements LevelPredicate {
        public boolean holds(ComparedValues v) {
            return v.jaroWinkler() >= threshold;
        }

        public String label() {
            return "jaro_winkler >= " + threshold;
        }

        public String code() {
            return "jaro_winkler";
        }
    }

    record LevenshteinAtMost(int max) implements LevelPredicate {
        public boolean holds(ComparedValues v) {
            return v.levenshtein(max) <= max;
        }

        public String label() {
            return "levenshtein <= " + max;
        }

        public String code() {
            return "levenshtein";
        }
    }

    /**
     * The values of this attribute and of {@code other} swapped between the records (a given name filed as the
     * surname, two address lines in the other order), each pair of crossed values at least {@code threshold} similar
     * by Jaro-Winkler (1 for exact).
     */
    record SwappedWith(String other, double threshold) implements LevelPredicate {
        public boolean holds(ComparedValues v) {
            String otherA = v.otherA(other);
            String otherB = v.otherB(other);
            return otherA != null && otherB != null && similar(v.a(), otherB) && similar(otherA, v.b());
        }

        private boolean similar(String x, String y) {
            return threshold >= 1 ? x.equals(y) : JaroWinkler.similarity(x, y) >= threshold;
        }

        public String label() {
            return "swapped with " + other + (threshold >= 1 ? "" : " (jaro_winkler >= " + threshold + ")");
        }

        public String code() {
            return "swapped_with";
        }
    }

    /** Same year, day and month swapped. */
    record DateTransposed() implements LevelPredicate {
        public boolean holds(ComparedValues v) {
            return v.datesTransposed();
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

        public boolean holds(ComparedValues v) {
            long days = v.dayDistance();
            return days >= 0 && days <= maxDays();
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
        public boolean holds(ComparedValues v) {
            Optional<BigDecimal> x = ValueKind.number(v.a());
            Optional<BigDecimal> y = ValueKind.number(v.b());
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
        public boolean holds(ComparedValues v) {
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
