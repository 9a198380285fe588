package io.onefold.server;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** The event streams ({@code GET /events}) of this node: how many are open, and how late each event reaches its consumer. */
final class StreamMetrics {
    private final AtomicInteger open = new AtomicInteger();
    private final Timer lag;

    StreamMetrics(MeterRegistry registry) {
        Gauge.builder("onefold_event_streams_open", open, AtomicInteger::get).description("open event streams (GET /events)").register(registry);
        this.lag = Timer.builder("onefold_event_stream_lag").description("from an event's commit to its sending on a stream")
                .serviceLevelObjectives(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10),
                        Duration.ofMinutes(1), Duration.ofMinutes(10))
                .register(registry);
    }

    void opened() {
        open.incrementAndGet();
    }

    void closed() {
        open.decrementAndGet();
    }

    /** An event committed at {@code committedAt} was just sent (a replay from an old position is late by design: it counts too). */
    void sent(Instant committedAt) {
        lag.record(Duration.between(committedAt, Instant.now()).abs());
    }
}
