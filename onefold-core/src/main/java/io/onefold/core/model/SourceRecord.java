package io.onefold.core.model;

import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A source record as received: its key and, per attribute, its latest contribution. Immutable;
 * {@link #apply} returns a new record (or this one when nothing changed), so a failed operation never
 * leaves a half-applied record behind.
 */
public record SourceRecord(SourceRecordKey key, Map<String, Contribution> contributions, Instant firstObservedAt, Instant lastObservedAt) {
    public SourceRecord {
        contributions = Collections.unmodifiableMap(new HashMap<>(contributions));
    }

    public static SourceRecord empty(SourceRecordKey key) {
        return new SourceRecord(key, Map.of(), null, null);
    }

    public String source() {
        return key.source();
    }

    /** Folds contributions in ({@link Contribution#fold}): each replaces the current one only if it supersedes it in register order. */
    public SourceRecord apply(List<Contribution> incoming, Instant observedAt) {
        Map<String, Contribution> next = null;
        for (Contribution c : incoming) {
            Contribution current = (next == null ? contributions : next).get(c.attribute());
            Contribution folded = Contribution.fold(current, c);
            if (!folded.equals(current)) {
                if (next == null) next = new HashMap<>(contributions);
                next.put(c.attribute(), folded);
            }
        }
        Instant first = firstObservedAt == null || observedAt.isBefore(firstObservedAt) ? observedAt : firstObservedAt;
        Instant last = lastObservedAt == null || observedAt.isAfter(lastObservedAt) ? observedAt : lastObservedAt;
        if (next == null && first.equals(firstObservedAt) && last.equals(lastObservedAt)) return this;
        return new SourceRecord(key, next == null ? contributions : next, first, last);
    }

    /** Whether the contributions differ (the observed-at bounds alone do not make a change). */
    public boolean sameContributions(SourceRecord other) {
        return other != null && contributions.equals(other.contributions);
    }
}
