package io.onefold.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.error.NotFoundException;
import io.onefold.core.error.ValidationException;
import io.onefold.core.json.Json;
import io.onefold.store.ChangeEvent;
import io.onefold.store.ProfileStore;
import io.onefold.store.Webhook;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhook subscriptions and their delivery. Each active subscription has one delivery loop (a virtual thread)
 * that reads the change stream from its cursor and POSTs each event, one at a time — so events arrive in
 * stream order, hence in order per profile — retrying a failure with exponential backoff before moving on:
 * at least once. Every attempt reads the event from the store again, so an attempt after an erasure committed sends
 * the scrubbed or redacted event, never the payload read before it. After {@code suspendAfter} consecutive failures the subscription is suspended; its recent
 * failures stay readable. Delivery runs beside the writer, never in it: it cannot slow an upsert.
 *
 * <p>Signature: header {@code Onefold-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}.
 */
public final class WebhookService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookService.class);
    private static final int PAGE = 100;
    private static final int RECENT = 20;

    private final ProfileStore store;
    private final SingleWriter writer;
    private final ChangeNotifier notifier;
    private final Supplier<Instant> clock;
    private final Duration backoff;
    private final int suspendAfter;
    private final WebhookAddressPolicy addresses;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Thread> loops = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private final Thread supervisor;
    private volatile WebhookMetrics metrics = WebhookMetrics.unread();

    /** Where delivery reports lag and failures per subscription (ProfileService binds it to its meters). */
    void metrics(WebhookMetrics m) {
        this.metrics = m;
    }

    WebhookService(ProfileStore store, SingleWriter writer, Supplier<Instant> clock, Duration backoff, int suspendAfter, WebhookAddressPolicy addresses) {
        this.store = store;
        this.writer = writer;
        this.notifier = writer.notifier();
        this.clock = clock;
        this.backoff = backoff;
        this.suspendAfter = suspendAfter;
        this.addresses = addresses;
        this.supervisor = Thread.ofPlatform().daemon(true).name("onefold-webhooks").start(this::supervise);
    }

    /** A created subscription and its signing secret, shown this once. */
    public record Created(Webhook webhook, String secret) {}

    public Created create(String org, String url, List<String> types, String secret) {
        URI uri;
        try {
            uri = URI.create(url == null ? "" : url);
        } catch (IllegalArgumentException e) {
            throw ValidationException.of("url", "is not a URL");
        }
        if (uri.getScheme() == null || !Set.of("http", "https").contains(uri.getScheme()) || uri.getHost() == null) {
            throw ValidationException.of("url", "must be an absolute http or https URL");
        }
        addresses.checkSubscription(uri);
        ChangeEvents.requireKnownTypes("event_types", types);
        String key = secret == null ? SecretHasher.newSecret() : secret;
        if (key.length() < 16) throw ValidationException.of("secret", "must be at least 16 characters");
        Webhook w = writer.execute(ctx -> {
            Webhook created = new Webhook(org, UUID.randomUUID().toString(), url, types, key, "ACTIVE", ctx.session().profiles().latestPosition(org), 0,
                    Json.NODES.arrayNode(), clock.get());
            ctx.session().webhooks().putWebhook(created);
            return created;
        });
        wake();
        return new Created(w, key);
    }

    public List<Webhook> list(String org) {
        return store.webhooks().webhooks(org);
    }

    public Webhook get(String org, String id) {
        return store.webhooks().webhooks(org).stream().filter(w -> w.id().equals(id)).findFirst().orElseThrow(() -> new NotFoundException("no webhook '" + id + "'"));
    }

    public void delete(String org, String id) {
        get(org, id);
        writer.execute(ctx -> ctx.session().webhooks().deleteWebhook(org, id));
    }

    /** Reactivates a suspended subscription; delivery resumes from where it stopped. */
    public Webhook resume(String org, String id) {
        Webhook w = get(org, id);
        Webhook resumed = w.with("ACTIVE", w.cursor(), 0, w.recentFailures());
        writer.execute(ctx -> {
            ctx.session().webhooks().putWebhook(resumed);
            return null;
        });
        wake();
        return resumed;
    }

    private final Object wakeLock = new Object();

    private void wake() {
        synchronized (wakeLock) {
            wakeLock.notifyAll();
        }
    }

    /** Starts a delivery loop for every active subscription that has none. */
    private void supervise() {
        while (running) {
            try {
                for (Webhook w : store.webhooks().activeWebhooks()) {
                    String key = w.organization() + "/" + w.id();
                    if (loops.containsKey(key)) continue;
                    // one node delivers a subscription (several would post each event several times); when it dies
                    // its claim goes with it and another node's supervisor takes over from the stored cursor
                    ProfileStore.Claim claim = store.claim("webhook/" + key).orElse(null);
                    if (claim == null) continue;
                    Thread loop = Thread.ofVirtual().name("webhook-" + w.id()).unstarted(() -> {
                        try (claim) {
                            deliver(w.organization(), w.id(), claim);
                        } finally {
                            loops.remove(key);
                        }
                    });
                    loops.put(key, loop);
                    loop.start();
                }
                synchronized (wakeLock) {
                    wakeLock.wait(1000);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("webhook supervisor: {}", e.getClass().getName());
            }
        }
    }

    private Webhook current(String org, String id) {
        return store.webhooks().webhooks(org).stream().filter(w -> w.id().equals(id)).findFirst().orElse(null);
    }

    /** Delivers while the subscription is active and this node holds it (a database restart loses the claim). */
    private void deliver(String org, String id, ProfileStore.Claim claim) {
        Webhook w = current(org, id);
        while (running && w != null && w.active() && claim.held()) {
            try {
                long seen = notifier.version();
                List<ChangeEvent> events = store.profiles().changesSince(org, w.cursor(), PAGE);
                metrics.read(w, events);
                if (events.isEmpty()) {
                    notifier.await(seen, 1000);
                    w = current(org, id);
                    continue;
                }
                long cursor = w.cursor();
                for (ChangeEvent e : events) {
                    if (w.types().isEmpty() ? !ChangeEvents.deliveredByDefault(e.type()) : !w.types().contains(e.type())) {
                        cursor = e.position();
                        continue;
                    }
                    int attempt = 0;
                    while (true) {
                        // each attempt reads the event again: an erasure committed meanwhile has scrubbed or redacted it
                        ChangeEvent current = reread(org, e);
                        String error = current == null ? null : post(w, current);
                        if (error == null) {
                            metrics.delivered(w, e);
                            cursor = e.position();
                            break;
                        }
                        metrics.failed(w);
                        ArrayNode recent = w.recentFailures().deepCopy();
                        ObjectNode f = recent.addObject();
                        f.put("at", clock.get().toString());
                        f.put("position", e.position());
                        f.put("error", error);
                        while (recent.size() > RECENT) recent.remove(0);
                        int failures = w.failures() + 1;
                        String status = failures >= suspendAfter ? "SUSPENDED" : "ACTIVE";
                        w = save(w.with(status, cursor, failures, recent));
                        if (w == null || !w.active()) return;
                        Thread.sleep(backoff.multipliedBy(1L << Math.min(attempt++, 8)).toMillis());
                        if (!running) return;
                    }
                    if (w.failures() > 0) w = save(w.with("ACTIVE", cursor, 0, w.recentFailures()));
                    if (w == null) return;
                }
                w = save(w.with(w.status(), cursor, w.failures(), w.recentFailures()));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("webhook {} delivery loop: {}", id, e.getClass().getName());
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException ie) {
                    return;
                }
                w = current(org, id);
            }
        }
    }

    /** The event as the store holds it now; null when it is gone (the retention purge deleted it). */
    private ChangeEvent reread(String org, ChangeEvent e) {
        List<ChangeEvent> now = store.profiles().changesSince(org, e.position() - 1, 1);
        return now.isEmpty() || now.get(0).position() != e.position() ? null : now.get(0);
    }

    /** Saves the delivery state unless the subscription was deleted meanwhile; keeps an operator's suspension. */
    private Webhook save(Webhook next) {
        return writer.execute(ctx -> {
            Webhook stored = ctx.session().webhooks().webhooks(next.organization()).stream().filter(x -> x.id().equals(next.id())).findFirst().orElse(null);
            if (stored == null) return null;
            Webhook merged = new Webhook(stored.organization(), stored.id(), stored.url(), stored.types(), stored.secret(),
                    stored.active() ? next.status() : stored.status(), next.cursor(), next.failures(), next.recentFailures(), stored.createdAt());
            ctx.session().webhooks().putWebhook(merged);
            return merged;
        });
    }

    /** One attempt; null on a 2xx, else what went wrong (never the payload). */
    private String post(Webhook w, ChangeEvent e) {
        // again at each attempt: the host's DNS answer may have changed since the subscription was accepted
        String refused = addresses.refusal(URI.create(w.url()));
        if (refused != null) return "refused: " + refused;
        String body = ChangeEvents.document(e).toString();
        long t = clock.get().getEpochSecond();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(w.url()))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header("Onefold-Event-Id", Long.toString(e.position()))
                    .header("Onefold-Event-Type", e.type())
                    .header("Onefold-Signature", "t=" + t + ",v1=" + sign(w.secret(), t + "." + body))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
            return r.statusCode() / 100 == 2 ? null : "HTTP " + r.statusCode();
        } catch (java.io.IOException ex) {
            return ex.getClass().getSimpleName();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** HMAC-SHA256, hex. Receivers verify with the same computation (docs/events.md has a sample). */
    public static String sign(String secret, String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void close() {
        running = false;
        supervisor.interrupt();
        loops.values().forEach(Thread::interrupt);
    }
}
