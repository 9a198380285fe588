package io.onefold.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.identity.ProfileStatus;
import io.onefold.core.model.ProfileIdentifiers;
import java.time.Instant;

/**
 * A profile row as readers see it. For an ACTIVE profile, {@code identifiers} and {@code attributes} are
 * its cluster's (the golden record); an ABSORBED row names its {@code survivorId}; an ERASED row is a tombstone.
 */
public record StoredProfile(String id, ProfileStatus status, String survivorId, Instant createdAt, Instant updatedAt,
                            long version, ProfileIdentifiers identifiers, ObjectNode attributes) {}
