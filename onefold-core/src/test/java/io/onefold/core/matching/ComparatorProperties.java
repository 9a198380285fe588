package io.onefold.core.matching;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The comparators' laws over arbitrary strings: Jaro-Winkler lies in [0, 1], is 1 exactly for equal strings and is
 * symmetric; bounded Levenshtein agrees with the textbook unbounded distance wherever the bound reaches.
 */
class ComparatorProperties {
    /** Short strings over a small alphabet, so that arbitrary pairs share characters often. */
    @Provide
    Arbitrary<String> word() {
        return Arbitraries.strings().withChars("abcde ").ofMinLength(0).ofMaxLength(12);
    }

    @Property
    void jaro_winkler_lies_between_zero_and_one(@ForAll("word") String a, @ForAll("word") String b) {
        assertThat(JaroWinkler.similarity(a, b)).isBetween(0.0, 1.0);
    }

    @Property
    void jaro_winkler_is_one_exactly_for_equal_strings(@ForAll("word") String a, @ForAll("word") String b) {
        assertThat(JaroWinkler.similarity(a, a)).isEqualTo(1.0);
        assertThat(JaroWinkler.similarity(a, b) == 1.0).isEqualTo(a.equals(b));
    }

    @Property
    void jaro_winkler_is_symmetric(@ForAll("word") String a, @ForAll("word") String b) {
        assertThat(JaroWinkler.similarity(a, b)).isEqualTo(JaroWinkler.similarity(b, a));
    }

    @Property
    void the_allocation_free_jaro_agrees_with_the_array_one(@ForAll("word") String a, @ForAll("word") String b) {
        assertThat(JaroWinkler.jaroShort(a, b)).isEqualTo(JaroWinkler.jaroLong(a, b));
    }

    @Property
    void bounded_levenshtein_agrees_with_the_full_distance(@ForAll("word") String a, @ForAll("word") String b,
                                                          @ForAll @IntRange(min = 0, max = 6) int max) {
        int full = fullDistance(a, b);
        assertThat(Levenshtein.distance(a, b, max)).isEqualTo(Math.min(full, max + 1));
        assertThat(Levenshtein.distance(b, a, max)).isEqualTo(Math.min(full, max + 1));
    }

    /** The Wagner–Fischer table, unbounded: the reference the banded version must agree with. */
    private static int fullDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
            }
        }
        return d[a.length()][b.length()];
    }
}
