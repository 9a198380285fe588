package io.onefold.benchmarks.service;

import java.util.Locale;

/** How the phases print their numbers: percentiles of sorted latencies, milliseconds, rates, durations. */
final class Figures {
    private Figures() {}

    static long pct(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    static String fmt(double rate) {
        return String.format(Locale.ROOT, "%,.0f", rate);
    }

    static String human(long nanos) {
        long s = nanos / 1_000_000_000L;
        return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
}
