package io.onefold.store;

import java.time.Instant;

/** A tenant. Nothing is ever visible across organizations. */
public record Organization(String id, String name, Instant createdAt) {}
