package io.onefold.core.matching;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Term frequencies counted from a set of records, for the attributes whose comparison has a term-frequency level. */
public final class TermFrequencyTable implements TermFrequencies {
    private final Map<String, Map<String, Double>> frequencies;

    private TermFrequencyTable(Map<String, Map<String, Double>> frequencies) {
        this.frequencies = frequencies;
    }

    public static TermFrequencyTable of(MatchingRules rules, Collection<MatchRecord> records) {
        Map<String, Map<String, Double>> frequencies = new HashMap<>();
        for (Comparison comparison : rules.comparisons()) {
            if (comparison.levels().stream().noneMatch(ComparisonLevel::termFrequency)) continue;
            Map<String, Integer> counts = new HashMap<>();
            int present = 0;
            for (MatchRecord record : records) {
                String value = record.value(comparison.attribute());
                if (value == null) continue;
                counts.merge(value, 1, Integer::sum);
                present++;
            }
            Map<String, Double> attribute = new HashMap<>();
            for (var e : counts.entrySet()) attribute.put(e.getKey(), e.getValue() / (double) present);
            frequencies.put(comparison.attribute(), attribute);
        }
        return new TermFrequencyTable(frequencies);
    }

    @Override
    public double frequency(String attribute, String value) {
        Map<String, Double> values = frequencies.get(attribute);
        if (values == null) return 0;
        return values.getOrDefault(value, 0.0);
    }
}
