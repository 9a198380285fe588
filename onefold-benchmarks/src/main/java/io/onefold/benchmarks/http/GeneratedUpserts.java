package io.onefold.benchmarks.http;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;

/** CRM, chat and IVR upserts over a Zipf-skewed customer set. */
public final class GeneratedUpserts implements Workload {
    private static final String[] INTENTS = {"order status", "billing question", "returns", "delivery change", "product question",
            "cancel subscription", "loyalty points", "store hours"};
    private static final String[] TIERS = {"Bronze", "Silver", "Gold", "Platinum"};
    private static final String[] CONTACT = {"email", "sms", "phone"};
    private static final String[] CITIES = {"Oakland\",\"postal_code\":\"94607", "San Francisco\",\"postal_code\":\"94103",
            "Berkeley\",\"postal_code\":\"94704", "San Jose\",\"postal_code\":\"95113"};

    final HttpLoadOptions o;
    final String token;
    final byte[] head;
    final double[] cdf;
    final SplittableRandom random;
    final StringBuilder body = new StringBuilder(1024);
    final byte[] scratch = new byte[64 * 1024];

    public GeneratedUpserts(HttpLoadOptions o, String token) {
        this(o, token, zipfCdf(o.customers(), o.skew()), new SplittableRandom(o.seed()));
    }

    private GeneratedUpserts(HttpLoadOptions o, String token, double[] cdf, SplittableRandom random) {
        this.o = o;
        this.token = token;
        this.cdf = cdf;
        this.random = random;
        this.head = ("POST " + UPSERT_PATH + " HTTP/1.1\r\nHost: " + Workload.hostHeader(o.url()) + "\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
    }

    public Workload copy(long seed) {
        return new GeneratedUpserts(o, token, cdf, new SplittableRandom(seed));
    }

    static double[] zipfCdf(int n, double s) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1.0 / Math.pow(i + 1, s);
            cdf[i] = sum;
        }
        for (int i = 0; i < n; i++) cdf[i] /= sum;
        return cdf;
    }

    int customer() {
        double u = random.nextDouble();
        int lo = 0;
        int hi = cdf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] < u) lo = mid + 1;
            else hi = mid;
        }
        // scatter ranks over ids so that hot customers are not all neighbours
        return (int) ((lo * 2654435761L) % cdf.length);
    }

    String body() {
        StringBuilder b = body;
        b.setLength(0);
        int c = customer();
        int roll = random.nextInt(100);
        String now = Instant.now().toString();
        if (roll < 20) {
            b.append("{\"source\":\"salesforce_crm\",\"source_record_id\":\"C-").append(c).append("\",\"profile_data\":{\"email\":\"")
                    .append("customer").append(c).append("@example.com\",\"phone_number\":\"");
            phone(b, c);
            b.append("\",\"loyalty_tier\":\"").append(TIERS[(c + random.nextInt(2)) % TIERS.length])
                    .append("\",\"customer_since\":\"20").append(10 + c % 15).append("-0").append(1 + c % 9).append("-1").append(c % 9)
                    .append("\",\"lifetime_value\":").append(random.nextInt(5000)).append('.').append(random.nextInt(10))
                    .append(",\"preferred_contact_method\":\"").append(CONTACT[c % 3])
                    .append("\",\"postal_address\":{\"line1\":\"").append(1 + c % 999).append(" Main Street\",\"city\":\"").append(CITIES[c % CITIES.length]).append("\"}");
            if (random.nextInt(10) < 3) {
                b.append(",\"purchase_history\":[{\"order_id\":\"O-").append(c).append('-').append(random.nextInt(20))
                        .append("\",\"total\":").append(10 + random.nextInt(200)).append(".99,\"ordered_at\":\"").append(now).append("\"}]");
            }
            b.append("}}");
        } else if (roll < 70) {
            b.append("{\"source\":\"webchat_middleware\",\"profile_data\":{\"email\":\"").append("customer").append(c)
                    .append("@example.com\",\"recent_intent\":\"").append(INTENTS[random.nextInt(INTENTS.length)])
                    .append("\",\"last_interaction_timestamp\":\"").append(now).append("\",\"interaction_channels\":[\"chat\"]");
            boolean explicit = random.nextInt(10) == 0;
            if (explicit) b.append(",\"preferred_contact_method\":\"").append(CONTACT[random.nextInt(3)]).append('"');
            b.append('}');
            if (explicit) b.append(",\"explicit\":[\"preferred_contact_method\"]");
            b.append('}');
        } else {
            b.append("{\"source\":\"voice_ivr\",\"profile_data\":{\"phone_number\":\"");
            phone(b, c);
            b.append("\",\"recent_intent\":\"").append(INTENTS[random.nextInt(INTENTS.length)])
                    .append("\",\"last_interaction_timestamp\":\"").append(now).append("\",\"interaction_channels\":[\"voice\"]}}");
        }
        return b.toString();
    }

    /** A US number per customer, written as an IVR or a CRM would: +1 (415) 2EE-NNNN. */
    static void phone(StringBuilder b, int c) {
        b.append("+1 (415) ").append(200 + c / 10_000).append('-');
        int n = c % 10_000;
        if (n < 1000) b.append('0');
        if (n < 100) b.append('0');
        if (n < 10) b.append('0');
        b.append(n);
    }

    public void next(ByteBuffer out) {
        String json = body();
        int len = json.length(); // ASCII only
        out.put(head);
        putInt(out, len);
        out.put((byte) '\r').put((byte) '\n').put((byte) '\r').put((byte) '\n');
        for (int i = 0; i < len; i++) scratch[i] = (byte) json.charAt(i);
        out.put(scratch, 0, len);
    }

    public HttpRequest nextJdk() {
        return HttpRequest.newBuilder(o.url().resolve(UPSERT_PATH)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body())).build();
    }

    private static void putInt(ByteBuffer out, int v) {
        String s = Integer.toString(v);
        for (int i = 0; i < s.length(); i++) out.put((byte) s.charAt(i));
    }
}
