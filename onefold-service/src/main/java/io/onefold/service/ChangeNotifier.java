package io.onefold.service;

/**
 * Wakes change-stream consumers after a commit. A consumer reads {@link #version()}, reads the store, and
 * {@link #await}s a newer version — so a commit between its read and its wait is never missed.
 */
public final class ChangeNotifier {
    private long version;

    synchronized void signal() {
        version++;
        notifyAll();
    }

    public synchronized long version() {
        return version;
    }

    /** Waits until a commit after {@code seen}, or the timeout; returns whether something committed. */
    public synchronized boolean await(long seen, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (version == seen) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) return false;
            wait(left);
        }
        return true;
    }
}
