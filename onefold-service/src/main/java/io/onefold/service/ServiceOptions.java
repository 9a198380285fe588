package io.onefold.service;

import io.onefold.core.model.ObservedAtRange;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * @param defaultRegion region for phone numbers written without a country code
 * @param clock         the time of receipt (the default {@code observed_at})
 * @param webhookBackoff      first retry delay of a failed webhook delivery; doubles per attempt (capped at 256x)
 * @param webhookSuspendAfter consecutive failures after which a subscription is suspended
 * @param maxClockSkew  how far in the future of {@code clock} an {@code observed_at} may be (see {@link ObservedAtRange})
 */
public record ServiceOptions(String defaultRegion, Supplier<Instant> clock, java.time.Duration webhookBackoff, int webhookSuspendAfter,
                             java.time.Duration maxClockSkew) {
    public ServiceOptions {
        new ObservedAtRange(maxClockSkew); // refuses a negative skew here, at start-up
    }

    public ServiceOptions(String defaultRegion, Supplier<Instant> clock, java.time.Duration webhookBackoff, int webhookSuspendAfter) {
        this(defaultRegion, clock, webhookBackoff, webhookSuspendAfter, ObservedAtRange.DEFAULT_MAX_FUTURE_SKEW);
    }

    public ServiceOptions(String defaultRegion, Supplier<Instant> clock) {
        this(defaultRegion, clock, java.time.Duration.ofSeconds(1), 12);
    }

    public static ServiceOptions defaults() {
        return new ServiceOptions("US", Instant::now);
    }

    public ServiceOptions withMaxClockSkew(java.time.Duration skew) {
        return new ServiceOptions(defaultRegion, clock, webhookBackoff, webhookSuspendAfter, skew);
    }

    ObservedAtRange observedAtRange() {
        return new ObservedAtRange(maxClockSkew);
    }
}
