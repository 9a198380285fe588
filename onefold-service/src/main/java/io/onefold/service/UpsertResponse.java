package io.onefold.service;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The answer to an upsert: 201 when it created a profile, else 200; the body
 * {@code {profile_id, outcome, merged_profile_ids, profile}}; {@code replayed} when an Idempotency-Key matched.
 */
public record UpsertResponse(int status, ObjectNode body, boolean replayed) {
    public String profileId() {
        return body.get("profile_id").textValue();
    }

    public String outcome() {
        return body.get("outcome").textValue();
    }
}
