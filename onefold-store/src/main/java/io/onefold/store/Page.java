package io.onefold.store;

import java.util.List;

/** One page of results and the opaque cursor of the next page (null when there is none). */
public record Page<T>(List<T> items, String nextCursor) {}
