package io.onefold.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** Organizations, their settings and their versioned configurations, written in the session's transaction. */
public interface ConfigurationWrites extends ConfigurationReads {
    void createOrganization(Organization organization);

    void putOrganizationSettings(String org, ObjectNode settings);

    /** Stores a new version of a configuration; returns it. The first of its kind in an organization becomes active. */
    StoredConfig putConfig(String org, ConfigKind kind, String name, JsonNode body, Instant now);

    /**
     * Makes {@code version} of {@code name} the active one of its kind; false, changing nothing, when that version no
     * longer exists (deleted meanwhile).
     */
    boolean activate(String org, ConfigKind kind, String name, int version);

    /** Removes every version of a configuration that is not active. Returns whether anything was removed. */
    boolean deleteConfig(String org, ConfigKind kind, String name);
}
