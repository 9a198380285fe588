package io.onefold.benchmarks.http;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** {@code GET /health/live}, the same request every time: the HTTP layer's ceiling. */
public final class LivenessProbes implements Workload {
    final HttpLoadOptions o;
    final byte[] request;

    public LivenessProbes(HttpLoadOptions o) {
        this.o = o;
        this.request = ("GET /health/live HTTP/1.1\r\nHost: " + Workload.hostHeader(o.url()) + "\r\nAccept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    public Workload copy(long seed) {
        return this;
    }

    public void next(ByteBuffer out) {
        out.put(request);
    }

    public HttpRequest nextJdk() {
        return HttpRequest.newBuilder(o.url().resolve("/health/live")).GET().build();
    }
}
