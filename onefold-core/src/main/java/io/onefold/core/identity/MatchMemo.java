package io.onefold.core.identity;

import io.onefold.core.matching.MatchRecord;
import io.onefold.core.matching.MatchScore;
import io.onefold.core.matching.MatchScorer;
import io.onefold.core.matching.MatchingRules;
import io.onefold.core.model.NormalizedObservation;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What matching computed for one batch of upserts, so that nothing is computed twice: an observation's and a record's
 * compared values ({@link MatchValues}), blocking keys by those values, and each candidate record's score against an
 * observation. The write pipeline scores candidates before it reads their clusters; the graph then finds the same
 * records and reuses those scores ({@link IdentityGraph#reuse}).
 *
 * <p>Exact by construction: an observation and a record are remembered by identity (both immutable), keys by the
 * values they are derived from, and a score is reused only for a record equal to the one scored — one an earlier
 * upsert of the batch changed is scored again. Without remembering ({@link #none}) every answer is computed afresh:
 * what a graph does that no batch hands a memo (it may live long and see many observations).
 */
public final class MatchMemo {
    private final MatchingRules rules;
    private final MatchScorer scorer;
    private final boolean remembering;
    private final Map<NormalizedObservation, MatchRecord> observations = new IdentityHashMap<>();
    private final Map<SourceRecord, MatchRecord> records = new IdentityHashMap<>();
    private final Map<Map<String, String>, List<String>> keys = new HashMap<>();
    private final Map<NormalizedObservation, Map<SourceRecordKey, Scored>> scores = new IdentityHashMap<>();
    private long pairsScored;
    private long keysComputed;

    private record Scored(SourceRecord record, MatchScore score) {}

    private MatchMemo(MatchingRules rules, boolean remembering) {
        this.rules = rules;
        this.scorer = MatchValues.scorer(rules);
        this.remembering = remembering;
    }

    /** A memo for one batch under these rules (the graph it is handed to must have the same). */
    public static MatchMemo of(MatchingRules rules) {
        return new MatchMemo(rules, true);
    }

    static MatchMemo none(MatchingRules rules) {
        return new MatchMemo(rules, false);
    }

    public MatchingRules rules() {
        return rules;
    }

    public MatchRecord values(NormalizedObservation obs) {
        if (!remembering) return MatchValues.of(rules, obs);
        return observations.computeIfAbsent(obs, o -> MatchValues.of(rules, o));
    }

    public MatchRecord values(SourceRecord record) {
        if (!remembering) return MatchValues.of(rules, record);
        return records.computeIfAbsent(record, r -> MatchValues.of(rules, r));
    }

    /** {@link MatchingRules#indexKeys}: they depend on the compared values alone. */
    public List<String> keys(MatchRecord values) {
        if (!remembering) {
            keysComputed++;
            return rules.indexKeys(values);
        }
        return keys.computeIfAbsent(values.values(), v -> {
            keysComputed++;
            return rules.indexKeys(values);
        });
    }

    /** The observation's score against a record as it is (the pipeline's scorer: no term frequencies). */
    public MatchScore score(NormalizedObservation obs, SourceRecord record) {
        if (remembering) {
            Scored held = scores.computeIfAbsent(obs, o -> new HashMap<>()).get(record.key());
            if (held != null && (held.record == record || held.record.equals(record))) return held.score;
        }
        pairsScored++;
        MatchScore score = scorer.score(values(obs), values(record));
        if (remembering) scores.get(obs).put(record.key(), new Scored(record, score));
        return score;
    }

    /** Pairs scored so far: each (observation, record as it is) at most once while remembering. */
    public long pairsScored() {
        return pairsScored;
    }

    /** Distinct sets of values whose blocking keys were computed so far (every request without remembering). */
    public long keysComputed() {
        return keysComputed;
    }
}
