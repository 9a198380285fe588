package io.onefold.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/** Prometheus metrics: request rate and latency by route and status, upsert outcomes. */
final class HttpMetrics {
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    void request(String route, int status, long nanos) {
        Timer.builder("onefold_http_requests").description("HTTP requests by route and status")
                .tag("route", route).tag("status", Integer.toString(status))
                .publishPercentiles(0.5, 0.99)
                .register(registry).record(Duration.ofNanos(nanos));
    }

    void upsert(String outcome) {
        Counter.builder("onefold_upserts").description("upserts by outcome").tag("outcome", outcome).register(registry).increment();
    }

    String scrape() {
        return registry.scrape();
    }
}
