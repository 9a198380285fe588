package io.onefold.benchmarks.service;

import io.onefold.store.postgres.RoundTrips;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The PostgreSQL round trips a phase's writers sent (with {@code -Donefold.pg.count-round-trips=true}), in all and by
 * statement, per upsert: what issue 13 asks to report at 1, 16 and 64 client threads.
 */
final class RoundTripReport {
    private final long total = RoundTrips.count();
    private final Map<String, Long> byStatement = new HashMap<>();

    /** Starts counting the phase: what was sent so far is left out. */
    RoundTripReport() {
        for (var e : RoundTrips.byStatement()) byStatement.put(e.getKey(), e.getValue());
    }

    /** Prints the phase's round trips per upsert, the dozen most sent statements first; nothing when not counting. */
    void print(long upserts) {
        if (!RoundTrips.counting() || upserts == 0) return;
        long sent = RoundTrips.count() - total;
        System.out.printf(Locale.ROOT, "PostgreSQL round trips of the writers: %,d for %,d upserts = %.2f per upsert%n", sent, upserts, sent / (double) upserts);
        RoundTrips.byStatement().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - byStatement.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(12)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %8.2f per upsert  %s%n", e.getValue() / (double) upserts, e.getKey().replaceAll("\\s+", " ")));
    }
}
