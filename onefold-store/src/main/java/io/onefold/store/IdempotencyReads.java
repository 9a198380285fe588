package io.onefold.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The answers given to requests that carried an idempotency key. */
public interface IdempotencyReads {
    Optional<IdempotencyRecord> idempotency(String org, String key);

    /** The idempotency records whose answer is about one of the profile ids (what an erasure must rewrite). */
    List<IdempotencyRecord> idempotencyOf(String org, Collection<String> profileIds);
}
