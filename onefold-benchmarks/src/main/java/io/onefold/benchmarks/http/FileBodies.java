package io.onefold.benchmarks.http;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * Upsert bodies read from an NDJSON file (one {@code POST /profiles} body per line, such as {@code ./onefold
 * generate}'s chat.ndjson and ivr.ndjson), sent in file order from a start that differs per event loop, cycling.
 */
public final class FileBodies implements Workload {
    final HttpLoadOptions o;
    final String token;
    final byte[] head;
    final byte[][] bodies;
    int next;

    public FileBodies(HttpLoadOptions o, String token) throws IOException {
        this(o, token, Files.readAllLines(o.bodies(), StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank())
                .map(l -> l.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new), 0);
        if (bodies.length == 0) throw new IllegalArgumentException(o.bodies() + " holds no line");
    }

    private FileBodies(HttpLoadOptions o, String token, byte[][] bodies, int start) {
        this.o = o;
        this.token = token;
        this.bodies = bodies;
        this.next = start;
        this.head = ("POST " + UPSERT_PATH + " HTTP/1.1\r\nHost: " + Workload.hostHeader(o.url()) + "\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
    }

    public Workload copy(long seed) {
        return new FileBodies(o, token, bodies, (int) Math.floorMod(seed * 7919L, (long) bodies.length));
    }

    public void next(ByteBuffer out) {
        byte[] body = bodies[next];
        next = (next + 1) % bodies.length;
        out.put(head);
        out.put(Integer.toString(body.length).getBytes(StandardCharsets.US_ASCII));
        out.put((byte) '\r').put((byte) '\n').put((byte) '\r').put((byte) '\n');
        out.put(body);
    }

    public HttpRequest nextJdk() {
        byte[] body = bodies[next];
        next = (next + 1) % bodies.length;
        return HttpRequest.newBuilder(o.url().resolve(UPSERT_PATH)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }
}
