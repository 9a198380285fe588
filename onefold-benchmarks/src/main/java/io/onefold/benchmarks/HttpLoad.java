package io.onefold.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * HTTP load generator for the REST API.
 *
 * <h2>The question</h2>
 * PRODUCT.md §4: on a 2-core machine, does Onefold take at least 10,000 durable upserts/s over HTTP (aiming for
 * 20,000), with a p99 under 10 ms at 5,000 upserts/s — the generator running on the same two cores? And what is the
 * HTTP ceiling ({@code GET /health/live}) that bounds it?
 *
 * <h2>Why not java.net.http.HttpClient</h2>
 * The JDK client costs several allocations, a CompletableFuture and a selector hand-off per request; on two cores
 * shared with the server it takes more CPU than the server's own HTTP layer ({@code --client jdk} measures it,
 * docs/benchmarks.md has the figures). The default client ({@code --client nio}) is a lean HTTP/1.1 keep-alive
 * client: {@code --connections} sockets driven by {@code --threads} NIO event loops (default 1), one request in
 * flight per connection, requests written from preallocated buffers, responses parsed in place (Content-Length or
 * chunked).
 *
 * <h2>Modes</h2>
 * <ul>
 *   <li>{@code --mode max}: closed loop — each connection sends its next request as soon as the previous answer is
 *       read. Latency is measured from the actual send. This measures throughput.</li>
 *   <li>{@code --mode fixed --rate N}: open loop — request i is due at {@code start + i/N}; a due request waits for a
 *       free connection in the generator's queue, and its latency is measured from its <b>intended</b> send time,
 *       so a stalled server is charged for every request it delayed (no coordinated omission). The service time
 *       (from the actual send) and the send lag are reported too.</li>
 * </ul>
 *
 * <h2>Workload</h2>
 * {@code --target live}: {@code GET /health/live}. {@code --target upsert}: {@code POST /api/v2/customer-profile/profiles}
 * with the omnichannel example's sources — CRM 20% (record {@code C-<n>}, email and phone, loyalty tier, lifetime value,
 * address, sometimes an order for the {@code purchase_history} UNION), web chat 50% (email, intent, timestamp,
 * sometimes an explicit {@code preferred_contact_method}), voice IVR 30% (phone only) — over {@code --customers}
 * customers (default 100,000) drawn from a Zipf distribution ({@code --skew}, default 0.99 as YCSB): a few hot
 * customers get most updates, and IVR-only and chat-only profiles merge when the CRM record naming both arrives.
 * Payloads carry a fresh {@code last_interaction_timestamp}, so nearly every upsert changes the profile and is written.
 *
 * <h2>Commands</h2>
 * <pre>
 * mvn -B -q -DskipTests install        # builds onefold-benchmarks/target/benchmarks.jar
 * ONEFOLD_BOOTSTRAP_CLIENT_ID=bench-admin ONEFOLD_BOOTSTRAP_CLIENT_SECRET=bench-admin-secret-0123456789 \
 *   ./onefold serve --port 18081 --data /tmp/h-api-data &amp;
 * # create the template and the rules (examples/retail/omnichannel-*.json) through the API: see docs/benchmarks.md
 * J="java -cp onefold-benchmarks/target/benchmarks.jar io.onefold.benchmarks.HttpLoad --url http://127.0.0.1:18081 \
 *   --client-id bench-admin --client-secret bench-admin-secret-0123456789"
 * $J --target upsert --mode max --connections 64 --duration 30s
 * $J --target live   --mode max --connections 64 --duration 30s
 * $J --target upsert --mode fixed --rate 5000 --connections 64 --duration 30s
 * </pre>
 * Other options: {@code --token T} (instead of the client credentials), {@code --warmup 5s} (excluded from the
 * figures), {@code --threads N}, {@code --client nio|jdk}, {@code --customers N}, {@code --skew S},
 * {@code --seed N}, {@code --server-pid PID} (also report the server's CPU use over the measured window).
 */
public final class HttpLoad {
    private static final long HIGHEST_NANOS = Duration.ofMinutes(2).toNanos();
    private static final String UPSERT_PATH = "/api/v2/customer-profile/profiles";

    private HttpLoad() {}

    // =========================================================================================== options

    record Options(URI url, String token, String clientId, String clientSecret, int connections, Duration duration, Duration warmup,
                   boolean fixed, int rate, String target, int customers, double skew, int threads, String client, long seed, long serverPid,
                   Path bodies, boolean ceiling) {

        static Options parse(String[] args) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("-h") || a.equals("--help")) {
                    usage(null);
                }
                if (!a.startsWith("--")) usage("unexpected argument " + a);
                String key = a.substring(2);
                String value;
                int eq = key.indexOf('=');
                if (eq >= 0) {
                    value = key.substring(eq + 1);
                    key = key.substring(0, eq);
                } else {
                    if (i + 1 >= args.length) usage("--" + key + " needs a value");
                    value = args[++i];
                }
                m.put(key, value);
            }
            for (String k : m.keySet()) {
                if (!List.of("url", "token", "client-id", "client-secret", "connections", "duration", "warmup", "mode", "rate", "target",
                        "customers", "skew", "threads", "client", "seed", "server-pid", "bodies", "ceiling").contains(k)) usage("unknown option --" + k);
            }
            if (!m.containsKey("url")) usage("--url is required");
            String mode = m.getOrDefault("mode", "max");
            if (!mode.equals("max") && !mode.equals("fixed")) usage("--mode is max or fixed");
            String target = m.getOrDefault("target", "upsert");
            if (!target.equals("upsert") && !target.equals("live")) usage("--target is upsert or live");
            int rate = Integer.parseInt(m.getOrDefault("rate", "0"));
            if (mode.equals("fixed") && rate <= 0) usage("--mode fixed needs --rate N (requests per second)");
            String client = m.getOrDefault("client", "nio");
            if (!client.equals("nio") && !client.equals("jdk")) usage("--client is nio or jdk");
            if (client.equals("jdk") && mode.equals("fixed")) usage("--client jdk supports --mode max only");
            if (target.equals("upsert") && !m.containsKey("token") && !m.containsKey("client-id")) {
                usage("--target upsert needs --token or --client-id/--client-secret");
            }
            return new Options(URI.create(m.get("url")), m.get("token"), m.get("client-id"), m.get("client-secret"),
                    Integer.parseInt(m.getOrDefault("connections", "64")), duration(m.getOrDefault("duration", "30s")),
                    duration(m.getOrDefault("warmup", "5s")), mode.equals("fixed"), rate, target,
                    Integer.parseInt(m.getOrDefault("customers", "100000")), Double.parseDouble(m.getOrDefault("skew", "0.99")),
                    Integer.parseInt(m.getOrDefault("threads", "1")), client, Long.parseLong(m.getOrDefault("seed", "42")),
                    Long.parseLong(m.getOrDefault("server-pid", "0")), m.containsKey("bodies") ? Path.of(m.get("bodies")) : null,
                    Boolean.parseBoolean(m.getOrDefault("ceiling", "false")));
        }

        Options live() {
            return new Options(url, token, clientId, clientSecret, connections, duration, warmup, fixed, rate, "live", customers, skew, threads,
                    client, seed, serverPid, null, false);
        }

        static Duration duration(String s) {
            s = s.trim().toLowerCase(Locale.ROOT);
            if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            if (s.endsWith("s")) return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
            if (s.endsWith("m")) return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)) * 60);
            return Duration.ofSeconds(Long.parseLong(s));
        }

        static void usage(String error) {
            if (error != null) System.err.println("HttpLoad: " + error);
            System.err.println("usage: HttpLoad --url http://host:port [--token T | --client-id ID --client-secret S] [--target upsert|live]");
            System.err.println("                [--mode max|fixed] [--rate N] [--connections 64] [--duration 30s] [--warmup 5s] [--threads 1]");
            System.err.println("                [--client nio|jdk] [--customers 100000] [--skew 0.99] [--seed 42] [--server-pid PID]");
            System.err.println("                [--bodies FILE.ndjson (upsert bodies to send, e.g. ./onefold generate's chat.ndjson)]");
            System.err.println("                [--ceiling true (first the same run against /health/live; prints the ratio)]");
            System.exit(error == null ? 0 : 2);
        }
    }

    // =========================================================================================== main

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        double ceiling = 0;
        if (o.ceiling() && !o.target().equals("live")) {
            System.out.println("HttpLoad: the machine's ceiling first: the same generator and settings against GET /health/live");
            ceiling = run(o.live());
        }
        double rps = run(o);
        if (ceiling > 0) {
            System.out.printf(Locale.ROOT, "RATIO %s/live = %.0f / %.0f = %.3f (same generator, same settings, one after the other)%n", o.target(), rps, ceiling, rps / ceiling);
        }
    }

    /** One measured run; returns the 2xx answers per second. */
    static double run(Options o) throws Exception {
        String token = o.token();
        if (o.target().equals("upsert") && token == null) token = fetchToken(o);
        Workload workload = o.target().equals("live") ? new Live(o) : o.bodies() != null ? new FileBodies(o, token) : new Upserts(o, token);
        System.out.printf(Locale.ROOT, "HttpLoad: %s %s%s, %d connections, %d thread(s), client %s, warmup %s, measure %s%n",
                o.target(), o.fixed() ? "fixed " : "max", o.fixed() ? o.rate() + "/s" : "", o.connections(), o.threads(), o.client(),
                human(o.warmup()), human(o.duration()));

        long cpu0 = processCpuNanos();
        long serverCpu0 = o.serverPid() > 0 ? serverCpuNanos(o.serverPid()) : 0;
        long[] machine0 = machineTicks();
        long wall0 = System.nanoTime();
        long cpuPressure0 = pressureMicros("cpu");
        long ioPressure0 = pressureMicros("io");
        Result r = o.client().equals("jdk") ? JdkRun.run(o, workload) : NioRun.run(o, workload);
        long cpu1 = processCpuNanos();
        long serverCpu1 = o.serverPid() > 0 ? serverCpuNanos(o.serverPid()) : 0;
        long[] machine1 = machineTicks();
        long wallNanos = System.nanoTime() - wall0;
        double cpuStall = (pressureMicros("cpu") - cpuPressure0) * 1e3 / wallNanos;
        double ioStall = (pressureMicros("io") - ioPressure0) * 1e3 / wallNanos;
        long machineBusyNanos = (machine1[0] - machine0[0]) * 10_000_000L;
        report(o, r, cpu1 - cpu0, serverCpu1 - serverCpu0, machineBusyNanos, wallNanos);
        if (cpuPressure0 >= 0) {
            System.out.printf(Locale.ROOT, "pressure (share of the run some task waited, /proc/pressure): cpu %.0f%%, io %.0f%%%s%n", cpuStall * 100, ioStall * 100,
                    cpuStall > 0.3 ? " -- the machine was oversubscribed: treat these figures as a lower bound" : "");
        }
        long ok = 0;
        for (int st = 200; st < 300; st++) ok += r.statuses[st];
        return ok / (r.measuredNanos / 1e9);
    }

    static String fetchToken(Options o) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(o.clientId(), StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(o.clientSecret() == null ? "" : o.clientSecret(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        HttpRequest req = HttpRequest.newBuilder(o.url().resolve("/oauth/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=customer-profile")).build();
        try (HttpClient c = HttpClient.newHttpClient()) {
            HttpResponse<String> r = c.send(req, HttpResponse.BodyHandlers.ofString());
            Matcher m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
            if (r.statusCode() != 200 || !m.find()) throw new IllegalStateException("token request failed: " + r.statusCode() + " " + r.body());
            return m.group(1);
        }
    }

    // =========================================================================================== workloads

    /** Writes the next request into a buffer; one instance per event loop (not thread-safe). */
    interface Workload {
        Workload copy(long seed);

        void next(ByteBuffer out);

        /** The same request for the JDK client. */
        HttpRequest nextJdk();
    }

    /**
     * Upsert bodies read from an NDJSON file (one {@code POST /profiles} body per line, such as {@code ./onefold
     * generate}'s chat.ndjson and ivr.ndjson), sent in file order from a start that differs per event loop, cycling.
     */
    static final class FileBodies implements Workload {
        final Options o;
        final String token;
        final byte[] head;
        final byte[][] bodies;
        int next;

        FileBodies(Options o, String token) throws IOException {
            this(o, token, Files.readAllLines(o.bodies(), StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank())
                    .map(l -> l.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new), 0);
            if (bodies.length == 0) throw new IllegalArgumentException(o.bodies() + " holds no line");
        }

        private FileBodies(Options o, String token, byte[][] bodies, int start) {
            this.o = o;
            this.token = token;
            this.bodies = bodies;
            this.next = start;
            this.head = ("POST " + UPSERT_PATH + " HTTP/1.1\r\nHost: " + hostHeader(o.url()) + "\r\nAuthorization: Bearer " + token
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

    static final class Live implements Workload {
        final Options o;
        final byte[] request;

        Live(Options o) {
            this.o = o;
            this.request = ("GET /health/live HTTP/1.1\r\nHost: " + hostHeader(o.url()) + "\r\nAccept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
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

    /** CRM, chat and IVR upserts over a Zipf-skewed customer set. */
    static final class Upserts implements Workload {
        private static final String[] INTENTS = {"order status", "billing question", "returns", "delivery change", "product question",
                "cancel subscription", "loyalty points", "store hours"};
        private static final String[] TIERS = {"Bronze", "Silver", "Gold", "Platinum"};
        private static final String[] CONTACT = {"email", "sms", "phone"};
        private static final String[] CITIES = {"Oakland\",\"postal_code\":\"94607", "San Francisco\",\"postal_code\":\"94103",
                "Berkeley\",\"postal_code\":\"94704", "San Jose\",\"postal_code\":\"95113"};

        final Options o;
        final String token;
        final byte[] head;
        final double[] cdf;
        final SplittableRandom random;
        final StringBuilder body = new StringBuilder(1024);
        final byte[] scratch = new byte[64 * 1024];

        Upserts(Options o, String token) {
            this(o, token, zipfCdf(o.customers(), o.skew()), new SplittableRandom(o.seed()));
        }

        private Upserts(Options o, String token, double[] cdf, SplittableRandom random) {
            this.o = o;
            this.token = token;
            this.cdf = cdf;
            this.random = random;
            this.head = ("POST " + UPSERT_PATH + " HTTP/1.1\r\nHost: " + hostHeader(o.url()) + "\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
        }

        public Workload copy(long seed) {
            return new Upserts(o, token, cdf, new SplittableRandom(seed));
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

    static String hostHeader(URI u) {
        return u.getHost() + ":" + port(u);
    }

    static int port(URI u) {
        return u.getPort() > 0 ? u.getPort() : 80;
    }

    // =========================================================================================== results

    /** What one event loop (or the JDK run) measured; merged at the end. */
    static final class Result {
        final Histogram latency = new Histogram(HIGHEST_NANOS, 3);
        final Histogram service = new Histogram(HIGHEST_NANOS, 3);
        final Histogram lag = new Histogram(HIGHEST_NANOS, 3);
        final long[] statuses = new long[600];
        long completed;
        long ioErrors;
        long unfinished;
        long maxBacklog;
        long bytesIn;
        long measuredNanos;

        void add(Result o) {
            latency.add(o.latency);
            service.add(o.service);
            lag.add(o.lag);
            for (int i = 0; i < statuses.length; i++) statuses[i] += o.statuses[i];
            completed += o.completed;
            ioErrors += o.ioErrors;
            unfinished += o.unfinished;
            maxBacklog = Math.max(maxBacklog, o.maxBacklog);
            bytesIn += o.bytesIn;
            measuredNanos = Math.max(measuredNanos, o.measuredNanos);
        }
    }

    static void report(Options o, Result r, long generatorCpuNanos, long serverCpuNanos, long machineBusyNanos, long wallNanos) {
        double seconds = r.measuredNanos / 1e9;
        Map<Integer, Long> byStatus = new TreeMap<>();
        long ok = 0;
        for (int s = 0; s < r.statuses.length; s++) {
            if (r.statuses[s] == 0) continue;
            byStatus.put(s, r.statuses[s]);
            if (s >= 200 && s < 300) ok += r.statuses[s];
        }
        System.out.printf(Locale.ROOT, "answers received in the %.2f s window: %d = %.0f req/s (2xx %.0f/s); statuses %s; io errors %d; unfinished at the end %d%n",
                seconds, r.completed, r.completed / seconds, ok / seconds, byStatus, r.ioErrors, r.unfinished);
        String what = o.fixed() ? "latency from intended send (ms)" : "latency (ms)";
        System.out.printf(Locale.ROOT, "%s: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f  mean %.2f%n", what,
                ms(r.latency.getValueAtPercentile(50)), ms(r.latency.getValueAtPercentile(90)), ms(r.latency.getValueAtPercentile(99)),
                ms(r.latency.getValueAtPercentile(99.9)), ms(r.latency.getMaxValue()), r.latency.getMean() / 1e6);
        if (o.fixed() && r.service.getTotalCount() == 0) {
            System.out.printf(Locale.ROOT, "service time: none of the requests due in the window was sent before the end (max backlog %d): the server is far below the rate%n",
                    r.maxBacklog);
        } else if (o.fixed()) {
            System.out.printf(Locale.ROOT, "service time from actual send (ms): p50 %.2f  p99 %.2f  max %.2f; send lag p99 %.2f ms, max backlog %d%n",
                    ms(r.service.getValueAtPercentile(50)), ms(r.service.getValueAtPercentile(99)), ms(r.service.getMaxValue()),
                    ms(r.lag.getValueAtPercentile(99)), r.maxBacklog);
        }
        double wall = wallNanos / 1e9;
        System.out.printf(Locale.ROOT, "cpu (cores, averaged over the whole run incl. warmup and drain, %.1f s): generator %.2f%s, whole machine %.2f of %d%s%n", wall,
                generatorCpuNanos / 1e9 / wall, serverCpuNanos > 0 ? String.format(Locale.ROOT, ", server %.2f", serverCpuNanos / 1e9 / wall) : "",
                machineBusyNanos / 1e9 / wall, Runtime.getRuntime().availableProcessors(),
                serverCpuNanos > 0 ? String.format(Locale.ROOT, " (other processes %.2f)", (machineBusyNanos - serverCpuNanos - generatorCpuNanos) / 1e9 / wall) : "");
        System.out.printf(Locale.ROOT, "RESULT target=%s mode=%s rate=%d connections=%d threads=%d client=%s rps=%.0f ok_rps=%.0f p50_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f non2xx=%d io_errors=%d%n",
                o.target(), o.fixed() ? "fixed" : "max", o.rate(), o.connections(), o.threads(), o.client(), r.completed / seconds, ok / seconds,
                ms(r.latency.getValueAtPercentile(50)), ms(r.latency.getValueAtPercentile(99)), ms(r.latency.getValueAtPercentile(99.9)),
                ms(r.latency.getMaxValue()), r.completed - ok, r.ioErrors);
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    static String human(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** utime + stime of a process, from /proc (Linux), in nanoseconds (assumes 100 clock ticks per second). */
    static long serverCpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Total microseconds "some" task stalled on {@code resource} (cpu, io), from Linux PSI; -1 when unavailable. */
    static long pressureMicros(String resource) {
        try {
            String some = Files.readAllLines(Path.of("/proc/pressure/" + resource)).get(0);
            return Long.parseLong(some.substring(some.indexOf("total=") + 6).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Busy clock ticks of the whole machine since boot (user + nice + system + irq + softirq + steal), from /proc/stat. */
    static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6]) + Long.parseLong(f[7]) + Long.parseLong(f[8]);
            return new long[] {busy};
        } catch (IOException | RuntimeException e) {
            return new long[] {0};
        }
    }

    // =========================================================================================== NIO client

    static final class NioRun {
        static Result run(Options o, Workload workload) throws Exception {
            int threads = Math.max(1, Math.min(o.threads(), o.connections()));
            long start = System.nanoTime() + 200_000_000L; // let every loop connect first
            List<Loop> loops = new ArrayList<>();
            List<Thread> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int conns = o.connections() / threads + (t < o.connections() % threads ? 1 : 0);
                double rate = o.fixed() ? (double) o.rate() / threads : 0;
                Loop loop = new Loop(o, workload.copy(o.seed() + 7919L * t), conns, rate, start);
                loops.add(loop);
                Thread th = Thread.ofPlatform().name("httpload-" + t).start(loop);
                running.add(th);
            }
            Result total = new Result();
            for (int t = 0; t < threads; t++) {
                running.get(t).join();
                if (loops.get(t).failure != null) throw loops.get(t).failure;
                total.add(loops.get(t).result);
            }
            return total;
        }
    }

    /** One connection: one request in flight at a time. */
    static final class Conn {
        SocketChannel channel;
        SelectionKey key;
        ByteBuffer out = ByteBuffer.allocate(16 * 1024);
        ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        boolean busy;
        long intended;
        long sent;
    }

    /** An event loop: its connections, its share of the rate, its own histograms. */
    static final class Loop implements Runnable {
        final Options o;
        final Workload workload;
        final Conn[] conns;
        final double rate;
        final long start;
        final long measureFrom;
        final long end;
        final Result result = new Result();
        final InetSocketAddress address;
        Selector selector;
        Exception failure;
        // fixed rate: intended send times of due requests waiting for a free connection (a ring)
        long[] backlog = new long[1 << 16];
        int backHead;
        int backSize;
        long issued;
        final ArrayList<Conn> idle = new ArrayList<>();

        Loop(Options o, Workload workload, int connections, double rate, long start) {
            this.o = o;
            this.workload = workload;
            this.conns = new Conn[connections];
            this.rate = rate;
            this.start = start;
            this.measureFrom = start + o.warmup().toNanos();
            this.end = measureFrom + o.duration().toNanos();
            this.address = new InetSocketAddress(o.url().getHost(), port(o.url()));
        }

        @Override
        public void run() {
            try {
                selector = Selector.open();
                for (int i = 0; i < conns.length; i++) {
                    conns[i] = new Conn();
                    connect(conns[i]);
                }
                while (System.nanoTime() < start) LockSupport.parkNanos(1_000_000);
                loop();
                result.measuredNanos = end - measureFrom;
                for (Conn c : conns) close(c);
                selector.close();
            } catch (Exception e) {
                failure = e;
            }
        }

        void connect(Conn c) throws IOException {
            c.channel = SocketChannel.open();
            c.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            c.channel.connect(address);
            c.channel.configureBlocking(false);
            c.key = c.channel.register(selector, SelectionKey.OP_READ, c); // always reading: no epoll_ctl per request
            c.busy = false;
            c.in.clear();
            idle.add(c);
        }

        void close(Conn c) {
            try {
                if (c.channel != null) c.channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }

        void loop() throws IOException {
            long drainUntil = end + 5_000_000_000L;
            while (true) {
                long now = System.nanoTime();
                if (now >= drainUntil || now >= end && backSize == 0 && idle.size() == conns.length) break;
                issue(now);
                long timeoutNanos;
                if (rate > 0) {
                    long nextDue = start + (long) (issued * 1e9 / rate);
                    timeoutNanos = nextDue < end ? nextDue - now : drainUntil - now;
                } else {
                    timeoutNanos = now < end ? end - now : drainUntil - now;
                }
                int ready;
                if (timeoutNanos >= 1_000_000) {
                    ready = selector.select(timeoutNanos / 1_000_000);
                } else {
                    ready = selector.selectNow();
                    if (ready == 0 && timeoutNanos > 0) LockSupport.parkNanos(Math.min(timeoutNanos, 50_000));
                }
                if (ready > 0) {
                    var it = selector.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey k = it.next();
                        it.remove();
                        Conn c = (Conn) k.attachment();
                        try {
                            if (k.isValid() && k.isWritable()) flush(c);
                            if (k.isValid() && k.isReadable()) read(c);
                        } catch (IOException | RuntimeException e) {
                            fail(c);
                        }
                    }
                }
            }
            // whatever is still queued or in flight after the drain counts, at least with the time it has waited so far
            long now = System.nanoTime();
            for (Conn c : conns) {
                if (c.busy) unfinished(c.intended, now);
            }
            for (int i = 0; i < backSize; i++) unfinished(backlog[(backHead + i) & (backlog.length - 1)], now);
        }

        void unfinished(long intended, long now) {
            result.unfinished++;
            if (intended >= measureFrom && intended < end) result.latency.recordValue(Math.min(now - intended, HIGHEST_NANOS));
        }

        /**
         * Sends requests on idle connections. Max mode: one on each, until the end. Fixed mode: queues every request
         * due by now (intended before the end), then sends the oldest queued ones on the idle connections.
         */
        void issue(long now) throws IOException {
            if (rate > 0) {
                while (true) {
                    long intended = start + (long) (issued * 1e9 / rate);
                    if (intended > now || intended >= end) break;
                    issued++;
                    if (backSize == backlog.length) growBacklog();
                    backlog[(backHead + backSize) & (backlog.length - 1)] = intended;
                    backSize++;
                }
                result.maxBacklog = Math.max(result.maxBacklog, backSize);
                while (backSize > 0 && !idle.isEmpty()) {
                    long intended = backlog[backHead];
                    backHead = (backHead + 1) & (backlog.length - 1);
                    backSize--;
                    send(idle.remove(idle.size() - 1), intended);
                }
            } else if (now < end) {
                while (!idle.isEmpty()) send(idle.remove(idle.size() - 1), now);
            }
        }

        void growBacklog() {
            long[] bigger = new long[backlog.length * 2];
            for (int i = 0; i < backSize; i++) bigger[i] = backlog[(backHead + i) & (backlog.length - 1)];
            backlog = bigger;
            backHead = 0;
        }

        void send(Conn c, long intended) throws IOException {
            c.out.clear();
            while (true) {
                try {
                    workload.next(c.out);
                    break;
                } catch (java.nio.BufferOverflowException e) {
                    c.out = ByteBuffer.allocate(c.out.capacity() * 2);
                }
            }
            c.out.flip();
            c.busy = true;
            c.intended = intended;
            c.sent = System.nanoTime();
            try {
                flush(c);
            } catch (IOException e) {
                fail(c);
            }
        }

        void flush(Conn c) throws IOException {
            c.channel.write(c.out);
            c.key.interestOps(c.out.hasRemaining() ? SelectionKey.OP_WRITE | SelectionKey.OP_READ : SelectionKey.OP_READ);
        }

        void read(Conn c) throws IOException {
            if (!c.in.hasRemaining()) {
                ByteBuffer bigger = ByteBuffer.allocate(c.in.capacity() * 2);
                c.in.flip();
                bigger.put(c.in);
                c.in = bigger;
            }
            int n = c.channel.read(c.in);
            if (n < 0) throw new IOException("connection closed by the server");
            if (n == 0) return;
            result.bytesIn += n;
            int status = Http.complete(c.in.array(), c.in.position());
            if (status < 0) return; // need more bytes
            long done = System.nanoTime();
            boolean closeAfter = Http.connectionClose(c.in.array(), c.in.position());
            c.in.clear();
            c.busy = false;
            record(status, c.intended, c.sent, done);
            if (closeAfter) {
                c.key.cancel();
                close(c);
                connect(c);
            } else {
                idle.add(c);
            }
            issue(done);
        }

        /**
         * Throughput and statuses count the answers received in the measurement window; latency is recorded for the
         * requests intended (fixed) or sent (max) in it — so a backlog that never drains still shows in the latency.
         */
        void record(int status, long intended, long sent, long done) {
            if (done >= measureFrom && done < end) {
                result.completed++;
                result.statuses[Math.min(status, 599)]++;
            }
            if (intended < measureFrom || intended >= end) return;
            result.latency.recordValue(Math.min(done - intended, HIGHEST_NANOS));
            result.service.recordValue(Math.min(done - sent, HIGHEST_NANOS));
            result.lag.recordValue(Math.min(Math.max(0, sent - intended), HIGHEST_NANOS));
        }

        /** A broken connection: a request in flight on it is an error (and lost); the socket is replaced. */
        void fail(Conn c) {
            if (c.busy) result.ioErrors++;
            idle.remove(c); // an idle connection the server closed
            if (c.key != null) c.key.cancel();
            close(c);
            c.in.clear();
            c.busy = false;
            try {
                connect(c);
            } catch (IOException e) {
                LockSupport.parkNanos(10_000_000);
            }
        }
    }

    /** Just enough HTTP/1.1 response parsing: the status line, Content-Length or chunked, Connection: close. */
    static final class Http {
        private Http() {}

        /** The status when {@code buf[0, len)} holds one complete response, else -1. */
        static int complete(byte[] buf, int len) {
            int headerEnd = indexOf(buf, 0, len);
            if (headerEnd < 0) return -1;
            int bodyStart = headerEnd + 4;
            int status = (buf[9] - '0') * 100 + (buf[10] - '0') * 10 + (buf[11] - '0');
            long contentLength = header(buf, headerEnd, "content-length:");
            if (contentLength >= 0) return len >= bodyStart + contentLength ? status : -1;
            if (hasHeaderValue(buf, headerEnd, "transfer-encoding:", "chunked")) return chunkedComplete(buf, bodyStart, len) ? status : -1;
            if (status == 204 || status == 304 || status / 100 == 1) return status;
            return -1; // body delimited by close: not expected from the server
        }

        static boolean connectionClose(byte[] buf, int len) {
            int headerEnd = indexOf(buf, 0, len);
            return headerEnd >= 0 && hasHeaderValue(buf, headerEnd, "connection:", "close");
        }

        private static boolean chunkedComplete(byte[] buf, int p, int len) {
            while (true) {
                long size = 0;
                int i = p;
                while (i < len && buf[i] != '\r' && buf[i] != ';') {
                    size = size * 16 + Character.digit(buf[i], 16);
                    i++;
                }
                while (i < len && buf[i] != '\n') i++;
                if (i >= len) return false;
                i++;
                if (size == 0) return i + 2 <= len; // no trailers
                p = (int) (i + size + 2);
                if (p > len) return false;
            }
        }

        private static int indexOf(byte[] b, int from, int len) {
            for (int i = from; i + 3 < len; i++) {
                if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') return i;
            }
            return -1;
        }

        private static int headerStart(byte[] b, int headerEnd, String name) {
            int n = name.length();
            for (int i = 0; i + n <= headerEnd; i++) {
                if (b[i] == '\n' && i + 1 + n <= headerEnd && regionMatches(b, i + 1, name)) return i + 1 + n;
            }
            return -1;
        }

        private static boolean regionMatches(byte[] b, int at, String lower) {
            for (int j = 0; j < lower.length(); j++) {
                int c = b[at + j];
                if (c >= 'A' && c <= 'Z') c += 32;
                if (c != lower.charAt(j)) return false;
            }
            return true;
        }

        private static long header(byte[] b, int headerEnd, String name) {
            int i = headerStart(b, headerEnd, name);
            if (i < 0) return -1;
            while (b[i] == ' ') i++;
            long v = 0;
            while (b[i] >= '0' && b[i] <= '9') v = v * 10 + (b[i++] - '0');
            return v;
        }

        private static boolean hasHeaderValue(byte[] b, int headerEnd, String name, String value) {
            int i = headerStart(b, headerEnd, name);
            if (i < 0) return false;
            int eol = i;
            while (eol < headerEnd && b[eol] != '\r') eol++;
            String v = new String(b, i, eol - i, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
            return v.contains(value);
        }
    }

    // =========================================================================================== JDK client

    /** The same closed loop on java.net.http.HttpClient (HTTP/1.1): one platform thread per connection. */
    static final class JdkRun {
        static Result run(Options o, Workload workload) throws Exception {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            long start = System.nanoTime();
            long measureFrom = start + o.warmup().toNanos();
            long end = measureFrom + o.duration().toNanos();
            List<Thread> threads = new ArrayList<>();
            List<Result> results = new ArrayList<>();
            for (int t = 0; t < o.connections(); t++) {
                Result r = new Result();
                results.add(r);
                Workload w = workload.copy(o.seed() + 7919L * t);
                threads.add(Thread.ofPlatform().name("httpload-jdk-" + t).start(() -> {
                    while (true) {
                        long sent = System.nanoTime();
                        if (sent >= end) break;
                        HttpRequest req = w.nextJdk();
                        try {
                            HttpResponse<byte[]> resp = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
                            long done = System.nanoTime();
                            if (sent >= measureFrom && done < end) {
                                r.completed++;
                                r.statuses[Math.min(resp.statusCode(), 599)]++;
                            }
                            if (sent >= measureFrom) r.latency.recordValue(Math.min(done - sent, HIGHEST_NANOS));
                        } catch (IOException e) {
                            r.ioErrors++;
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }));
            }
            Result total = new Result();
            for (int t = 0; t < threads.size(); t++) {
                threads.get(t).join();
                total.add(results.get(t));
            }
            total.measuredNanos = end - measureFrom;
            client.close();
            return total;
        }
    }
}
