package io.onefold.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Prometheus metrics: request rate and latency by route and status, upserts by outcome. The registry of /metrics.
 * Each meter is registered once and then kept at hand (by route and status, by outcome): a request records into it
 * without building the meter's id and looking it up in the registry again.
 */
final class HttpMetrics {
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentHashMap<String, Counter> upserts = new ConcurrentHashMap<>();

    /** The request timers of one route (its template, e.g. {@code GET /profiles/{id}}), by status. */
    final class RouteTimers {
        private final String route;
        private final AtomicReferenceArray<Timer> byStatus = new AtomicReferenceArray<>(600);

        private RouteTimers(String route) {
            this.route = route;
        }

        void record(int status, long nanos) {
            boolean kept = status >= 0 && status < byStatus.length();
            Timer timer = kept ? byStatus.get(status) : null;
            if (timer == null) {
                timer = timer(route, status);
                if (kept) byStatus.set(status, timer);
            }
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    RouteTimers route(String route) {
        return new RouteTimers(route);
    }

    private Timer timer(String route, int status) {
        return Timer.builder("onefold_http_requests").description("HTTP requests by route and status")
                .tag("route", route).tag("status", Integer.toString(status))
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    /** An upsert applied ({@code created}, {@code updated}, {@code merged}, {@code unchanged}) or answered again ({@code replayed}). */
    void upsert(String outcome) {
        upserts.computeIfAbsent(outcome, o -> Counter.builder("onefold_upserts").description("upserts (single and bulk lines) by outcome")
                .tag("outcome", o).register(registry)).increment();
    }

    /** An upsert answered with an error: {@code conflict} (409), {@code failed} (5xx), else {@code refused} (400, 403, 413, 422…). */
    void upsertRefused(int status) {
        upsert(status == 409 ? "conflict" : status >= 500 ? "failed" : "refused");
    }

    String scrape() {
        return registry.scrape();
    }
}
