package io.onefold.core.identity;

import java.util.List;
import java.util.Set;

/**
 * The answer to an upsert.
 *
 * @param mergedProfileIds  ids absorbed into {@code profile} by this upsert
 * @param changedAttributes golden attributes whose value changed (for change events)
 */
public record UpsertResult(Outcome outcome, ProfileView profile, List<String> mergedProfileIds, Set<String> changedAttributes) {
    public String profileId() {
        return profile.profileId();
    }
}
