package io.onefold.core.matching;

/** A blocked candidate and its score against the incoming record. */
public record ScoredCandidate(MatchRecord candidate, MatchScore score) {}
