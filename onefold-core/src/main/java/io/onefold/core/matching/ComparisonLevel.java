package io.onefold.core.matching;

/**
 * One level of a comparison with its Fellegi–Sunter parameters: {@code m}, the probability that two records of the
 * same person meet this level, and {@code u}, the probability that two records of different people do. Its weight
 * {@code log2(m/u)} is the evidence the level adds: positive for agreement, negative for disagreement.
 *
 * <p>With {@code termFrequency}, the level must be {@link LevelPredicate.Exact}: agreeing on a common value ("smith")
 * is weaker evidence than agreeing on a rare one, so u becomes the frequency of the agreed value (as Splink does).
 */
public record ComparisonLevel(LevelPredicate predicate, double m, double u, boolean termFrequency) {
    public ComparisonLevel {
        if (!(m > 0 && m <= 1) || !(u > 0 && u <= 1)) throw new IllegalArgumentException("m and u must be in (0, 1]");
        if (termFrequency && !(predicate instanceof LevelPredicate.Exact)) {
            throw new IllegalArgumentException("term-frequency adjustment applies only to the exact level");
        }
    }

    public double weight() {
        return log2(m / u);
    }

    /** The weight when the agreed value has {@code frequency} among the stored values (0 when unknown). */
    public double weight(double frequency) {
        return termFrequency && frequency > 0 ? log2(m / frequency) : weight();
    }

    public ComparisonLevel withParameters(double newM, double newU) {
        return new ComparisonLevel(predicate, newM, newU, termFrequency);
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
