package io.onefold.service;

import java.time.Instant;
import java.util.function.Supplier;

/**
 * @param defaultRegion region for phone numbers written without a country code
 * @param clock         the time of receipt (the default {@code observed_at})
 * @param webhookBackoff      first retry delay of a failed webhook delivery; doubles per attempt (capped at 256x)
 * @param webhookSuspendAfter consecutive failures after which a subscription is suspended
 * @param webhookAddresses    which addresses webhook deliveries may reach (default: public ones only)
 */
public record ServiceOptions(String defaultRegion, Supplier<Instant> clock, java.time.Duration webhookBackoff, int webhookSuspendAfter,
                             WebhookAddressPolicy webhookAddresses) {
    public ServiceOptions(String defaultRegion, Supplier<Instant> clock) {
        this(defaultRegion, clock, java.time.Duration.ofSeconds(1), 12);
    }

    public ServiceOptions(String defaultRegion, Supplier<Instant> clock, java.time.Duration webhookBackoff, int webhookSuspendAfter) {
        this(defaultRegion, clock, webhookBackoff, webhookSuspendAfter, WebhookAddressPolicy.publicOnly());
    }

    public static ServiceOptions defaults() {
        return new ServiceOptions("US", Instant::now);
    }

    public ServiceOptions withWebhookAddresses(WebhookAddressPolicy policy) {
        return new ServiceOptions(defaultRegion, clock, webhookBackoff, webhookSuspendAfter, policy);
    }
}
