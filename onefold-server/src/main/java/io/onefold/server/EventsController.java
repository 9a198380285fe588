package io.onefold.server;

import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.onefold.service.ChangeNotifier;
import io.onefold.service.Permission;
import io.onefold.service.ProfileService;
import io.onefold.store.ChangeEvent;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /events}: the organization's change stream as server-sent events. Each event's id is its stream
 * position; a consumer resumes with {@code Last-Event-ID} (or {@code ?after=}) and gets no gap and no duplicate,
 * because positions follow commit order (one writer; on PostgreSQL, positions drawn at commit under a lock). Without either it starts at the end: live only.
 * Heartbeat comments every 15 s keep proxies from closing an idle stream.
 */
final class EventsController {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EventsController.class);
    private static final int PAGE = 500;
    private final ProfileService service;
    private final StreamMetrics metrics;

    EventsController(ProfileService service, StreamMetrics metrics) {
        this.service = service;
        this.metrics = metrics;
    }

    /** Runs before the stream opens, so that a refusal is an ordinary 4xx response. */
    void check(Context ctx) {
        Principal p = Requests.principal(ctx);
        p.require(Permission.READ);
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            throw new ApiException(406, "NOT_ACCEPTABLE", "this is a server-sent event stream: send Accept: text/event-stream",
                    List.of(new io.onefold.core.error.Violation("Accept", "must include text/event-stream")), java.util.Map.of());
        }
        start(ctx);
        types(ctx);
    }

    /** {@code ?types=a,b}: empty means every type; an unknown one is refused, as for webhooks. */
    private static Set<String> types(Context ctx) {
        String types = ctx.queryParam("types");
        if (types == null || types.isBlank()) return Set.of();
        Set<String> wanted = Set.of(types.split(","));
        io.onefold.service.ChangeEvents.requireKnownTypes("types", wanted);
        return wanted;
    }

    private static final long HEARTBEAT_NANOS = 15_000_000_000L;
    private volatile boolean closed;

    /** Ends every open stream (the server is stopping). */
    void close() {
        closed = true;
    }

    void stream(SseClient client) {
        Context ctx = client.ctx();
        Principal p = Requests.principal(ctx);
        Set<String> wanted = types(ctx);
        long after = start(ctx);
        ChangeNotifier notifier = service.notifier();
        client.keepAlive();
        long quietSince = System.nanoTime();
        metrics.opened();
        try {
            while (!client.terminated() && !closed) {
                long seen = notifier.version();
                List<ChangeEvent> batch = service.queries().changesSince(p.organization(), after, PAGE);
                for (ChangeEvent e : batch) {
                    if (client.terminated()) return; // the consumer left: stop sending at once
                    after = e.position();
                    if (wanted.isEmpty() ? !io.onefold.service.ChangeEvents.deliveredByDefault(e.type()) : !wanted.contains(e.type())) continue;
                    client.sendEvent(e.type(), io.onefold.service.ChangeEvents.document(e).toString(), Long.toString(e.position()));
                    metrics.sent(e.at());
                }
                if (batch.size() == PAGE) continue;
                // wait in short slices, so a closing server releases its streams within a second
                if (notifier.await(seen, 1_000)) {
                    quietSince = System.nanoTime();
                } else if (System.nanoTime() - quietSince >= HEARTBEAT_NANOS && !client.terminated()) {
                    client.sendComment("heartbeat");
                    quietSince = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the response is streaming: there is no error to answer, and the error mapper must not try. The consumer
            // resumes from its Last-Event-ID; the log gets the type (a message could hold personal data)
            LOG.warn("event stream of organization {} ended by {}", p.organization(), e.getClass().getName());
        } finally {
            metrics.closed();
            client.close();
        }
    }

    /** Where the stream starts: after {@code Last-Event-ID}, else {@code ?after=}, else at the end; a refusal names the one given. */
    private long start(Context ctx) {
        String field = "Last-Event-ID";
        String from = ctx.header(field);
        if (from == null) {
            field = "after";
            from = ctx.queryParam(field);
        }
        if (from == null) return service.queries().latestPosition(Requests.principal(ctx).organization());
        try {
            long v = Long.parseLong(from.trim());
            if (v < 0) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(field, "must be a stream position (a non-negative integer)");
        }
    }

}
