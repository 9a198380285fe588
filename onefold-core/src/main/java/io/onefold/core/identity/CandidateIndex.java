package io.onefold.core.identity;

import io.onefold.core.matching.MatchingRules;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The blocking index of the records the graph holds: each record under the keys of the matching rules
 * ({@link MatchingRules#indexKeys}), so that an upsert finds its candidates — the records sharing one of its keys — without
 * looking at any other. A store keeps the same index ({@link GraphChanges#matchKeys()}) and loads the candidates' clusters
 * before the upsert runs, so the graph's answer is the store's. Without matching rules it holds nothing and costs nothing.
 */
final class CandidateIndex {
    private final MatchingRules rules;
    private final Map<String, Set<SourceRecordKey>> byKey = new HashMap<>();
    private final Map<SourceRecordKey, List<String>> keysOf = new HashMap<>();
    private final Map<SourceRecordKey, SourceRecord> pending = new HashMap<>();
    private MatchMemo memo;

    CandidateIndex(MatchingRules rules) {
        this.rules = rules;
        this.memo = rules == null ? null : MatchMemo.none(rules);
    }

    /** Values, keys and scores from now on through {@code memo} (a batch's), which must be under the same rules. */
    void reuse(MatchMemo memo) {
        if (rules == null || !(memo.rules() == rules || memo.rules().equals(rules))) {
            throw new IllegalArgumentException("a match memo under other matching rules than the graph's");
        }
        this.memo = memo;
    }

    /** What matching computes, remembered for the batch when one handed its memo (else computed each time). */
    MatchMemo memo() {
        return memo;
    }

    boolean active() {
        return rules != null;
    }

    MatchingRules rules() {
        return rules;
    }

    /** The keys a record is indexed under (none without matching rules). */
    List<String> keys(SourceRecord record) {
        if (rules == null) return List.of();
        return memo.keys(memo.values(record));
    }

    /**
     * Notes a record as it is now. Its keys are computed when a candidate search first needs them: most graphs (an
     * update of a known customer) never search, and hashing every loaded record's keys would be their cost for nothing.
     */
    void put(SourceRecord record) {
        if (rules == null) return;
        remove(record.key());
        pending.put(record.key(), record);
    }

    private void index(SourceRecord record) {
        List<String> keys = keys(record);
        if (keys.isEmpty()) return;
        keysOf.put(record.key(), keys);
        for (String k : keys) byKey.computeIfAbsent(k, x -> new TreeSet<>()).add(record.key());
    }

    /**
     * Whether a record's keys may differ from what they were: only if a compared attribute's contribution changed.
     * Cheaper than hashing both (most changes touch other attributes).
     */
    boolean keysMayDiffer(SourceRecord before, SourceRecord after) {
        for (var c : rules.comparisons()) {
            if (!java.util.Objects.equals(before.contributions().get(c.attribute()), after.contributions().get(c.attribute()))) return true;
        }
        return false;
    }

    void remove(SourceRecordKey key) {
        pending.remove(key);
        List<String> keys = keysOf.remove(key);
        if (keys == null) return;
        for (String k : keys) {
            Set<SourceRecordKey> holders = byKey.get(k);
            holders.remove(key);
            if (holders.isEmpty()) byKey.remove(k);
        }
    }

    /** The records sharing at least one of {@code keys}, in key order; keys held by too many records are skipped. */
    Set<SourceRecordKey> candidates(Collection<String> keys) {
        if (!pending.isEmpty()) {
            pending.values().forEach(this::index);
            pending.clear();
        }
        Set<SourceRecordKey> out = new TreeSet<>();
        for (String k : keys) {
            Set<SourceRecordKey> holders = byKey.get(k);
            if (holders != null && holders.size() <= MatchingRules.MAX_RECORDS_PER_KEY) out.addAll(holders);
        }
        return out;
    }
}
