package io.onefold.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.onefold.core.error.OnefoldException;
import io.onefold.store.CommitOutcomeUnknownException;
import io.onefold.store.StoreUnavailableException;
import io.onefold.store.TransactionLostException;
import io.onefold.store.TransientStoreException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The single writer as an operator sees it: how many operations wait for it, how large its batches are, how long a
 * commit (the fsync) takes, and the store errors it meets. Histograms have fixed buckets, so that quantiles can be
 * computed across nodes. See docs/configuration.md, "Metrics".
 */
final class WriterMetrics {
    private final Timer commit;
    private final DistributionSummary batch;
    private final MeterRegistry registry;

    WriterMetrics(MeterRegistry registry, Supplier<Number> queueDepth) {
        this.registry = registry;
        Gauge.builder("onefold_writer_queue_depth", queueDepth).description("write operations waiting for the writer").strongReference(true)
                .register(registry);
        this.batch = DistributionSummary.builder("onefold_writer_batch_size").description("operations committed per transaction")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512).register(registry);
        this.commit = Timer.builder("onefold_writer_commit").description("time of one commit (its fsync included)")
                .serviceLevelObjectives(ms(0.5), ms(1), ms(2), ms(5), ms(10), ms(25), ms(50), ms(100), ms(250), ms(1000)).register(registry);
        // every series at 0 from the start, so that an alert on its rate sees the first error
        for (String phase : new String[] {"begin", "operation", "commit"}) {
            for (String kind : new String[] {"transient", "lost", "unavailable", "outcome_unknown", "failure"}) errors(phase, kind);
        }
    }

    /** The writer's cluster cache, when the store keeps one: what it holds and how many reads it took off the database. */
    void cache(io.onefold.store.ClusterCache cache) {
        Gauge.builder("onefold_writer_cluster_cache_clusters", cache::size).description("clusters the writer keeps decoded")
                .strongReference(true).register(registry);
        FunctionCounter.builder("onefold_writer_cluster_cache_hits", cache, io.onefold.store.ClusterCache::hits)
                .description("owner lookups and cluster reads the writer answered from its cache").register(registry);
        FunctionCounter.builder("onefold_writer_cluster_cache_misses", cache, io.onefold.store.ClusterCache::misses)
                .description("owner lookups and cluster reads the writer had to make in the database").register(registry);
    }

    private Counter errors(String phase, String kind) {
        return Counter.builder("onefold_store_errors").description("store errors met by the writer, by phase and kind")
                .tag("phase", phase).tag("kind", kind).register(registry);
    }

    /** Meters no registry reads (a writer without a server, e.g. ingest --data): the writer never checks for null. */
    static WriterMetrics unread(Supplier<Number> queueDepth) {
        return new WriterMetrics(new CompositeMeterRegistry(), queueDepth);
    }

    void committed(int operations, long nanos) {
        batch.record(operations);
        commit.record(Duration.ofNanos(nanos));
    }

    /**
     * A store error at {@code phase} (begin, operation, commit): a conflict retried later, a lost transaction, the
     * database out of reach (a 503; at commit, possibly with an unknown outcome), or a failure.
     */
    void storeError(String phase, Throwable e) {
        String kind = switch (e) {
            case TransientStoreException t -> "transient";
            case TransactionLostException l -> "lost";
            case CommitOutcomeUnknownException u -> "outcome_unknown";
            case StoreUnavailableException u -> "unavailable";
            case OnefoldException refused -> null; // a refused operation (400, 409...): the store did its job
            default -> "failure";
        };
        if (kind != null) errors(phase, kind).increment();
    }

    private static Duration ms(double millis) {
        return Duration.ofNanos((long) (millis * 1_000_000));
    }
}
