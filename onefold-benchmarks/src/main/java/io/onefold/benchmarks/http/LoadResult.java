package io.onefold.benchmarks.http;

import java.time.Duration;
import org.HdrHistogram.Histogram;

/** What one event loop (or the JDK run) measured; merged at the end. */
public final class LoadResult {
    /** The histograms' ceiling: a latency above it is recorded as this. */
    static final long HIGHEST_NANOS = Duration.ofMinutes(2).toNanos();

    public final Histogram latency = new Histogram(HIGHEST_NANOS, 3);
    public final Histogram service = new Histogram(HIGHEST_NANOS, 3);
    public final Histogram lag = new Histogram(HIGHEST_NANOS, 3);
    public final long[] statuses = new long[600];
    public long completed;
    /** 2xx answers in {@link #completed} that found nothing ({@link Workload#nothingFound}). */
    public long nothingFound;
    public long ioErrors;
    public long unfinished;
    public long maxBacklog;
    public long bytesIn;
    public long measuredNanos;

    void add(LoadResult o) {
        latency.add(o.latency);
        service.add(o.service);
        lag.add(o.lag);
        for (int i = 0; i < statuses.length; i++) statuses[i] += o.statuses[i];
        completed += o.completed;
        nothingFound += o.nothingFound;
        ioErrors += o.ioErrors;
        unfinished += o.unfinished;
        maxBacklog = Math.max(maxBacklog, o.maxBacklog);
        bytesIn += o.bytesIn;
        measuredNanos = Math.max(measuredNanos, o.measuredNanos);
    }
}
