package io.onefold.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One committed change: a history entry and an outbox event at once, written in the same transaction as the
 * change. {@code position} is assigned by the store, strictly increasing in commit order.
 *
 * @param type    {@code profile.created}, {@code profile.updated}, {@code profile.merged}, {@code profile.unmerged},
 *                {@code profile.deleted}, {@code identifier.transferred}
 * @param payload the event body (changed attributes with old and new values, source, rule…)
 */
public record ChangeEvent(long position, String organization, String profileId, String type, Instant at, ObjectNode payload) {}
