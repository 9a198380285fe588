package io.onefold.service;

import io.onefold.core.model.ObservedAtRange;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * @param defaultRegion       region for phone numbers written without a country code
 * @param clock               the time of receipt (the default {@code observed_at})
 * @param webhookBackoff      first retry delay of a failed webhook delivery; doubles per attempt (capped at 256x)
 * @param webhookSuspendAfter consecutive failures after which a subscription is suspended
 * @param maxClockSkew        how far in the future of {@code clock} an {@code observed_at} may be (see {@link ObservedAtRange})
 * @param webhookAddresses    which addresses webhook deliveries may reach (default: public ones only)
 * @param readCacheProfiles   profiles the readers' cache keeps rendered ({@link ProfileReadCache}; 0: none) — on a store
 *                            that reports its commits (the embedded one); its size changes costs, never an answer
 */
public record ServiceOptions(String defaultRegion, Supplier<Instant> clock, Duration webhookBackoff, int webhookSuspendAfter,
                             Duration maxClockSkew, WebhookAddressPolicy webhookAddresses, int readCacheProfiles) {
    public ServiceOptions {
        new ObservedAtRange(maxClockSkew); // refuses a negative skew here, at start-up
        if (readCacheProfiles < 0) throw new IllegalArgumentException("readCacheProfiles must be 0 or more");
    }

    public ServiceOptions(String defaultRegion, Supplier<Instant> clock) {
        this(defaultRegion, clock, Duration.ofSeconds(1), 12);
    }

    public ServiceOptions(String defaultRegion, Supplier<Instant> clock, Duration webhookBackoff, int webhookSuspendAfter) {
        this(defaultRegion, clock, webhookBackoff, webhookSuspendAfter, ObservedAtRange.DEFAULT_MAX_FUTURE_SKEW, WebhookAddressPolicy.publicOnly(),
                ProfileReadCache.DEFAULT_PROFILES);
    }

    /** Profiles the readers' cache keeps by default ({@link ProfileReadCache}). */
    public static final int DEFAULT_READ_CACHE_PROFILES = ProfileReadCache.DEFAULT_PROFILES;

    public static ServiceOptions defaults() {
        return new ServiceOptions("US", Instant::now);
    }

    public ServiceOptions withMaxClockSkew(Duration skew) {
        return new ServiceOptions(defaultRegion, clock, webhookBackoff, webhookSuspendAfter, skew, webhookAddresses, readCacheProfiles);
    }

    public ServiceOptions withWebhookAddresses(WebhookAddressPolicy policy) {
        return new ServiceOptions(defaultRegion, clock, webhookBackoff, webhookSuspendAfter, maxClockSkew, policy, readCacheProfiles);
    }

    public ServiceOptions withReadCacheProfiles(int profiles) {
        return new ServiceOptions(defaultRegion, clock, webhookBackoff, webhookSuspendAfter, maxClockSkew, webhookAddresses, profiles);
    }

    ObservedAtRange observedAtRange() {
        return new ObservedAtRange(maxClockSkew);
    }
}
