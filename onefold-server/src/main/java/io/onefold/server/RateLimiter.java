package io.onefold.server;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** A token bucket per client: {@code burst} requests at once, refilled at {@code perSecond}. */
final class RateLimiter {
    private final double perSecond;
    private final int burst;
    private final Supplier<Instant> clock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(double perSecond, int burst, Supplier<Instant> clock) {
        this.perSecond = perSecond;
        this.burst = Math.max(1, burst);
        this.clock = clock;
    }

    boolean enabled() {
        return perSecond > 0;
    }

    private static final class Bucket {
        double tokens;
        Instant last;

        Bucket(double tokens, Instant last) {
            this.tokens = tokens;
            this.last = last;
        }
    }

    /** 0 when the request may proceed, else the seconds to wait before retrying. */
    long acquire(String client) {
        if (!enabled()) return 0;
        Instant now = clock.get();
        Bucket b = buckets.computeIfAbsent(client, k -> new Bucket(burst, now));
        synchronized (b) {
            // a clock read before another thread's (or one that stepped back) refills nothing
            if (now.isAfter(b.last)) {
                b.tokens = Math.min(burst, b.tokens + Duration.between(b.last, now).toNanos() / 1e9 * perSecond);
                b.last = now;
            }
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - b.tokens) / perSecond));
        }
    }
}
