package io.onefold.core.matching;

/**
 * Jaro-Winkler similarity (Winkler 1990): the Jaro similarity of two strings, raised for a common prefix of up to
 * four characters by a scaling factor of 0.1 when the Jaro similarity is at least 0.7 (Winkler's boost threshold).
 *
 * <p>The scorer relies on symmetry (a score never depends on which record arrived first): the greedy matching of the
 * Jaro step finds the same matches and transpositions whichever string it scans, which {@code ComparatorProperties}
 * checks (and an exhaustive check of every pair of strings over three letters up to length seven found no exception).
 */
public final class JaroWinkler {
    private static final double BOOST_THRESHOLD = 0.7;
    private static final double PREFIX_SCALE = 0.1;
    private static final int MAX_PREFIX = 4;

    private JaroWinkler() {}

    /** A similarity in [0, 1]; 1 exactly when the strings are equal. */
    public static double similarity(String a, String b) {
        if (a.equals(b)) return 1.0;
        if (a.isEmpty() || b.isEmpty()) return 0.0;
        double jaro = jaro(a, b);
        if (jaro < BOOST_THRESHOLD) return jaro;
        int prefix = 0;
        int limit = Math.min(MAX_PREFIX, Math.min(a.length(), b.length()));
        while (prefix < limit && a.charAt(prefix) == b.charAt(prefix)) prefix++;
        // two different strings never reach 1: a full-length common prefix means one is a prefix of the other
        return Math.min(jaro + prefix * PREFIX_SCALE * (1.0 - jaro), Math.nextDown(1.0));
    }

    static double jaro(String s, String t) {
        return s.length() <= Long.SIZE && t.length() <= Long.SIZE ? jaroShort(s, t) : jaroLong(s, t);
    }

    /** The Jaro step with the matched positions in arrays, for strings of any length. */
    static double jaroLong(String s, String t) {
        int window = Math.max(0, Math.max(s.length(), t.length()) / 2 - 1);
        boolean[] sMatched = new boolean[s.length()];
        boolean[] tMatched = new boolean[t.length()];
        int matches = 0;
        for (int i = 0; i < s.length(); i++) {
            int from = Math.max(0, i - window);
            int to = Math.min(t.length() - 1, i + window);
            for (int j = from; j <= to; j++) {
                if (!tMatched[j] && s.charAt(i) == t.charAt(j)) {
                    sMatched[i] = true;
                    tMatched[j] = true;
                    matches++;
                    break;
                }
            }
        }
        if (matches == 0) return 0.0;
        int halfTranspositions = 0;
        int k = 0;
        for (int i = 0; i < s.length(); i++) {
            if (!sMatched[i]) continue;
            while (!tMatched[k]) k++;
            if (s.charAt(i) != t.charAt(k)) halfTranspositions++;
            k++;
        }
        return formula(matches, halfTranspositions, s.length(), t.length());
    }

    /** The same steps with the matched positions in two bit sets, for strings of up to 64 characters: no allocation. */
    static double jaroShort(String s, String t) {
        int window = Math.max(0, Math.max(s.length(), t.length()) / 2 - 1);
        long sMatched = 0;
        long tMatched = 0;
        int matches = 0;
        for (int i = 0; i < s.length(); i++) {
            int from = Math.max(0, i - window);
            int to = Math.min(t.length() - 1, i + window);
            char c = s.charAt(i);
            for (int j = from; j <= to; j++) {
                if ((tMatched & (1L << j)) == 0 && c == t.charAt(j)) {
                    sMatched |= 1L << i;
                    tMatched |= 1L << j;
                    matches++;
                    break;
                }
            }
        }
        if (matches == 0) return 0.0;
        int halfTranspositions = 0;
        long remaining = tMatched;
        for (int i = 0; i < s.length(); i++) {
            if ((sMatched & (1L << i)) == 0) continue;
            int k = Long.numberOfTrailingZeros(remaining);
            remaining &= remaining - 1;
            if (s.charAt(i) != t.charAt(k)) halfTranspositions++;
        }
        return formula(matches, halfTranspositions, s.length(), t.length());
    }

    private static double formula(int matches, int halfTranspositions, int sLength, int tLength) {
        double m = matches;
        return (m / sLength + m / tLength + (m - halfTranspositions / 2.0) / m) / 3.0;
    }
}
