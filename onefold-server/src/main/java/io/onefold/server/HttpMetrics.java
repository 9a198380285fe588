package io.onefold.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/** Prometheus metrics: request rate and latency by route and status, upserts by outcome. The registry of /metrics. */
final class HttpMetrics {
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    void request(String route, int status, long nanos) {
        Timer.builder("onefold_http_requests").description("HTTP requests by route and status")
                .tag("route", route).tag("status", Integer.toString(status))
                .publishPercentiles(0.5, 0.99)
                .register(registry).record(Duration.ofNanos(nanos));
    }

    /** An upsert applied ({@code created}, {@code updated}, {@code merged}, {@code unchanged}) or answered again ({@code replayed}). */
    void upsert(String outcome) {
        Counter.builder("onefold_upserts").description("upserts (single and bulk lines) by outcome").tag("outcome", outcome).register(registry).increment();
    }

    /** An upsert answered with an error: {@code conflict} (409), {@code failed} (5xx), else {@code refused} (400, 403, 413, 422…). */
    void upsertRefused(int status) {
        upsert(status == 409 ? "conflict" : status >= 500 ? "failed" : "refused");
    }

    String scrape() {
        return registry.scrape();
    }
}
