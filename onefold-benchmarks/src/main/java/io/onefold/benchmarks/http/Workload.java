package io.onefold.benchmarks.http;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;

/** Writes the next request into a buffer; one instance per event loop (not thread-safe). */
public interface Workload {
    String UPSERT_PATH = "/api/v2/customer-profile/profiles";

    Workload copy(long seed);

    void next(ByteBuffer out);

    /** The same request for the JDK client. */
    HttpRequest nextJdk();

    /**
     * Whether a 2xx answer, its body in {@code buf[from, to)} (raw: chunked framing left in), found nothing — a
     * lookup of a customer not written yet. Counted apart from the answers that found something; still a success.
     */
    default boolean nothingFound(byte[] buf, int from, int to) {
        return false;
    }

    /** The {@code Host} header's value for {@code u}. */
    static String hostHeader(URI u) {
        return u.getHost() + ":" + port(u);
    }

    /** The port of {@code u}, 80 when it names none. */
    static int port(URI u) {
        return u.getPort() > 0 ? u.getPort() : 80;
    }
}
