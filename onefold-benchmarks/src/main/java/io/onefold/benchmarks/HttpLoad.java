package io.onefold.benchmarks;

import io.onefold.benchmarks.http.CpuCounters;
import io.onefold.benchmarks.http.FileBodies;
import io.onefold.benchmarks.http.GeneratedLookups;
import io.onefold.benchmarks.http.GeneratedUpserts;
import io.onefold.benchmarks.http.HttpLoadOptions;
import io.onefold.benchmarks.http.JdkClient;
import io.onefold.benchmarks.http.LivenessProbes;
import io.onefold.benchmarks.http.LoadReport;
import io.onefold.benchmarks.http.LoadResult;
import io.onefold.benchmarks.http.NioClient;
import io.onefold.benchmarks.http.OAuthToken;
import io.onefold.benchmarks.http.Workload;
import java.util.Locale;

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
 * {@code --target lookup}: {@code GET /api/v2/customer-profile/profiles?email=...} over the same customers (same
 * {@code --customers}, {@code --skew} and emails), with the same bearer token; an answer {@code {"entities":[]}} (the
 * customer not written yet) is a success, reported apart as "not found". {@code CustomerRecords} writes every
 * customer's CRM record once, for {@code onefold ingest}, so that a lookup run can start with all of them present.
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
 * $J --target lookup --mode fixed --rate 10000 --connections 64 --duration 30s
 * </pre>
 * Other options: {@code --token T} (instead of the client credentials), {@code --warmup 5s} (excluded from the
 * figures), {@code --threads N}, {@code --client nio|jdk}, {@code --customers N}, {@code --skew S},
 * {@code --seed N}, {@code --server-pid PID} (also report the server's CPU use over the measured window).
 *
 * <h2>Parts</h2>
 * In {@code io.onefold.benchmarks.http}: {@link HttpLoadOptions} (the command line), the workloads ({@link LivenessProbes},
 * {@link GeneratedUpserts}, {@link GeneratedLookups} over {@link io.onefold.benchmarks.http.GeneratedCustomers}, {@link FileBodies}), {@link NioClient} and its event loops, {@link JdkClient}, {@link LoadResult}
 * and {@link LoadReport}.
 */
public final class HttpLoad {
    private HttpLoad() {}

    public static void main(String[] args) throws Exception {
        HttpLoadOptions o = HttpLoadOptions.parse(args);
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
    static double run(HttpLoadOptions o) throws Exception {
        String token = o.token();
        if (!o.target().equals("live") && token == null) token = OAuthToken.fetch(o);
        Workload workload = switch (o.target()) {
            case "live" -> new LivenessProbes(o);
            case "lookup" -> new GeneratedLookups(o, token);
            default -> o.bodies() != null ? new FileBodies(o, token) : new GeneratedUpserts(o, token);
        };
        System.out.printf(Locale.ROOT, "HttpLoad: %s %s%s, %d connections, %d thread(s), client %s, warmup %s, measure %s%n",
                o.target(), o.fixed() ? "fixed " : "max", o.fixed() ? o.rate() + "/s" : "", o.connections(), o.threads(), o.client(),
                LoadReport.human(o.warmup()), LoadReport.human(o.duration()));

        long cpu0 = CpuCounters.processCpuNanos();
        long serverCpu0 = o.serverPid() > 0 ? CpuCounters.serverCpuNanos(o.serverPid()) : 0;
        long[] machine0 = CpuCounters.machineTicks();
        long wall0 = System.nanoTime();
        long cpuPressure0 = CpuCounters.pressureMicros("cpu");
        long ioPressure0 = CpuCounters.pressureMicros("io");
        LoadResult r = o.client().equals("jdk") ? JdkClient.run(o, workload) : NioClient.run(o, workload);
        long cpu1 = CpuCounters.processCpuNanos();
        long serverCpu1 = o.serverPid() > 0 ? CpuCounters.serverCpuNanos(o.serverPid()) : 0;
        long[] machine1 = CpuCounters.machineTicks();
        long wallNanos = System.nanoTime() - wall0;
        double cpuStall = (CpuCounters.pressureMicros("cpu") - cpuPressure0) * 1e3 / wallNanos;
        double ioStall = (CpuCounters.pressureMicros("io") - ioPressure0) * 1e3 / wallNanos;
        long machineBusyNanos = (machine1[0] - machine0[0]) * 10_000_000L;
        LoadReport.print(o, r, cpu1 - cpu0, serverCpu1 - serverCpu0, machineBusyNanos, wallNanos);
        if (cpuPressure0 >= 0) {
            System.out.printf(Locale.ROOT, "pressure (share of the run some task waited, /proc/pressure): cpu %.0f%%, io %.0f%%%s%n", cpuStall * 100, ioStall * 100,
                    cpuStall > 0.3 ? " -- the machine was oversubscribed: treat these figures as a lower bound" : "");
        }
        long ok = 0;
        for (int st = 200; st < 300; st++) ok += r.statuses[st];
        return ok / (r.measuredNanos / 1e9);
    }
}
