package io.onefold.core.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The clock a test injects wherever the code reads the time ({@code Supplier<Instant>}): the system clock plus an
 * offset the test moves forward. Time passes as usual, and instead of sleeping until a token expires, a bucket
 * refills or an event ages, the test skips ahead.
 */
public final class TestClock implements Supplier<Instant> {
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    @Override
    public Instant get() {
        return Instant.now().plus(offset.get());
    }

    /** Moves this clock {@code by} into the future. */
    public void advance(Duration by) {
        if (by.isNegative()) throw new IllegalArgumentException("a clock only moves forward");
        offset.accumulateAndGet(by, Duration::plus);
    }
}
