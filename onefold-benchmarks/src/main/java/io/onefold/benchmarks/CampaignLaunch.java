package io.onefold.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.benchmarks.http.HttpLoadOptions;
import io.onefold.benchmarks.http.LoadReport;
import io.onefold.benchmarks.http.LoadResult;
import io.onefold.benchmarks.http.NioClient;
import io.onefold.benchmarks.http.OAuthToken;
import io.onefold.benchmarks.http.Workload;
import io.onefold.core.json.Json;
import io.onefold.server.OnefoldServer;
import io.onefold.server.ServerConfig;
import io.onefold.service.ProfileService;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The guide's campaign-launch scenario: a marketing campaign makes the CRM push full records while the web chat
 * pushes partial records (some with {@code "loyalty_tier": null}, the guide's phantom merge) for the same
 * customers — at 500/s, then 5,000/s, then as fast as the server goes. The guide's platform lost values (15% of
 * loyalty tiers) under this; here the count of damaged profiles must be 0.
 *
 * <h2>What "damaged" means</h2>
 * Every customer's CRM record always says the same loyalty tier and address (a full record re-sent), so after each
 * phase every profile must still hold exactly them, hold both identifiers (found by email and by phone, the same
 * profile: no duplicate), and have a last interaction time (chat's). A profile that fails any of these lost a value.
 *
 * <h2>Command</h2>
 * <pre>
 * mvn -B -q -DskipTests install
 * java -Xmx2g -cp onefold-benchmarks/target/benchmarks.jar io.onefold.benchmarks.CampaignLaunch --customers 10000 --seconds 20
 * </pre>
 * It starts a server in the same JVM on a fresh data directory ({@code --dir}, default target/campaign-bench), loads
 * the customers with {@code POST /profiles/bulk}, then drives {@code POST /profiles} with {@link HttpLoad}'s NIO client ({@link NioClient})
 * (fixed rate, latency from the intended send time) over {@code --connections} (default 64) keep-alive connections.
 */
public final class CampaignLaunch {
    private static final String[] TIERS = {"Bronze", "Silver", "Gold", "Platinum"};
    private static final String ADMIN = "campaign-admin";
    private static final String SECRET = "campaign-secret-0123456789";

    private CampaignLaunch() {}

    public static void main(String[] args) throws Exception {
        int customers = 10_000;
        int seconds = 20;
        int connections = 64;
        Path dir = Path.of("target", "campaign-bench");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--customers" -> customers = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: CampaignLaunch [--customers N] [--seconds S] [--connections C] [--dir DIR]");
                    System.exit(2);
                }
            }
        }
        BulkIngestRate.delete(dir);
        try (OnefoldServer server = OnefoldServer.start(ServerConfig.defaults().withPort(0).withHost("127.0.0.1").withDataDirectory(dir)
                .withBootstrap(ADMIN, SECRET), System.out)) {
            ProfileService service = server.service();
            service.configurations().createTemplate(ProfileService.DEFAULT_ORGANIZATION, Json.MAPPER.readTree(Path.of("examples/retail/omnichannel-template.json").toFile()));
            service.configurations().createRules(ProfileService.DEFAULT_ORGANIZATION, Json.MAPPER.readTree(Path.of("examples/retail/omnichannel-rules.json").toFile()));
            URI url = URI.create("http://127.0.0.1:" + server.port());
            HttpLoadOptions base = new HttpLoadOptions(url, null, ADMIN, SECRET, connections, Duration.ofSeconds(seconds), Duration.ofSeconds(2),
                    true, 500, "upsert", customers, 0, 1, "nio", 42, ProcessHandle.current().pid(), null, false);
            String token = OAuthToken.fetch(base);
            Campaign campaign = new Campaign(url, token, customers);
            long t = System.nanoTime();
            campaign.preload();
            System.out.printf(Locale.ROOT, "loaded %,d customers (CRM records) in %.1f s; load average %s%n", customers, (System.nanoTime() - t) / 1e9, loadAverage());
            System.out.printf(Locale.ROOT, "after loading: %,d damaged profiles%n", campaign.damaged());

            for (int rate : new int[] {500, 5000, 0}) {
                HttpLoadOptions o = new HttpLoadOptions(url, token, ADMIN, SECRET, connections, Duration.ofSeconds(seconds), Duration.ofSeconds(2),
                        rate > 0, rate, "upsert", customers, 0, 1, "nio", 42, 0, null, false);
                System.out.printf(Locale.ROOT, "%n=== phase: %s; load average %s%n", rate > 0 ? rate + " upserts/s" : "as fast as it goes", loadAverage());
                LoadResult r = NioClient.run(o, campaign);
                double secs = r.measuredNanos / 1e9;
                long ok = 0;
                for (int st = 200; st < 300; st++) ok += r.statuses[st];
                System.out.printf(Locale.ROOT, "answers %,d in %.1f s = %,.0f/s (2xx %,.0f/s, other %d, io errors %d, unfinished %d); latency%s ms: p50 %.2f p90 %.2f p99 %.2f max %.2f%n",
                        r.completed, secs, r.completed / secs, ok / secs, r.completed - ok, r.ioErrors, r.unfinished, rate > 0 ? " from intended send" : "",
                        LoadReport.ms(r.latency.getValueAtPercentile(50)), LoadReport.ms(r.latency.getValueAtPercentile(90)),
                        LoadReport.ms(r.latency.getValueAtPercentile(99)), LoadReport.ms(r.latency.getMaxValue()));
                long damaged = campaign.damaged();
                System.out.printf(Locale.ROOT, "RESULT phase=%s sent_crm=%d sent_chat=%d damaged_profiles=%d of %d%n", rate > 0 ? rate + "/s" : "max",
                        campaign.crm.get(), campaign.chat.get(), damaged, customers);
            }
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    /** The requests: half CRM full records, half chat partial records (30% of them with an explicit null tier). */
    static final class Campaign implements Workload {
        final URI url;
        final String token;
        final int customers;
        final byte[] head;
        final SplittableRandom random = new SplittableRandom(7);
        final AtomicLong crm = new AtomicLong();
        final AtomicLong chat = new AtomicLong();
        // every request is newer than the previous one, so the latest sent is the newest whatever order they arrive in
        final Instant epoch = Instant.parse("2026-11-01T00:00:00Z");
        long tick;

        Campaign(URI url, String token, int customers) {
            this.url = url;
            this.token = token;
            this.customers = customers;
            this.head = ("POST /api/v2/customer-profile/profiles HTTP/1.1\r\nHost: " + Workload.hostHeader(url) + "\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
        }

        static String email(int c) {
            return "campaign" + c + "@example.com";
        }

        static String phone(int c) {
            return String.format(Locale.ROOT, "+1415%07d", 3_000_000 + c);
        }

        static String crmBody(int c, Instant at, int ltv) {
            return "{\"source\":\"salesforce_crm\",\"source_record_id\":\"CAMP-" + c + "\",\"observed_at\":\"" + at + "\",\"profile_data\":{\"email\":\""
                    + email(c) + "\",\"phone_number\":\"" + phone(c) + "\",\"loyalty_tier\":\"" + TIERS[c % 4] + "\",\"preferred_contact_method\":\"email\","
                    + "\"lifetime_value\":" + ltv + ",\"postal_address\":{\"line1\":\"" + c + " Campaign Way\",\"city\":\"Oakland\",\"postal_code\":\"94607\"}}}";
        }

        String body() {
            int c = random.nextInt(customers);
            Instant at = epoch.plusMillis(++tick);
            if (random.nextBoolean()) {
                crm.incrementAndGet();
                return crmBody(c, at, random.nextInt(10_000));
            }
            chat.incrementAndGet();
            String tier = random.nextInt(10) < 3 ? ",\"loyalty_tier\":null" : "";
            return "{\"source\":\"webchat_middleware\",\"observed_at\":\"" + at + "\",\"profile_data\":{\"email\":\"" + email(c).toUpperCase(Locale.ROOT)
                    + "\",\"recent_intent\":\"campaign offer\",\"last_interaction_timestamp\":\"" + at + "\"" + tier + "}}";
        }

        @Override
        public Workload copy(long seed) {
            return this; // one event loop: one shared sequence of observation times
        }

        @Override
        public void next(ByteBuffer out) {
            byte[] body = body().getBytes(StandardCharsets.UTF_8);
            out.put(head);
            out.put(Integer.toString(body.length).getBytes(StandardCharsets.US_ASCII));
            out.put((byte) '\r').put((byte) '\n').put((byte) '\r').put((byte) '\n');
            out.put(body);
        }

        @Override
        public HttpRequest nextJdk() {
            return HttpRequest.newBuilder(url.resolve("/api/v2/customer-profile/profiles")).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body())).build();
        }

        void preload() throws Exception {
            try (HttpClient http = HttpClient.newHttpClient()) {
                for (int from = 0; from < customers; from += 1000) {
                    StringBuilder b = new StringBuilder();
                    for (int c = from; c < Math.min(customers, from + 1000); c++) b.append(crmBody(c, epoch, 100)).append('\n');
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(url.resolve("/api/v2/customer-profile/profiles/bulk"))
                            .header("Authorization", "Bearer " + token).header("Content-Type", "application/x-ndjson")
                            .POST(HttpRequest.BodyPublishers.ofString(b.toString())).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200 || r.body().contains("\"error\"")) throw new IllegalStateException("preload failed: " + r.statusCode());
                }
            }
        }

        /** Profiles that lost a value: read every customer back by email and by phone. */
        long damaged() throws Exception {
            AtomicLong damaged = new AtomicLong();
            try (HttpClient http = HttpClient.newHttpClient(); ExecutorService pool = Executors.newFixedThreadPool(8)) {
                List<Future<?>> all = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int slice = t;
                    all.add(pool.submit(() -> {
                        for (int c = slice; c < customers; c += 8) {
                            JsonNode byEmail = get(http, "email", email(c));
                            JsonNode byPhone = get(http, "phone_number", phone(c));
                            if (!intact(c, byEmail, byPhone)) damaged.incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : all) f.get();
            }
            return damaged.get();
        }

        private static boolean intact(int c, JsonNode byEmail, JsonNode byPhone) {
            if (byEmail == null || byPhone == null) return false;
            if (!byEmail.path("profile_id").asText().equals(byPhone.path("profile_id").asText())) return false;
            JsonNode a = byEmail.path("attributes");
            return TIERS[c % 4].equals(a.path("loyalty_tier").asText(null))
                    && (c + " Campaign Way").equals(a.path("postal_address").path("line1").asText(null))
                    && "email".equals(a.path("preferred_contact_method").asText(null))
                    && a.path("lifetime_value").isNumber();
        }

        private JsonNode get(HttpClient http, String attribute, String value) throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(url.resolve("/api/v2/customer-profile/profiles?" + attribute + "="
                    + URLEncoder.encode(value, StandardCharsets.UTF_8))).header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) return null;
            JsonNode entities = Json.MAPPER.readTree(r.body()).path("entities");
            return entities.size() == 1 ? entities.get(0) : null;
        }
    }
}
