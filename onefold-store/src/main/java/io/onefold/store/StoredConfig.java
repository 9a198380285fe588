package io.onefold.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** One version of a template or rule set, as submitted (the body is the client's JSON, verbatim). */
public record StoredConfig(String organization, ConfigKind kind, String name, int version, JsonNode body, boolean active, Instant createdAt) {}
