package io.onefold.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One consumer of {@code GET /events} over a real socket, held open for a whole test: a reader thread parses the
 * server-sent events as they arrive, and the test takes them up to a stream position it knows was committed.
 */
final class EventStream implements AutoCloseable {
    /** One server-sent event as received: {@code id}, {@code event} and {@code data} lines. */
    record Event(long id, String type, String data) {}

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private final BlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
    private final InputStream body;
    private final Thread reader;
    private long lastId;

    private EventStream(InputStream body) {
        this.body = body;
        this.reader = Thread.ofPlatform().daemon(true).name("event-stream-reader").start(this::read);
    }

    /** Opens the stream of {@code api}'s organization after {@code position} (0: from its first event). */
    static EventStream open(Api api, long position) {
        HttpRequest request = HttpRequest.newBuilder(api.root().resolve(Api.BASE + "/events?after=" + position))
                .header("Authorization", "Bearer " + api.token()).header("Accept", "text/event-stream").timeout(PATIENCE).GET().build();
        try {
            HttpResponse<InputStream> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) throw new AssertionError("GET /events answered " + r.statusCode() + ": " + new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
            return new EventStream(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The events after the last one taken, through {@code position} (committed, so the server sends it). */
    List<Event> through(long position) {
        List<Event> out = new ArrayList<>();
        try {
            while (lastId < position) {
                Object next = arrived.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                if (next == null) throw new AssertionError("no event through position " + position + " within " + PATIENCE + " (last: " + lastId + ")");
                if (next instanceof Throwable t) throw new AssertionError("the event stream broke", t);
                Event e = (Event) next;
                out.add(e);
                lastId = e.id();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return out;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            long id = 0;
            String type = null;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (type != null) arrived.add(new Event(id, type, data.toString()));
                    type = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = Long.parseLong(line.substring(3).trim());
                } else if (line.startsWith("event:")) {
                    type = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    if (!data.isEmpty()) data.append('\n');
                    data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
                }
                // ":" comments (heartbeats) carry nothing
            }
        } catch (IOException e) {
            if (!Thread.currentThread().isInterrupted()) arrived.add(e);
        }
    }

    @Override
    public void close() {
        reader.interrupt();
        try {
            body.close();
        } catch (IOException ignored) {
            // the connection is going away anyway
        }
    }
}
