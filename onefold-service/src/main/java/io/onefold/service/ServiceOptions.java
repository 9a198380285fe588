package io.onefold.service;

import java.time.Instant;
import java.util.function.Supplier;

/**
 * @param defaultRegion region for phone numbers written without a country code
 * @param clock         the time of receipt (the default {@code observed_at})
 */
public record ServiceOptions(String defaultRegion, Supplier<Instant> clock) {
    public static ServiceOptions defaults() {
        return new ServiceOptions("US", Instant::now);
    }
}
