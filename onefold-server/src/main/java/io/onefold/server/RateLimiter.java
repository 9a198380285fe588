package io.onefold.server;

import java.util.concurrent.ConcurrentHashMap;

/** A token bucket per client: {@code burst} requests at once, refilled at {@code perSecond}. */
final class RateLimiter {
    private final double perSecond;
    private final int burst;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(double perSecond, int burst) {
        this.perSecond = perSecond;
        this.burst = Math.max(1, burst);
    }

    boolean enabled() {
        return perSecond > 0;
    }

    private static final class Bucket {
        double tokens;
        long last;

        Bucket(double tokens, long last) {
            this.tokens = tokens;
            this.last = last;
        }
    }

    /** 0 when the request may proceed, else the seconds to wait before retrying. */
    long acquire(String client) {
        if (!enabled()) return 0;
        long now = System.nanoTime();
        Bucket b = buckets.computeIfAbsent(client, k -> new Bucket(burst, now));
        synchronized (b) {
            b.tokens = Math.min(burst, b.tokens + (now - b.last) / 1e9 * perSecond);
            b.last = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - b.tokens) / perSecond));
        }
    }
}
