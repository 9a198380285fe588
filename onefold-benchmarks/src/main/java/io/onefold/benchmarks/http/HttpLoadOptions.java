package io.onefold.benchmarks.http;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The command line of {@link io.onefold.benchmarks.HttpLoad}: parsed, checked, with the defaults its usage names. */
public record HttpLoadOptions(URI url, String token, String clientId, String clientSecret, int connections, Duration duration, Duration warmup,
               boolean fixed, int rate, String target, int customers, double skew, int threads, String client, long seed, long serverPid,
               Path bodies, boolean ceiling) {

    public static HttpLoadOptions parse(String[] args) {
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
        if (!List.of("upsert", "lookup", "live").contains(target)) usage("--target is upsert, lookup or live");
        int rate = Integer.parseInt(m.getOrDefault("rate", "0"));
        if (mode.equals("fixed") && rate <= 0) usage("--mode fixed needs --rate N (requests per second)");
        String client = m.getOrDefault("client", "nio");
        if (!client.equals("nio") && !client.equals("jdk")) usage("--client is nio or jdk");
        if (client.equals("jdk") && mode.equals("fixed")) usage("--client jdk supports --mode max only");
        if (!target.equals("live") && !m.containsKey("token") && !m.containsKey("client-id")) {
            usage("--target " + target + " needs --token or --client-id/--client-secret");
        }
        if (m.containsKey("bodies") && !target.equals("upsert")) usage("--bodies is for --target upsert");
        return new HttpLoadOptions(URI.create(m.get("url")), m.get("token"), m.get("client-id"), m.get("client-secret"),
                Integer.parseInt(m.getOrDefault("connections", "64")), duration(m.getOrDefault("duration", "30s")),
                duration(m.getOrDefault("warmup", "5s")), mode.equals("fixed"), rate, target,
                Integer.parseInt(m.getOrDefault("customers", "100000")), Double.parseDouble(m.getOrDefault("skew", "0.99")),
                Integer.parseInt(m.getOrDefault("threads", "1")), client, Long.parseLong(m.getOrDefault("seed", "42")),
                Long.parseLong(m.getOrDefault("server-pid", "0")), m.containsKey("bodies") ? Path.of(m.get("bodies")) : null,
                Boolean.parseBoolean(m.getOrDefault("ceiling", "false")));
    }

    /** The same settings against {@code GET /health/live}: the machine's HTTP ceiling. */
    public HttpLoadOptions live() {
        return new HttpLoadOptions(url, token, clientId, clientSecret, connections, duration, warmup, fixed, rate, "live", customers, skew, threads,
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
        System.err.println("usage: HttpLoad --url http://host:port [--token T | --client-id ID --client-secret S] [--target upsert|lookup|live]");
        System.err.println("                [--mode max|fixed] [--rate N] [--connections 64] [--duration 30s] [--warmup 5s] [--threads 1]");
        System.err.println("                [--client nio|jdk] [--customers 100000] [--skew 0.99] [--seed 42] [--server-pid PID]");
        System.err.println("                (lookup: GET /profiles?email= over the customers upsert writes, same --customers and --skew)");
        System.err.println("                [--bodies FILE.ndjson (upsert bodies to send, e.g. ./onefold generate's chat.ndjson)]");
        System.err.println("                [--ceiling true (first the same run against /health/live; prints the ratio)]");
        System.exit(error == null ? 0 : 2);
    }
}
