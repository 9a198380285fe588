package io.onefold.core.matching;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Guesses what a column holds from its values alone (never from its name, so that a column called "x" holding
 * dates is still compared as dates, and nothing is tuned to particular headers). The tests run in this order and
 * the first that holds wins; "most" means at least {@value #MOST} of the non-missing values:
 * <ol>
 *   <li>most look like an email address → {@link ValueKind#EMAIL};</li>
 *   <li>most read as a date ({@link DateParts}) → {@link ValueKind#DATE};</li>
 *   <li>most are numbers: with a decimal point in most of them → {@link ValueKind#NUMBER}, else whole numbers, which
 *       in identity data are codes (house numbers, postcodes, phone numbers) → {@link ValueKind#CODE};</li>
 *   <li>few values carry most records (at most √n distinct values, for n values, cover {@value #MOST} of them; typos
 *       add rare values but do not make a state or a city a name) → {@link ValueKind#CATEGORY};</li>
 *   <li>most are short identifiers: mostly digits ("+44 20 7946 0958"), or a digit in at most 10 characters with at
 *       most one space ("sw1a 1aa", "a12b") → {@link ValueKind#CODE};</li>
 *   <li>on average at most 1.5 words and mostly letters → {@link ValueKind#NAME};</li>
 *   <li>otherwise → {@link ValueKind#TEXT}.</li>
 * </ol>
 * A column with no values has no kind (it cannot be compared).
 */
public final class ValueKindGuess {
    static final double MOST = 0.8;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?\\d*[.,]\\d+");

    private ValueKindGuess() {}

    public static Optional<ValueKind> guess(List<String> rawValues) {
        List<String> values = rawValues.stream().filter(v -> v != null && !v.isBlank())
                .map(v -> v.strip().toLowerCase(Locale.ROOT)).toList();
        if (values.isEmpty()) return Optional.empty();
        if (most(values, v -> EMAIL.matcher(v).matches())) return Optional.of(ValueKind.EMAIL);
        if (most(values, v -> DateParts.parse(v).isPresent())) return Optional.of(ValueKind.DATE);
        if (most(values, v -> INTEGER.matcher(v).matches() || DECIMAL.matcher(v).matches())) {
            return Optional.of(most(values, v -> DECIMAL.matcher(v).matches()) ? ValueKind.NUMBER : ValueKind.CODE);
        }
        if (valuesCoveringMost(values) <= Math.sqrt(values.size())) return Optional.of(ValueKind.CATEGORY);
        if (most(values, ValueKindGuess::identifierLike)) return Optional.of(ValueKind.CODE);
        double words = values.stream().mapToInt(v -> v.split("\\s+").length).average().orElse(0);
        if (words <= 1.5 && most(values, v -> letterShare(v) >= 0.8)) return Optional.of(ValueKind.NAME);
        return Optional.of(ValueKind.TEXT);
    }

    private static boolean most(List<String> values, java.util.function.Predicate<String> test) {
        long n = values.stream().filter(test).count();
        return n >= MOST * values.size();
    }

    /** How many of the most frequent distinct values it takes to cover {@value #MOST} of the values. */
    private static int valuesCoveringMost(List<String> values) {
        Map<String, Integer> counts = new HashMap<>();
        for (String v : values) counts.merge(v, 1, Integer::sum);
        List<Integer> frequencies = new ArrayList<>(counts.values());
        frequencies.sort(Comparator.reverseOrder());
        int covered = 0;
        int taken = 0;
        while (covered < MOST * values.size()) covered += frequencies.get(taken++);
        return taken;
    }

    private static boolean identifierLike(String v) {
        long digits = v.chars().filter(Character::isDigit).count();
        long spaces = v.chars().filter(c -> c == ' ').count();
        return digits >= 0.6 * v.length() || digits > 0 && v.length() <= 10 && spaces <= 1;
    }

    private static double letterShare(String v) {
        long letters = v.chars().filter(Character::isLetter).count();
        return letters / (double) v.length();
    }
}
