package io.onefold.benchmarks.http;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** What {@link io.onefold.benchmarks.HttpLoad} prints after a run: answers, statuses, latency, CPU, the RESULT line. */
public final class LoadReport {
    private LoadReport() {}

    /** The figures of one run, as the lines scripts and docs/benchmarks.md read (RESULT ...). */
    public static void print(HttpLoadOptions o, LoadResult r, long generatorCpuNanos, long serverCpuNanos, long machineBusyNanos, long wallNanos) {
        double seconds = r.measuredNanos / 1e9;
        Map<Integer, Long> byStatus = new TreeMap<>();
        long ok = 0;
        for (int s = 0; s < r.statuses.length; s++) {
            if (r.statuses[s] == 0) continue;
            byStatus.put(s, r.statuses[s]);
            if (s >= 200 && s < 300) ok += r.statuses[s];
        }
        System.out.printf(Locale.ROOT, "answers received in the %.2f s window: %d = %.0f req/s (2xx %.0f/s); statuses %s; io errors %d; unfinished at the end %d%n",
                seconds, r.completed, r.completed / seconds, ok / seconds, byStatus, r.ioErrors, r.unfinished);
        if (o.target().equals("lookup")) {
            System.out.printf(Locale.ROOT, "lookups answered 2xx: found %d (%.0f/s), not found %d (%.0f/s: {\"entities\":[]}, customer not written yet)%n",
                    ok - r.nothingFound, (ok - r.nothingFound) / seconds, r.nothingFound, r.nothingFound / seconds);
        }
        String what = o.fixed() ? "latency from intended send (ms)" : "latency (ms)";
        System.out.printf(Locale.ROOT, "%s: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f  mean %.2f%n", what,
                ms(r.latency.getValueAtPercentile(50)), ms(r.latency.getValueAtPercentile(90)), ms(r.latency.getValueAtPercentile(99)),
                ms(r.latency.getValueAtPercentile(99.9)), ms(r.latency.getMaxValue()), r.latency.getMean() / 1e6);
        if (o.fixed() && r.service.getTotalCount() == 0) {
            System.out.printf(Locale.ROOT, "service time: none of the requests due in the window was sent before the end (max backlog %d): the server is far below the rate%n",
                    r.maxBacklog);
        } else if (o.fixed()) {
            System.out.printf(Locale.ROOT, "service time from actual send (ms): p50 %.2f  p99 %.2f  max %.2f; send lag p99 %.2f ms, max backlog %d%n",
                    ms(r.service.getValueAtPercentile(50)), ms(r.service.getValueAtPercentile(99)), ms(r.service.getMaxValue()),
                    ms(r.lag.getValueAtPercentile(99)), r.maxBacklog);
        }
        double wall = wallNanos / 1e9;
        System.out.printf(Locale.ROOT, "cpu (cores, averaged over the whole run incl. warmup and drain, %.1f s): generator %.2f%s, whole machine %.2f of %d%s%n", wall,
                generatorCpuNanos / 1e9 / wall, serverCpuNanos > 0 ? String.format(Locale.ROOT, ", server %.2f", serverCpuNanos / 1e9 / wall) : "",
                machineBusyNanos / 1e9 / wall, Runtime.getRuntime().availableProcessors(),
                serverCpuNanos > 0 ? String.format(Locale.ROOT, " (other processes %.2f)", (machineBusyNanos - serverCpuNanos - generatorCpuNanos) / 1e9 / wall) : "");
        System.out.printf(Locale.ROOT, "RESULT target=%s mode=%s rate=%d connections=%d threads=%d client=%s rps=%.0f ok_rps=%.0f p50_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f non2xx=%d io_errors=%d%s%n",
                o.target(), o.fixed() ? "fixed" : "max", o.rate(), o.connections(), o.threads(), o.client(), r.completed / seconds, ok / seconds,
                ms(r.latency.getValueAtPercentile(50)), ms(r.latency.getValueAtPercentile(99)), ms(r.latency.getValueAtPercentile(99.9)),
                ms(r.latency.getMaxValue()), r.completed - ok, r.ioErrors,
                o.target().equals("lookup") ? " found=" + (ok - r.nothingFound) + " not_found=" + r.nothingFound : "");
    }

    public static double ms(long nanos) {
        return nanos / 1e6;
    }

    public static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
