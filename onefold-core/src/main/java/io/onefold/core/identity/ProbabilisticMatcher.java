package io.onefold.core.identity;

import io.onefold.core.matching.MatchDecision;
import io.onefold.core.matching.MatchRecord;
import io.onefold.core.matching.MatchScore;
import io.onefold.core.matching.MatchScorer;
import io.onefold.core.matching.MatchingRules;
import io.onefold.core.model.NormalizedObservation;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The matching step of an upsert's decide phase: scores the incoming observation against the records sharing a
 * blocking key with it ({@link CandidateIndex}) and answers the profiles at or above the review threshold, best first.
 * Reads the graph; changes nothing. What happens to them — a merge through {@link MergeGuard}, or a review link — is the
 * planner's and the commands' business.
 */
final class ProbabilisticMatcher {
    private final IdentityIndex index;
    private final MatchScorer scorer;

    ProbabilisticMatcher(IdentityIndex index) {
        this.index = index;
        MatchingRules rules = index.candidates().rules();
        this.scorer = rules == null ? null : MatchValues.scorer(rules);
    }

    boolean active() {
        return scorer != null;
    }

    /** Whether an observation whose identifiers named {@code namedRoots} is scored at all. */
    boolean scores(Set<String> namedRoots) {
        return scorer != null && (namedRoots.isEmpty() || scorer.rules().scoreMatchedProfiles());
    }

    /** The profiles other than {@code namedRoots} the observation scores at or above the review threshold, best first. */
    List<MatchCandidate> candidates(NormalizedObservation obs, Set<String> namedRoots) {
        MatchMemo memo = index.candidates().memo(); // what the batch computed already: keys and scores
        Set<SourceRecordKey> keys = index.candidates().candidates(memo.keys(memo.values(obs)));
        Map<String, MatchScore> best = new LinkedHashMap<>();
        for (SourceRecordKey key : keys) { // key order: the first of equal scores wins, whatever the load order
            String owner = index.recordOwner(key);
            if (owner == null) continue;
            String root = index.root(owner);
            if (namedRoots.contains(root) || index.node(root).status != ProfileStatus.ACTIVE) continue;
            MatchScore score = memo.score(obs, index.record(key));
            MatchScore held = best.get(root);
            if (held == null || score.weight() > held.weight()) best.put(root, score);
        }
        List<MatchCandidate> out = new ArrayList<>();
        best.forEach((root, score) -> {
            if (score.decision() != MatchDecision.NO_MATCH) out.add(new MatchCandidate(root, score, null));
        });
        out.sort(Comparator.comparingDouble((MatchCandidate c) -> -c.score().weight()).thenComparing(MatchCandidate::profileId));
        return out;
    }

    /** Two profiles' score: the best over every pair of their records (null when either has no record to compare). */
    MatchScore score(String rootA, String rootB) {
        MatchMemo memo = index.candidates().memo();
        MatchScore best = null;
        for (SourceRecord a : index.recordsOf(rootA)) {
            MatchRecord ra = memo.values(a);
            for (SourceRecord b : index.recordsOf(rootB)) {
                MatchScore s = scorer.score(ra, memo.values(b));
                if (best == null || s.weight() > best.weight()) best = s;
            }
        }
        return best;
    }

    MatchingRules rules() {
        return scorer.rules();
    }
}
