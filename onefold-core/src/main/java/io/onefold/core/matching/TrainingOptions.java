package io.onefold.core.matching;

/**
 * How {@link MatchTrainer} runs: the seed of the random pairs for u, how many random pairs at most, and the bounds of
 * each expectation-maximisation session. The defaults are Splink's (25 rounds, tolerance 0.0001) with a million
 * random pairs.
 */
public record TrainingOptions(long seed, int maxRandomPairs, int maxIterations, double tolerance) {
    public static final TrainingOptions DEFAULTS = new TrainingOptions(42, 1_000_000, 25, 1e-4);

    public TrainingOptions withSeed(long newSeed) {
        return new TrainingOptions(newSeed, maxRandomPairs, maxIterations, tolerance);
    }
}
