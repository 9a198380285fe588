package io.onefold.benchmarks.service;

import static io.onefold.benchmarks.service.Figures.fmt;
import static io.onefold.benchmarks.service.Figures.human;
import static io.onefold.benchmarks.service.Figures.ms;
import static io.onefold.benchmarks.service.Figures.pct;
import static io.onefold.benchmarks.service.ServiceNodes.ORG;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.service.UpsertResponse;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Phase 1: {@code --profiles} customers, one CRM full record each, upserted from {@code --threads} threads into a fresh
 * store; upserts/s, latency and CPU per {@code --window} as the database grows, then the totals. Fills {@code ids}.
 */
final class LoadPhase {
    private final ServiceNodes nodes;
    private final DataDirectory data;
    private final String[] ids;
    private final int profiles;
    private final int threads;
    private final int window;
    private final long seed;

    LoadPhase(ThroughputOptions o, ServiceNodes nodes, DataDirectory data, String[] ids) {
        this.nodes = nodes;
        this.data = data;
        this.ids = ids;
        this.profiles = o.profiles;
        this.threads = o.threads;
        this.window = o.window;
        this.seed = o.seed;
    }

    void run() throws InterruptedException {
        System.out.printf(Locale.ROOT, "%n== load: %,d profiles (CRM full records) from %d threads, windows of %,d ==%n", profiles, threads, window);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        long[] latency = new long[profiles];
        int windows = (profiles + window - 1) / window;
        java.util.concurrent.atomic.AtomicLongArray windowEnd = new java.util.concurrent.atomic.AtomicLongArray(windows);
        ErrorCounts errors = new ErrorCounts();
        CpuMeter cpu = new CpuMeter();
        RoundTripReport roundTrips = new RoundTripReport();
        long t0 = System.nanoTime();
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            ts[t] = Thread.ofPlatform().name("load-" + t).start(() -> {
                SplittableRandom rnd = new SplittableRandom(seed + Thread.currentThread().threadId());
                int c;
                while ((c = next.getAndIncrement()) < profiles) {
                    ObjectNode body = Customers.crmRecord(c, rnd, false, Instant.now());
                    long s = System.nanoTime();
                    try {
                        UpsertResponse r = nodes.service().upsert(ORG, body, null);
                        ids[c] = r.profileId();
                        if (r.status() != 201) errors.add("load: not created (" + r.outcome() + ")");
                    } catch (RuntimeException e) {
                        errors.add(e);
                    }
                    long e = System.nanoTime();
                    int k = done.getAndIncrement();
                    latency[k] = e - s;
                    if ((k + 1) % window == 0 || k + 1 == profiles) windowEnd.set(k / window, e);
                }
            });
        }
        // print each window as it completes, with the CPU it took (sampled when the window is seen complete)
        System.out.printf(Locale.ROOT, "%-22s %10s %9s %9s %9s %9s %12s %12s%n", "profiles stored", "upserts/s", "p50 ms", "p99 ms",
                "p99.9 ms", "max ms", "cpu us/op", "writer us/op");
        long prev = t0;
        long prevProcess = cpu.process;
        long prevWriter = cpu.writer;
        for (int w = 0; w < windows; w++) {
            while (windowEnd.get(w) == 0) Thread.sleep(100);
            Thread.sleep(20); // let the last few of the window store their latency
            long process = CpuMeter.processCpu();
            long writer = CpuMeter.writerCpu();
            int from = w * window;
            int to = Math.min(profiles, from + window);
            long[] l = Arrays.copyOfRange(latency, from, to);
            Arrays.sort(l);
            double rate = (to - from) / ((windowEnd.get(w) - prev) / 1e9);
            System.out.printf(Locale.ROOT, "%,10d-%,-11d %10s %9.2f %9.2f %9.2f %9.2f %12.0f %12.0f   load avg %.1f%n", from, to, fmt(rate),
                    ms(pct(l, 0.50)), ms(pct(l, 0.99)), ms(pct(l, 0.999)), ms(l[l.length - 1]),
                    (process - prevProcess) / 1e3 / (to - from), (writer - prevWriter) / 1e3 / (to - from),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            prev = windowEnd.get(w);
            prevProcess = process;
            prevWriter = writer;
        }
        for (Thread t : ts) t.join();
        long total = System.nanoTime() - t0;
        String used = cpu.since(profiles);
        long[] all = latency.clone();
        Arrays.sort(all);
        System.out.printf(Locale.ROOT, "load total: %,d upserts in %s = %s upserts/s (p50 %.2f ms, p99 %.2f ms)%n", profiles, human(total),
                fmt(profiles / (total / 1e9)), ms(pct(all, 0.5)), ms(pct(all, 0.99)));
        System.out.println(used);
        roundTrips.print(profiles);
        errors.print();
        data.sizes("after load");
    }
}
