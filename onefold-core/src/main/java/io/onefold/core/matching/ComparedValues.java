package io.onefold.core.matching;

/**
 * Two normalized, non-missing values of one attribute, as the levels of a comparison test them, and the measures the
 * levels take of them, each taken at most once per pair: a name's three Jaro-Winkler levels compute one similarity,
 * a date's levels parse each date once. Levels that look at another attribute of the same records (values swapped
 * between two attributes) read it through {@link #otherA} and {@link #otherB}.
 */
public final class ComparedValues {
    private static final long NOT_YET = Long.MIN_VALUE;
    private final MatchRecord first;
    private final MatchRecord second;
    private final String a;
    private final String b;
    private double jaroWinkler = Double.NaN;
    private int levenshteinBound = -1;
    private int levenshtein;
    private boolean datesRead;
    private DateParts dateA;
    private DateParts dateB;
    private long days = NOT_YET;

    private ComparedValues(MatchRecord first, MatchRecord second, String a, String b) {
        this.first = first;
        this.second = second;
        this.a = a;
        this.b = b;
    }

    /** Two values alone: levels reading other attributes do not hold. */
    public static ComparedValues of(String a, String b) {
        return new ComparedValues(null, null, a, b);
    }

    static ComparedValues of(MatchRecord first, MatchRecord second, String a, String b) {
        return new ComparedValues(first, second, a, b);
    }

    public String a() {
        return a;
    }

    public String b() {
        return b;
    }

    /** The first record's value of another attribute, or null. */
    public String otherA(String attribute) {
        return first == null ? null : first.value(attribute);
    }

    /** The second record's value of another attribute, or null. */
    public String otherB(String attribute) {
        return second == null ? null : second.value(attribute);
    }

    public double jaroWinkler() {
        if (Double.isNaN(jaroWinkler)) jaroWinkler = JaroWinkler.similarity(a, b);
        return jaroWinkler;
    }

    /** The edit distance if at most {@code max}, else {@code max + 1}; reuses an earlier answer when it decides this one. */
    public int levenshtein(int max) {
        boolean known = levenshteinBound >= 0 && (levenshtein <= levenshteinBound || levenshteinBound >= max);
        if (!known) {
            levenshtein = Levenshtein.distance(a, b, max);
            levenshteinBound = max;
        }
        return Math.min(levenshtein, max + 1);
    }

    /** Both values read as dates with the same year and day and month swapped. */
    public boolean datesTransposed() {
        readDates();
        return dateA != null && dateB != null && dateA.transposedWith(dateB);
    }

    /** Days between the two dates, or -1 when either is not a calendar date. */
    public long dayDistance() {
        if (days == NOT_YET) {
            readDates();
            long x = dateA == null ? DateParts.NOT_A_DATE : dateA.epochDay();
            long y = dateB == null ? DateParts.NOT_A_DATE : dateB.epochDay();
            days = x == DateParts.NOT_A_DATE || y == DateParts.NOT_A_DATE ? -1 : Math.abs(x - y);
        }
        return days;
    }

    private void readDates() {
        if (datesRead) return;
        dateA = DateParts.parse(a).orElse(null);
        dateB = DateParts.parse(b).orElse(null);
        datesRead = true;
    }
}
