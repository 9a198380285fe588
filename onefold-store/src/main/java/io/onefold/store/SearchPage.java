package io.onefold.store;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a search: its items, the cursor of the next page (null when there is none), and whether the page came
 * from a bounded scan of the organization's profiles rather than from the search index. A scanned page may hold
 * fewer than the limit and still have a next cursor: the scan stopped at its bound, not at the end.
 */
public record SearchPage<T>(List<T> items, String nextCursor, boolean scanned) {
    public <U> SearchPage<U> map(Function<T, U> f) {
        return new SearchPage<>(items.stream().map(f).toList(), nextCursor, scanned);
    }
}
