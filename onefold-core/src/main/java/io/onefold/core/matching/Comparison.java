package io.onefold.core.matching;

import java.util.List;

/**
 * How one attribute of two records is compared: its kind (which normalizes the values) and its ordered levels, the
 * first that holds being the pair's level. The null level comes before them all and is implicit: when either value
 * is missing, the comparison is {@link #NULL_LEVEL} and adds no evidence (weight 0), so it has no m or u.
 */
public record Comparison(String attribute, ValueKind kind, List<ComparisonLevel> levels) {
    public static final int NULL_LEVEL = -1;

    public Comparison {
        levels = List.copyOf(levels);
        if (levels.isEmpty() || !(levels.getLast().predicate() instanceof LevelPredicate.Else)) {
            throw new IllegalArgumentException("a comparison's last level must be 'else'");
        }
    }

    /** The index of the first level that holds for the two records' values, or {@link #NULL_LEVEL}. */
    public int levelOf(MatchRecord first, MatchRecord second) {
        String a = first.value(attribute);
        String b = second.value(attribute);
        if (a == null || b == null) return NULL_LEVEL;
        return firstHolding(ComparedValues.of(first, second, a, b));
    }

    /** The level of two values alone, or {@link #NULL_LEVEL}; levels reading other attributes do not hold. */
    public int levelOf(String a, String b) {
        if (a == null || b == null) return NULL_LEVEL;
        return firstHolding(ComparedValues.of(a, b));
    }

    private int firstHolding(ComparedValues values) {
        for (int i = 0; i < levels.size(); i++) {
            if (levels.get(i).predicate().holds(values)) return i;
        }
        throw new IllegalStateException("unreachable: the last level is 'else'");
    }

    public Comparison withLevels(List<ComparisonLevel> newLevels) {
        return new Comparison(attribute, kind, newLevels);
    }
}
