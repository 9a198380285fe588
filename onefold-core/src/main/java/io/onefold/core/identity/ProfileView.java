package io.onefold.core.identity;

import io.onefold.core.model.ProfileIdentifiers;
import io.onefold.core.resolution.GoldenProfile;
import java.time.Instant;

/**
 * A profile as a reader sees it.
 *
 * @param redirectedFrom the absorbed id the caller asked for, or null
 * @param version        incremented by every change to the profile
 */
public record ProfileView(String profileId, ProfileIdentifiers identifiers, GoldenProfile golden, Instant createdAt,
                          long version, String redirectedFrom) {}
