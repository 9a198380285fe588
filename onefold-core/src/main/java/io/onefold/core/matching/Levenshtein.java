package io.onefold.core.matching;

/**
 * Levenshtein edit distance (insertions, deletions, substitutions) bounded by a maximum: only a diagonal band of
 * width {@code 2·max+1} is computed, so comparing long strings against a small bound costs O(max·length), and the
 * answer is {@code max + 1} as soon as the distance is known to exceed the bound.
 */
public final class Levenshtein {
    private Levenshtein() {}

    /** The edit distance if it is at most {@code max}, else {@code max + 1}. */
    public static int distance(String a, String b, int max) {
        if (max < 0) throw new IllegalArgumentException("max must not be negative");
        if (a.equals(b)) return 0;
        if (Math.abs(a.length() - b.length()) > max) return max + 1;
        String s = a.length() <= b.length() ? a : b;
        String t = s == a ? b : a;
        int big = max + 1;
        int[] previous = new int[s.length() + 1];
        int[] current = new int[s.length() + 1];
        for (int i = 0; i <= s.length(); i++) previous[i] = i <= max ? i : big;
        for (int j = 1; j <= t.length(); j++) {
            int from = Math.max(1, j - max);
            int to = Math.min(s.length(), j + max);
            current[0] = j <= max ? j : big;
            if (from > 1) current[from - 1] = big;
            int rowMin = current[0];
            for (int i = from; i <= to; i++) {
                int substitution = previous[i - 1] + (s.charAt(i - 1) == t.charAt(j - 1) ? 0 : 1);
                int deletion = previous[i] + 1;
                int insertion = current[i - 1] + 1;
                int value = Math.min(big, Math.min(substitution, Math.min(deletion, insertion)));
                current[i] = value;
                rowMin = Math.min(rowMin, value);
            }
            if (to < s.length()) current[to + 1] = big;
            if (rowMin > max) return big;
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return Math.min(previous[s.length()], big);
    }
}
