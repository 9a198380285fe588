package io.onefold.core.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition that nothing can signal to the test — another process's state (a PostgreSQL backend
 * waiting on a lock), a resource read over HTTP (a job's status) — by checking it every few milliseconds until it
 * holds, and failing the test when it does not within the timeout. Never a fixed delay standing in for a signal:
 * when the code under test can signal (a latch, a queue, the commit notifier), wait on that instead.
 */
public final class Await {
    private static final long POLL_MILLIS = 10;

    private Await() {}

    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
