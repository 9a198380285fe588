package io.onefold.benchmarks.service;

import static io.onefold.benchmarks.service.Figures.fmt;
import static io.onefold.benchmarks.service.Figures.ms;
import static io.onefold.benchmarks.service.Figures.pct;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;

/** Client threads running an operation through a warm-up and timed rounds; per round: rate and latency percentiles. */
final class MeasuredRounds {
    private MeasuredRounds() {}

    @FunctionalInterface
    interface Op {
        boolean run(SplittableRandom rnd);
    }

    /** Runs {@code op} from {@code n} threads through a warm-up and {@code rounds} rounds; records (end, latency) per op. */
    static Recorder measure(long seed, int n, int warmupSeconds, int rounds, int seconds, Op op) throws InterruptedException {
        Recorder rec = new Recorder(n);
        long start = System.nanoTime();
        long[] bounds = new long[rounds + 1];
        bounds[0] = start + Duration.ofSeconds(warmupSeconds).toNanos();
        for (int r = 1; r <= rounds; r++) bounds[r] = bounds[r - 1] + Duration.ofSeconds(seconds).toNanos();
        rec.bounds = bounds;
        long stopAt = bounds[rounds];
        CountDownLatch go = new CountDownLatch(1);
        Thread[] ts = new Thread[n];
        for (int t = 0; t < n; t++) {
            int me = t;
            ts[t] = Thread.ofPlatform().name("client-" + t).start(() -> {
                SplittableRandom rnd = new SplittableRandom(seed * 31 + me + start);
                LongList ends = rec.ends[me];
                LongList lats = rec.latencies[me];
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                while (true) {
                    long s = System.nanoTime();
                    if (s >= stopAt) break;
                    op.run(rnd);
                    long e = System.nanoTime();
                    if (e >= bounds[0]) {
                        ends.add(e);
                        lats.add(e - s);
                    }
                }
            });
        }
        go.countDown();
        long wait = bounds[0] - System.nanoTime();
        if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        CpuMeter cpu = new CpuMeter();
        for (Thread t : ts) t.join();
        long ops = 0;
        for (int t = 0; t < n; t++) ops += rec.ends[t].size;
        rec.cpu = cpu.since(ops);
        return rec;
    }

    static final class Recorder {
        final LongList[] ends;
        final LongList[] latencies;
        long[] bounds;
        String cpu;

        Recorder(int n) {
            ends = new LongList[n];
            latencies = new LongList[n];
            for (int i = 0; i < n; i++) {
                ends[i] = new LongList();
                latencies[i] = new LongList();
            }
        }

        /** Operations per second over all measured rounds. */
        double rate() {
            long n = 0;
            for (LongList l : ends) {
                for (int i = 0; i < l.size; i++) if (l.a[i] >= bounds[0] && l.a[i] < bounds[bounds.length - 1]) n++;
            }
            return n / ((bounds[bounds.length - 1] - bounds[0]) / 1e9);
        }

        void report(String unit) {
            System.out.printf(Locale.ROOT, "%-8s %12s %10s %10s %10s %10s%n", "round", unit, "p50 ms", "p99 ms", "p99.9 ms", "max ms");
            double[] rates = new double[bounds.length - 1];
            LongList all = new LongList();
            for (int r = 0; r + 1 < bounds.length; r++) {
                LongList l = new LongList();
                for (int t = 0; t < ends.length; t++) {
                    for (int i = 0; i < ends[t].size; i++) {
                        long e = ends[t].a[i];
                        if (e >= bounds[r] && e < bounds[r + 1]) {
                            l.add(latencies[t].a[i]);
                            all.add(latencies[t].a[i]);
                        }
                    }
                }
                long[] sorted = l.sorted();
                rates[r] = sorted.length / ((bounds[r + 1] - bounds[r]) / 1e9);
                System.out.printf(Locale.ROOT, "%-8d %12s %10.2f %10.2f %10.2f %10.2f%n", r + 1, fmt(rates[r]),
                        ms(pct(sorted, 0.5)), ms(pct(sorted, 0.99)), ms(pct(sorted, 0.999)), ms(sorted.length == 0 ? 0 : sorted[sorted.length - 1]));
            }
            double[] r = rates.clone();
            Arrays.sort(r);
            long[] s = all.sorted();
            System.out.printf(Locale.ROOT, "median of rounds: %s %s; all rounds: p50 %.2f ms, p99 %.2f ms%n", fmt(r[r.length / 2]), unit,
                    ms(pct(s, 0.5)), ms(pct(s, 0.99)));
            System.out.println(cpu + " (measured rounds)");
        }
    }
}
