package io.onefold.store;

import java.util.Map;
import java.util.Set;

/**
 * Told by a store which profile rows this process committed ({@link ProfileStore#watchProfileRows}): a readers' cache
 * drops those rows before the writer answers the callers whose writes they were, so that a read after a 2xx never
 * sees what the write replaced. Called on the writer's thread.
 */
public interface ProfileRowsListener {
    /** A commit that wrote profile rows is about to run (its outcome: {@link #committed} or {@link #unknownChanges}). */
    default void committing() {}

    /** A commit wrote these rows (organization → profile ids); called once the commit is durable. */
    void committed(Map<String, Set<String>> rowsByOrganization);

    /** The store changed in ways this process did not write (another connection committed): trust nothing read before. */
    void unknownChanges();
}
