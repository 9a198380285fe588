package io.onefold.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Instant;
import java.util.List;

/**
 * A webhook subscription: where to POST which event types, the HMAC secret, and its delivery state.
 *
 * @param cursor         the last stream position delivered (or skipped by type)
 * @param failures       consecutive failed attempts; reset by a success
 * @param recentFailures the latest failures, newest last: {@code [{"at", "position", "error"}]}
 */
public record Webhook(String organization, String id, String url, List<String> types, String secret, String status, long cursor,
                      int failures, ArrayNode recentFailures, Instant createdAt) {
    public Webhook {
        types = List.copyOf(types);
    }

    public boolean active() {
        return "ACTIVE".equals(status);
    }

    public Webhook with(String newStatus, long newCursor, int newFailures, ArrayNode newRecent) {
        return new Webhook(organization, id, url, types, secret, newStatus, newCursor, newFailures, newRecent, createdAt);
    }
}
