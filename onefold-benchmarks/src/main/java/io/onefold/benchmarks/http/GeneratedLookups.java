package io.onefold.benchmarks.http;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * {@code GET /profiles?email=...} over the customers {@link GeneratedUpserts} writes: the same {@code --customers},
 * the same Zipf draw ({@code --skew}), the same emails ({@link GeneratedCustomers#email}). A 2xx answer with
 * {@code "entities":[]} is a customer not written yet: a success, counted apart ({@link #nothingFound}).
 */
public final class GeneratedLookups implements Workload {
    private static final byte[] NO_ENTITIES = "\"entities\":[]".getBytes(StandardCharsets.US_ASCII);
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    final HttpLoadOptions o;
    final String token;
    final GeneratedCustomers customers;
    final SplittableRandom random;
    final byte[] tail;

    public GeneratedLookups(HttpLoadOptions o, String token) {
        this(o, token, new GeneratedCustomers(o.customers(), o.skew()), new SplittableRandom(o.seed()));
    }

    private GeneratedLookups(HttpLoadOptions o, String token, GeneratedCustomers customers, SplittableRandom random) {
        this.o = o;
        this.token = token;
        this.customers = customers;
        this.random = random;
        this.tail = (" HTTP/1.1\r\nHost: " + Workload.hostHeader(o.url()) + "\r\nAuthorization: Bearer " + token
                + "\r\nAccept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    public Workload copy(long seed) {
        return new GeneratedLookups(o, token, customers, new SplittableRandom(seed));
    }

    /** The next request's path and query: a drawn customer's email, percent-encoded. */
    String target() {
        return UPSERT_PATH + "?email=" + queryValue(GeneratedCustomers.email(customers.draw(random)));
    }

    public void next(ByteBuffer out) {
        String target = target();
        out.put((byte) 'G').put((byte) 'E').put((byte) 'T').put((byte) ' ');
        for (int i = 0; i < target.length(); i++) out.put((byte) target.charAt(i)); // ASCII once encoded
        out.put(tail);
    }

    public HttpRequest nextJdk() {
        return HttpRequest.newBuilder(o.url().resolve(target())).header("Authorization", "Bearer " + token)
                .header("Accept", "application/json").GET().build();
    }

    /** Whether the answer's object opens with an empty {@code entities} list (the server writes that member first). */
    @Override
    public boolean nothingFound(byte[] buf, int from, int to) {
        int i = from;
        while (i < to && buf[i] != '{') i++; // past a chunk-size line
        if (++i + NO_ENTITIES.length > to) return false;
        for (int j = 0; j < NO_ENTITIES.length; j++) {
            if (buf[i + j] != NO_ENTITIES[j]) return false;
        }
        return true;
    }

    /**
     * {@code value} as a query parameter's value: UTF-8, every byte but RFC 3986's unreserved characters and
     * {@code @} percent-encoded — so {@code +} is {@code %2B} (a bare {@code +} would reach the server as a space)
     * and a space is {@code %20}.
     */
    static String queryValue(String value) {
        StringBuilder b = new StringBuilder(value.length() + 8);
        for (byte x : value.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' || c == '@') {
                b.append((char) c);
            } else {
                b.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        return b.toString();
    }
}
