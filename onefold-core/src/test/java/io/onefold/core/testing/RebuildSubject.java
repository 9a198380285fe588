package io.onefold.core.testing;

import java.util.List;

/**
 * Something holding profiles that the rebuild invariant checks ({@link StoredProfilesEqualRebuild}): an engine graph
 * ({@link GraphRebuild}) or a store (the store module's {@code StoreRebuild}).
 */
public interface RebuildSubject {
    /** What is checked, for the failure message ("SQLite store in /tmp/…"). */
    String name();

    /** Every way a profile as held differs from its rebuild from records and links; empty when the invariant holds. */
    List<ProfileDifference> differences();
}
