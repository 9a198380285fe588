package io.onefold.benchmarks.service;

import static io.onefold.benchmarks.service.ServiceNodes.ORG;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.service.UpsertResponse;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Phase 2: mixed upserts of existing customers picked by {@link Zipf}: 35% CRM full records, 45% chat partial records
 * found by email, 20% IVR partial records found by phone; a warm-up, then rounds.
 */
final class UpdatePhase {
    private final ServiceNodes nodes;
    private final DataDirectory data;
    private final Zipf picker;
    private final double zipf;
    private final int threads;
    private final int warmup;
    private final int rounds;
    private final int roundSeconds;
    private final long seed;

    UpdatePhase(ThroughputOptions o, ServiceNodes nodes, DataDirectory data, Zipf picker) {
        this.nodes = nodes;
        this.data = data;
        this.picker = picker;
        this.zipf = o.zipf;
        this.threads = o.threads;
        this.warmup = o.warmup;
        this.rounds = o.rounds;
        this.roundSeconds = o.roundSeconds;
        this.seed = o.seed;
    }

    void run() throws InterruptedException {
        System.out.printf(Locale.ROOT, "%n== update: mixed upserts of existing customers (Zipf %.2f), %d threads, warm-up %d s, %d x %d s ==%n",
                zipf, threads, warmup, rounds, roundSeconds);
        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        Map<String, LongAdder> kinds = new ConcurrentHashMap<>();
        ErrorCounts errors = new ErrorCounts();
        RoundTripReport roundTrips = new RoundTripReport();
        LongAdder attempted = new LongAdder();
        // the hottest customer's own rate: one customer's operations are serialized (its locks on a shared store, the
        // single writer here), so its rate is bounded by one operation's latency, whatever the others do
        int hottest = picker.hottest();
        LongAdder hot = new LongAdder();
        MeasuredRounds.Recorder rec = MeasuredRounds.measure(seed, threads, warmup, rounds, roundSeconds, (rnd) -> {
            int c = picker.sample(rnd);
            double p = rnd.nextDouble();
            attempted.increment();
            if (c == hottest) hot.increment();
            ObjectNode body;
            String kind;
            Instant now = Instant.now();
            if (p < 0.35) {
                kind = "crm full";
                body = Customers.crmRecord(c, rnd, true, now);
            } else if (p < 0.80) {
                kind = "chat partial (email)";
                body = Customers.chatRecord(c, rnd, now);
            } else {
                kind = "ivr partial (phone)";
                body = Customers.ivrRecord(c, rnd, now);
            }
            kinds.computeIfAbsent(kind, k -> new LongAdder()).increment();
            try {
                UpsertResponse r = nodes.service().upsert(ORG, body, null);
                outcomes.computeIfAbsent(r.outcome(), k -> new LongAdder()).increment();
            } catch (RuntimeException e) {
                errors.add(e);
            }
            return true;
        });
        rec.report("upserts/s");
        double share = hot.sum() / (double) Math.max(1, attempted.sum());
        System.out.printf(Locale.ROOT, "hottest customer (Zipf rank 1): %.1f%% of the upserts = %.0f upserts/s%n", 100 * share, share * rec.rate());
        System.out.println("mix: " + kinds + "; outcomes: " + outcomes);
        roundTrips.print(attempted.sum());
        errors.print();
        data.sizes("after updates");
    }
}
