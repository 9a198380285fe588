package io.onefold.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.onefold.store.ChangeEvent;
import io.onefold.store.Webhook;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Webhook delivery per subscription (tagged {@code organization} and {@code webhook}, the subscription id — never its
 * URL, which may carry a token): the delay from an event's commit to its acknowledged delivery, failed attempts, and
 * the age of the oldest event not yet delivered — what grows while a receiver is down. See docs/configuration.md.
 */
final class WebhookMetrics {
    private final MeterRegistry registry;
    /** Per subscription: the commit time of the oldest event it has yet to deliver, null when it is caught up. */
    private final Map<String, AtomicReference<Instant>> oldestPending = new ConcurrentHashMap<>();

    WebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    static WebhookMetrics unread() {
        return new WebhookMetrics(new CompositeMeterRegistry());
    }

    /** A page of the stream was read for {@code w}: the first event it wants is the oldest it has yet to deliver. */
    void read(Webhook w, List<ChangeEvent> page) {
        Instant oldest = null;
        for (ChangeEvent e : page) {
            if (w.types().isEmpty() || w.types().contains(e.type())) {
                oldest = e.at();
                break;
            }
        }
        pending(w).set(oldest);
    }

    void delivered(Webhook w, ChangeEvent e) {
        Timer.builder("onefold_webhook_delivery_lag").description("from an event's commit to its acknowledged delivery")
                .tags(tags(w)).serviceLevelObjectives(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(1),
                        Duration.ofMinutes(10), Duration.ofHours(1))
                .register(registry).record(Duration.between(e.at(), Instant.now()).abs());
    }

    void failed(Webhook w) {
        Counter.builder("onefold_webhook_delivery_failures").description("failed delivery attempts (each retry counts)")
                .tags(tags(w)).register(registry).increment();
    }

    private AtomicReference<Instant> pending(Webhook w) {
        return oldestPending.computeIfAbsent(w.organization() + "/" + w.id(), key -> {
            AtomicReference<Instant> oldest = new AtomicReference<>();
            Gauge.builder("onefold_webhook_pending_age_seconds", oldest, o -> o.get() == null ? 0 : Duration.between(o.get(), Instant.now()).toMillis() / 1000.0)
                    .description("age of the oldest event the subscription has yet to deliver (0: caught up)")
                    .tags(tags(w)).strongReference(true).register(registry);
            return oldest;
        });
    }

    private static Tags tags(Webhook w) {
        return Tags.of("organization", w.organization(), "webhook", w.id());
    }
}
