package io.onefold.core.identity;

import io.onefold.core.model.NormalizedObservation;

/**
 * Issues profile ids. A server issues time-ordered ids (UUIDv7) stamped with the wall clock; the offline
 * {@code onefold resolve} derives them from the creating observation, so its output is stable.
 */
@FunctionalInterface
public interface ProfileIdFactory {
    NewProfileId newProfile(NormalizedObservation creating);
}
