package io.onefold.core.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Measures taken once per pair answer every later level exactly as a fresh measure would. */
class ComparedValuesProperties {
    @Provide
    Arbitrary<String> word() {
        return Arbitraries.strings().withChars("abcd").ofMaxLength(9);
    }

    @Property
    void any_sequence_of_edit_distance_bounds_gets_the_fresh_answers(@ForAll("word") String a, @ForAll("word") String b,
            @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0, max = 5) Integer> bounds) {
        ComparedValues values = ComparedValues.of(a, b);
        for (int max : bounds) assertThat(values.levenshtein(max)).as("bound %d", max).isEqualTo(Levenshtein.distance(a, b, max));
    }

    @Property
    void the_similarity_is_the_fresh_similarity(@ForAll("word") String a, @ForAll("word") String b) {
        ComparedValues values = ComparedValues.of(a, b);
        assertThat(values.jaroWinkler()).isEqualTo(JaroWinkler.similarity(a, b));
        assertThat(values.jaroWinkler()).isEqualTo(JaroWinkler.similarity(a, b));
    }
}
