package io.onefold.benchmarks.service;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/** Phase 3: one kind of read ({@code op}: false when nothing was found), a warm-up, then rounds of {@code --read-seconds}. */
final class ReadPhase {
    private final double zipf;
    private final int readThreads;
    private final int readConnections;
    private final int warmup;
    private final int rounds;
    private final int readSeconds;
    private final long seed;

    ReadPhase(ThroughputOptions o) {
        this.zipf = o.zipf;
        this.readThreads = o.readThreads;
        this.readConnections = o.readConnections;
        this.warmup = o.warmup;
        this.rounds = o.rounds;
        this.readSeconds = o.readSeconds;
        this.seed = o.seed;
    }

    void run(String name, MeasuredRounds.Op op) throws InterruptedException {
        System.out.printf(Locale.ROOT, "%n== read: %s (Zipf %.2f), %d threads, %d read connections, warm-up %d s, %d x %d s ==%n",
                name, zipf, readThreads, readConnections, Math.max(3, warmup / 2), rounds, readSeconds);
        LongAdder misses = new LongAdder();
        ErrorCounts errors = new ErrorCounts();
        MeasuredRounds.Recorder rec = MeasuredRounds.measure(seed, readThreads, Math.max(3, warmup / 2), rounds, readSeconds, (rnd) -> {
            try {
                if (!op.run(rnd)) misses.increment();
            } catch (RuntimeException e) {
                errors.add(e);
            }
            return true;
        });
        rec.report("reads/s");
        if (misses.sum() > 0) System.out.println("not found: " + misses.sum());
        errors.print();
    }
}
