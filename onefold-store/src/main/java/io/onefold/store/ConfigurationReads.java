package io.onefold.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/** Organizations, their settings, and the versioned templates and rule sets each one holds. */
public interface ConfigurationReads {
    Optional<Organization> organization(String id);

    List<Organization> organizations();

    /** The organization's settings (JSON object; empty when none were set). */
    ObjectNode organizationSettings(String org);

    /** The latest version of every configuration of a kind. */
    List<StoredConfig> configs(String org, ConfigKind kind);

    /** The latest version of a named configuration. */
    Optional<StoredConfig> config(String org, ConfigKind kind, String name);

    Optional<StoredConfig> activeConfig(String org, ConfigKind kind);
}
