package io.onefold.benchmarks.http;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;

/** CRM, chat and IVR upserts over a Zipf-skewed customer set ({@link GeneratedCustomers}). */
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
    final GeneratedCustomers customers;
    final SplittableRandom random;
    final StringBuilder body = new StringBuilder(1024);
    final byte[] scratch = new byte[64 * 1024];

    public GeneratedUpserts(HttpLoadOptions o, String token) {
        this(o, token, new GeneratedCustomers(o.customers(), o.skew()), new SplittableRandom(o.seed()));
    }

    private GeneratedUpserts(HttpLoadOptions o, String token, GeneratedCustomers customers, SplittableRandom random) {
        this.o = o;
        this.token = token;
        this.customers = customers;
        this.random = random;
        this.head = o == null ? null : ("POST " + UPSERT_PATH + " HTTP/1.1\r\nHost: " + Workload.hostHeader(o.url()) + "\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
    }

    /** The bodies alone, for {@link CustomerRecords}: {@link #crm(int)} works, sending does not. */
    static GeneratedUpserts bodies(int customers, long seed) {
        return new GeneratedUpserts(null, null, new GeneratedCustomers(customers, 0), new SplittableRandom(seed));
    }

    public Workload copy(long seed) {
        return new GeneratedUpserts(o, token, customers, new SplittableRandom(seed));
    }

    String body() {
        StringBuilder b = body;
        b.setLength(0);
        int c = customers.draw(random);
        int roll = random.nextInt(100);
        String now = Instant.now().toString();
        if (roll < 20) {
            crm(b, c, now);
        } else if (roll < 70) {
            b.append("{\"source\":\"webchat_middleware\",\"profile_data\":{\"email\":\"").append(GeneratedCustomers.email(c))
                    .append("\",\"recent_intent\":\"").append(INTENTS[random.nextInt(INTENTS.length)])
                    .append("\",\"last_interaction_timestamp\":\"").append(now).append("\",\"interaction_channels\":[\"chat\"]");
            boolean explicit = random.nextInt(10) == 0;
            if (explicit) b.append(",\"preferred_contact_method\":\"").append(CONTACT[random.nextInt(3)]).append('"');
            b.append('}');
            if (explicit) b.append(",\"explicit\":[\"preferred_contact_method\"]");
            b.append('}');
        } else {
            b.append("{\"source\":\"voice_ivr\",\"profile_data\":{\"phone_number\":\"");
            GeneratedCustomers.phone(b, c);
            b.append("\",\"recent_intent\":\"").append(INTENTS[random.nextInt(INTENTS.length)])
                    .append("\",\"last_interaction_timestamp\":\"").append(now).append("\",\"interaction_channels\":[\"voice\"]}}");
        }
        return b.toString();
    }

    /** Customer {@code c}'s CRM record (email and phone, tier, value, address, sometimes an order), as a body. */
    String crm(int c) {
        body.setLength(0);
        crm(body, c, Instant.now().toString());
        return body.toString();
    }

    private void crm(StringBuilder b, int c, String now) {
        b.append("{\"source\":\"salesforce_crm\",\"source_record_id\":\"C-").append(c).append("\",\"profile_data\":{\"email\":\"")
                .append(GeneratedCustomers.email(c)).append("\",\"phone_number\":\"");
        GeneratedCustomers.phone(b, c);
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
