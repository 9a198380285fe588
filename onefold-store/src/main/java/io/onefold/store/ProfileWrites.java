package io.onefold.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.identity.GraphChanges;
import io.onefold.core.identity.ProfileView;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.function.Function;

/** What the write pipeline changes: clusters (nodes, identifier entries, records, links, golden rows) and the change stream. */
public interface ProfileWrites extends ProfileReads {
    /**
     * The whole clusters of {@code seeds} (as {@link #fragment}), which no other writer can change until the
     * transaction ends: on a shared store every member is excluded before it is read, a member found only by the read
     * (a cluster merged meanwhile) excluded without waiting (see {@link WriteSession#exclude}) and the cluster read again. {@code missed} carries the
     * members one attempt of an operation could not exclude to its next attempt, which takes them first (in order,
     * waiting if {@code mayWait}); TransientStoreException when a member is held elsewhere.
     */
    Fragment clusters(String org, Collection<String> seeds, Set<String> missed, boolean mayWait);

    /**
     * Writes what an operation changed on a loaded fragment: node rows, identifier entries (a value owned by
     * another profile violates the store's unique constraint: {@link io.onefold.core.error.IdentifierConflictException}),
     * records, links, and the readers' view of every changed root — with its entries in the search index of the
     * {@code searchable} attributes, only those that changed (a profile absorbed or erased leaves the index).
     */
    void apply(String org, Fragment before, GraphChanges changes, Set<String> nonLinkingAttributes, Set<String> searchable, Instant now);

    /**
     * Replaces the readers' view of an active profile whose identity did not change (re-resolution under new rules).
     * Leaves the search index alone: {@link #reindex} follows.
     */
    void updateGolden(String org, ProfileView profile, Instant now);

    /**
     * Makes a profile's entries in the search index exactly its golden values of the {@code searchable} attributes,
     * compared with the entries stored (re-resolution, and a template activation that makes attributes searchable).
     */
    void reindex(String org, String profileId, ObjectNode golden, Set<String> searchable);

    /** Deletes the search index's entries of every attribute not in {@code keep} (a template activation's end). */
    void dropSearchIndex(String org, Set<String> keep);

    /**
     * Appends a change (history + outbox). Returns 0: positions are what readers see once the transaction committed
     * (PostgreSQL assigns them at commit, so that they follow commit order across nodes; SQLite's rowid does, and
     * asking for it per insert costs a statement reset). Either way a reader that sees a position has seen every smaller
     * one.
     */
    long appendChange(ChangeEvent event);

    /**
     * Erasure: replaces the payload of every change of the given profile ids — stored, or appended in this transaction
     * and not yet stored — by {@code rewrite}'s (position, type and time stay: consumers replaying the stream still see
     * every change). Returns the profile ids whose payloads changed.
     */
    Set<String> rewriteChanges(String org, Collection<String> profileIds, Function<ChangeEvent, ObjectNode> rewrite);

    /** Deletes the organization's changes that occurred before {@code before} (event retention); returns how many. */
    int purgeChanges(String org, Instant before);
}
