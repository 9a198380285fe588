package io.onefold.core.identity;

import java.time.Instant;

/** The id and creation time of a profile about to be created. In a merge the oldest (createdAt, id) survives. */
public record NewProfileId(String id, Instant createdAt) {}
