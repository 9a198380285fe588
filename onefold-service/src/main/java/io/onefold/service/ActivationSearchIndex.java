package io.onefold.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.store.WriteSession;
import java.util.Set;
import java.util.TreeSet;

/**
 * The search index across an activation ({@link ActivationJob}), which must hold, when a template becomes active,
 * exactly its searchable attributes' golden values for every active profile — while searches keep reading the
 * active template's attributes until then.
 *
 * <p>Every profile the job visits has its entries made those of its golden record for the searchable attributes of
 * <i>both</i> templates ({@link #indexed}): every visited profile when the candidate makes an attribute newly
 * searchable (the backfill), else only those whose golden record changed. Writes meanwhile index the active
 * template's attributes only; the catch-up and the flip visit what they wrote, so at the flip the candidate's
 * attributes are indexed for every profile, and the flip's transaction drops the attributes the candidate no longer
 * marks. A failed job drops the candidate's extra attributes instead, after its roll-back (an interrupted one, whose
 * candidate is unknown, every attribute the active template does not mark).
 */
final class ActivationSearchIndex {
    private final String org;
    private final Set<String> active;
    /** Null when unknown: the repair of an interrupted job. */
    private final Set<String> candidate;
    private final Set<String> indexed;
    private final boolean backfill;

    private ActivationSearchIndex(String org, Set<String> active, Set<String> candidate) {
        this.org = org;
        this.active = Set.copyOf(active);
        this.candidate = candidate == null ? null : Set.copyOf(candidate);
        Set<String> both = new TreeSet<>(active);
        if (candidate != null) both.addAll(candidate);
        this.indexed = Set.copyOf(both);
        this.backfill = candidate != null && !active.containsAll(candidate);
    }

    /** A job activating a configuration whose template marks {@code candidate} searchable, over one that marks {@code active}. */
    static ActivationSearchIndex of(String org, Set<String> active, Set<String> candidate) {
        return new ActivationSearchIndex(org, active, candidate);
    }

    /** The roll-back of a job whose candidate is unknown (it was interrupted, or failed before reading it). */
    static ActivationSearchIndex unknownCandidate(String org, Set<String> active) {
        return new ActivationSearchIndex(org, active, null);
    }

    /** A profile the job re-resolved: its entries follow its golden record when it changed, or for the backfill. */
    void visited(WriteSession s, String profileId, ObjectNode golden, boolean changed) {
        if (changed || backfill) s.profiles().reindex(org, profileId, golden, indexed);
    }

    /** In the flip's transaction, after its last re-resolutions: the attributes the new template does not mark go. */
    void activated(WriteSession s) {
        if (!indexed.equals(candidate)) s.profiles().dropSearchIndex(org, candidate);
    }

    /** After the roll-back: the candidate's extra attributes go. */
    void rolledBack(WriteSession s) {
        if (candidate == null || !indexed.equals(active)) s.profiles().dropSearchIndex(org, active);
    }
}
