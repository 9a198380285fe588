package io.onefold.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.onefold.service.ProfileService;
import io.onefold.store.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Background jobs started through this node (a rule or template activation re-resolving every profile — the node
 * that activates runs the job): while one runs, its progress ({@code done / total}) and its counts; when it ends, a
 * count by type and status. Read from the job's row at each scrape, so the figures are the ones {@code GET /jobs/{id}}
 * shows.
 */
final class JobMetrics {
    private final ProfileService service;
    private final MeterRegistry registry;
    private final Map<String, Job> running = new ConcurrentHashMap<>();
    private final MultiGauge progress;
    private final MultiGauge done;
    private final MultiGauge total;

    JobMetrics(ProfileService service, MeterRegistry registry) {
        this.service = service;
        this.registry = registry;
        this.progress = MultiGauge.builder("onefold_job_progress_ratio").description("share of a running job's work done (0 to 1)").register(registry);
        this.done = MultiGauge.builder("onefold_job_items_done").description("items (profiles) a running job has processed").register(registry);
        this.total = MultiGauge.builder("onefold_job_items").description("items (profiles) a running job has to process").register(registry);
        Gauge.builder("onefold_jobs_running", running, Map::size).description("background jobs this node runs").register(registry);
    }

    /** Follows a job this node started, until a scrape sees it ended. */
    void watch(Job job) {
        running.put(job.organization() + "/" + job.id(), job);
    }

    /** Re-reads each running job's row (before each scrape); a job that ended is counted and dropped. */
    synchronized void refresh() {
        List<MultiGauge.Row<?>> p = new ArrayList<>();
        List<MultiGauge.Row<?>> d = new ArrayList<>();
        List<MultiGauge.Row<?>> t = new ArrayList<>();
        for (var entry : running.entrySet()) {
            Job seen = entry.getValue();
            Job now;
            try {
                now = service.configurations().job(seen.organization(), seen.id()).orElse(null);
            } catch (RuntimeException e) {
                now = seen; // the store does not answer: show what was last read
            }
            if (now == null || !now.status().equals("RUNNING")) {
                running.remove(entry.getKey());
                Counter.builder("onefold_jobs_finished").description("background jobs that ended, by type and status")
                        .tag("type", seen.type()).tag("status", now == null ? "GONE" : now.status()).register(registry).increment();
                continue;
            }
            entry.setValue(now);
            Tags tags = Tags.of("type", now.type(), "job", now.id(), "organization", now.organization());
            p.add(MultiGauge.Row.of(tags, now.total() <= 0 ? 0.0 : Math.min(1.0, (double) now.done() / now.total())));
            d.add(MultiGauge.Row.of(tags, now.done()));
            t.add(MultiGauge.Row.of(tags, now.total()));
        }
        progress.register(p, true);
        done.register(d, true);
        total.register(t, true);
    }
}
