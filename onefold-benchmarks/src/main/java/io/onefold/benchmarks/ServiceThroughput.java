package io.onefold.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.json.Json;
import io.onefold.service.ProfileService;
import io.onefold.service.ServiceOptions;
import io.onefold.service.UpsertResponse;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * <b>Question:</b> how many durable upserts and reads per second does the profile service sustain in process, on
 * its embedded SQLite store, with 1,000,000 profiles stored? The target (issue): at least 15,000 durable
 * upserts/s and 100,000 reads/s on a 2-core machine (PRODUCT.md §4).
 *
 * <p>No HTTP: {@link ProfileService} is called directly from {@code --threads} client threads (default 16;
 * group commit needs concurrency: the single writer commits what is queued in one transaction, one fsync).
 * Every upsert is answered after its commit ({@code synchronous=FULL}): durable, as over HTTP.
 *
 * <ol>
 *   <li><b>load</b>: {@code --profiles} customers (default 1,000,000), one CRM full record each (email, phone,
 *       a household phone for 20% of them, loyalty tier, address, orders...), upserted into a fresh data
 *       directory; upserts/s and latency reported per {@code --window} (default 100,000) so the trend as the
 *       database grows is visible, and the total time;</li>
 *   <li><b>update</b>: mixed updates of existing customers, picked with a Zipf distribution (exponent
 *       {@code --zipf}, default 0.99, hot customers scattered over the id space): 35% CRM full records (same
 *       {@code source_record_id}, sometimes an upper-cased email), 45% chat partial records found by email (as
 *       typed: upper case, stray spaces; 10% with an explicit preferred contact method, 5% with an explicit
 *       null), 20% IVR partial records found by phone (national, dotted or E.164 formats); after
 *       {@code --warmup} seconds, {@code --rounds} rounds of {@code --round-seconds}: upserts/s, p50, p99;</li>
 *   <li><b>read</b>: {@link ProfileService#get} by profile id, then {@link ProfileService#lookup} by email (case
 *       variants), same Zipf skew, {@code --read-threads} threads; warm-up then rounds of
 *       {@code --read-seconds}: reads/s, p50, p99.</li>
 * </ol>
 *
 * <b>Command</b> (from the repository root; the load of 1M takes ~10 min and ~5 GB of disk, see docs/benchmarks.md).
 * Build the whole reactor: {@code -pl onefold-benchmarks} alone would shade the sibling modules found in
 * {@code ~/.m2}, which other checkouts overwrite.
 * <pre>
 * export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
 * mvn -B -o -q -DskipTests install
 * $JAVA_HOME/bin/java -Xms4g -Xmx4g -cp onefold-benchmarks/target/benchmarks.jar \
 *     io.onefold.benchmarks.ServiceThroughput --profiles 1000000 --threads 16
 * </pre>
 * Options: {@code --dir} (default {@code target/svcbench-data}, wiped first unless {@code --reuse} finds a complete
 * load of the same size there; a reused load reads its profile ids back in id order), {@code --phases load,update,read},
 * {@code --window}, {@code --warmup}, {@code --rounds}, {@code --round-seconds}, {@code --read-seconds},
 * {@code --read-threads}, {@code --read-connections} (4), {@code --zipf}, {@code --seed}, {@code --examples} (the
 * directory holding omnichannel-template.json and omnichannel-rules.json; found above the working directory by
 * default), {@code --db JDBC_URL} (the PostgreSQL store instead, in a fresh database; {@code --db-user}, password from
 * ONEFOLD_DB_PASSWORD), {@code --nodes} (PostgreSQL only: that many nodes, each its own store on the same database,
 * client threads spread over them), {@code --writers} (write lanes per PostgreSQL node). See docs/benchmarks.md.
 *
 * <p>Besides rates and latencies, each phase prints the CPU it used: process cores, CPU microseconds per operation
 * (process and single-writer thread) and the machine's load average, because a shared machine moves wall-clock
 * figures far more than it moves CPU per operation.
 */
public final class ServiceThroughput {
    private static final String ORG = ProfileService.DEFAULT_ORGANIZATION;
    private static final String MARKER = "svcbench.properties";
    private static final String[] DOMAINS = {"mail.example", "shop.example", "post.example", "inbox.example", "web.example", "corp.example", "home.example", "net.example"};
    private static final String[] AREAS = {"415", "212", "312", "617", "206", "303", "512", "404", "305", "702", "213", "646", "718", "202", "214", "713", "602", "503", "612", "919"};
    private static final String[] TIERS = {"Bronze", "Silver", "Gold", "Platinum"};
    private static final String[] INTENTS = {"order_status", "return", "billing", "product_question", "store_hours", "complaint", "upgrade"};
    private static final String[] CONTACT = {"email", "sms", "phone", "chat"};
    private static final String[] CITIES = {"San Francisco", "New York", "Chicago", "Boston", "Seattle", "Denver", "Austin", "Atlanta"};

    // ------------------------------------------------------------------ options

    private final int profiles;
    private final int threads;
    private final int readThreads;
    private final int readConnections;
    private final Path dir;
    private final boolean reuse;
    private final int window;
    private final int warmup;
    private final int rounds;
    private final int roundSeconds;
    private final int readSeconds;
    private final double zipf;
    private final long seed;
    private final List<String> phases;
    private final Path examples;
    private final String db;
    private final String dbUser;
    private final int nodes;
    private final int writers;

    private ServiceThroughput(Map<String, String> o) {
        profiles = Integer.parseInt(o.getOrDefault("profiles", "1000000"));
        threads = Integer.parseInt(o.getOrDefault("threads", "16"));
        readThreads = Integer.parseInt(o.getOrDefault("read-threads", String.valueOf(threads)));
        readConnections = Integer.parseInt(o.getOrDefault("read-connections", "4"));
        dir = Path.of(o.getOrDefault("dir", "target/svcbench-data")).toAbsolutePath();
        reuse = o.containsKey("reuse");
        window = Integer.parseInt(o.getOrDefault("window", "100000"));
        warmup = Integer.parseInt(o.getOrDefault("warmup", "10"));
        rounds = Integer.parseInt(o.getOrDefault("rounds", "3"));
        roundSeconds = Integer.parseInt(o.getOrDefault("round-seconds", "20"));
        readSeconds = Integer.parseInt(o.getOrDefault("read-seconds", "10"));
        zipf = Double.parseDouble(o.getOrDefault("zipf", "0.99"));
        seed = Long.parseLong(o.getOrDefault("seed", "42"));
        phases = List.of(o.getOrDefault("phases", "load,update,read").split(","));
        examples = o.containsKey("examples") ? Path.of(o.get("examples")) : findExamples();
        db = o.get("db");
        dbUser = o.getOrDefault("db-user", "postgres");
        nodes = Integer.parseInt(o.getOrDefault("nodes", "1"));
        writers = Integer.parseInt(o.getOrDefault("writers", String.valueOf(io.onefold.store.postgres.PostgresProfileStore.DEFAULT_WRITERS)));
        if (db == null && nodes != 1) throw new IllegalArgumentException("--nodes needs --db: several nodes share a PostgreSQL store");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) throw new IllegalArgumentException("unexpected argument " + args[i]);
            String key = args[i].substring(2);
            if (key.equals("reuse")) o.put(key, "true");
            else o.put(key, args[++i]);
        }
        new ServiceThroughput(o).run();
    }

    // ------------------------------------------------------------------ the run

    private ProfileService service;
    private io.onefold.store.ProfileStore store;
    /** One service per node, each on its own store (own writer connection) over the same database; clients spread over them. */
    private ProfileService[] services;
    private io.onefold.store.ProfileStore[] stores;

    private ProfileService service() {
        return services[(int) (Thread.currentThread().threadId() % services.length)];
    }
    private String[] ids;
    private Zipf picker;

    private void run() throws Exception {
        long started = System.nanoTime();
        machine();
        boolean loaded = db == null && reuse && loadedSize() == profiles;
        if (!loaded) wipe();
        stores = new io.onefold.store.ProfileStore[nodes];
        services = new ProfileService[nodes];
        for (int n = 0; n < nodes; n++) {
            stores[n] = db == null ? SqliteProfileStore.open(dir, readConnections)
                    : io.onefold.store.postgres.PostgresProfileStore.open(db, dbUser, System.getenv("ONEFOLD_DB_PASSWORD"), readConnections, writers);
            services[n] = new ProfileService(stores[n], ServiceOptions.defaults());
        }
        store = stores[0];
        service = services[0];
        if (store instanceof SqliteProfileStore sqlite) Cpu.cache = sqlite.cache();
        try {
            if (!loaded) {
                service.ensureDefaultOrganization();
                service.configurations().createTemplate(ORG, readJson("omnichannel-template.json"));
                service.configurations().createRules(ORG, readJson("omnichannel-rules.json"));
            }
            ids = new String[profiles];
            if (!loaded && phases.contains("load")) {
                load();
                Properties p = new Properties();
                p.setProperty("profiles", String.valueOf(profiles));
                try (var w = Files.newBufferedWriter(dir.resolve(MARKER))) {
                    p.store(w, "ServiceThroughput: a complete load");
                }
            } else if (loaded) {
                recoverIds();
            } else {
                throw new IllegalStateException("nothing loaded: run the load phase, or --reuse a loaded --dir");
            }
            picker = new Zipf(profiles, zipf);
            if (phases.contains("update")) update();
            if (phases.contains("read")) {
                read("get by id", (rnd) -> {
                    int c = pick(rnd);
                    service().queries().get(ORG, ids[c]);
                    return true;
                });
                read("lookup by email", (rnd) -> {
                    int c = pick(rnd);
                    return service().queries().lookup(ORG, "email", emailVariant(c, rnd)).isPresent();
                });
            }
            sizes("end");
        } finally {
            for (ProfileService s : services) s.close();
            for (io.onefold.store.ProfileStore s : stores) s.close();
        }
        System.out.printf(Locale.ROOT, "%ntotal run time: %s%n", human(System.nanoTime() - started));
    }

    // ------------------------------------------------------------------ phase 1: load

    private void load() throws InterruptedException {
        System.out.printf(Locale.ROOT, "%n== load: %,d profiles (CRM full records) from %d threads, windows of %,d ==%n", profiles, threads, window);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        long[] latency = new long[profiles];
        int windows = (profiles + window - 1) / window;
        java.util.concurrent.atomic.AtomicLongArray windowEnd = new java.util.concurrent.atomic.AtomicLongArray(windows);
        Errors errors = new Errors();
        Cpu cpu = new Cpu();
        long t0 = System.nanoTime();
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            ts[t] = Thread.ofPlatform().name("load-" + t).start(() -> {
                SplittableRandom rnd = new SplittableRandom(seed + Thread.currentThread().threadId());
                int c;
                while ((c = next.getAndIncrement()) < profiles) {
                    ObjectNode body = crmRecord(c, rnd, false, Instant.now());
                    long s = System.nanoTime();
                    try {
                        UpsertResponse r = service().upsert(ORG, body, null);
                        ids[c] = r.profileId();
                        if (r.status() != 201) errors.add("load: not created (" + r.outcome() + ")");
                    } catch (RuntimeException e) {
                        errors.add(e);
                    }
                    long e = System.nanoTime();
                    int k = done.getAndIncrement();
                    latency[k] = e - s;
                    if ((k + 1) % window == 0 || k + 1 == profiles) windowEnd.set(k / window, e);
                }
            });
        }
        // print each window as it completes, with the CPU it took (sampled when the window is seen complete)
        System.out.printf(Locale.ROOT, "%-22s %10s %9s %9s %9s %9s %12s %12s%n", "profiles stored", "upserts/s", "p50 ms", "p99 ms",
                "p99.9 ms", "max ms", "cpu us/op", "writer us/op");
        long prev = t0;
        long prevProcess = cpu.process;
        long prevWriter = cpu.writer;
        for (int w = 0; w < windows; w++) {
            while (windowEnd.get(w) == 0) Thread.sleep(100);
            Thread.sleep(20); // let the last few of the window store their latency
            long process = Cpu.processCpu();
            long writer = Cpu.writerCpu();
            int from = w * window;
            int to = Math.min(profiles, from + window);
            long[] l = Arrays.copyOfRange(latency, from, to);
            Arrays.sort(l);
            double rate = (to - from) / ((windowEnd.get(w) - prev) / 1e9);
            System.out.printf(Locale.ROOT, "%,10d-%,-11d %10s %9.2f %9.2f %9.2f %9.2f %12.0f %12.0f   load avg %.1f%n", from, to, fmt(rate),
                    ms(pct(l, 0.50)), ms(pct(l, 0.99)), ms(pct(l, 0.999)), ms(l[l.length - 1]),
                    (process - prevProcess) / 1e3 / (to - from), (writer - prevWriter) / 1e3 / (to - from),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            prev = windowEnd.get(w);
            prevProcess = process;
            prevWriter = writer;
        }
        for (Thread t : ts) t.join();
        long total = System.nanoTime() - t0;
        String used = cpu.since(profiles);
        long[] all = latency.clone();
        Arrays.sort(all);
        System.out.printf(Locale.ROOT, "load total: %,d upserts in %s = %s upserts/s (p50 %.2f ms, p99 %.2f ms)%n", profiles, human(total),
                fmt(profiles / (total / 1e9)), ms(pct(all, 0.5)), ms(pct(all, 0.99)));
        System.out.println(used);
        if (io.onefold.store.postgres.RoundTrips.counting()) {
            System.out.printf(Locale.ROOT, "PostgreSQL round trips of the writers: %,d = %.2f per upsert%n", io.onefold.store.postgres.RoundTrips.count(),
                    io.onefold.store.postgres.RoundTrips.count() / (double) profiles);
        }
        errors.print();
        sizes("after load");
    }

    private void recoverIds() {
        System.out.printf(Locale.ROOT, "%n== reusing %s: %,d profiles already loaded; reading their ids ==%n", dir, profiles);
        String after = null;
        int n = 0;
        while (n < profiles) {
            List<String> page = store.profiles().activeProfileIds(ORG, after, 5000);
            if (page.isEmpty()) break;
            for (String id : page) if (n < profiles) ids[n++] = id;
            after = page.get(page.size() - 1);
        }
        if (n < profiles) throw new IllegalStateException("only " + n + " active profiles in " + dir);
    }

    // ------------------------------------------------------------------ phase 2: mixed updates

    private void update() throws InterruptedException {
        System.out.printf(Locale.ROOT, "%n== update: mixed upserts of existing customers (Zipf %.2f), %d threads, warm-up %d s, %d x %d s ==%n",
                zipf, threads, warmup, rounds, roundSeconds);
        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        Map<String, LongAdder> kinds = new ConcurrentHashMap<>();
        Errors errors = new Errors();
        long roundTrips = io.onefold.store.postgres.RoundTrips.count();
        LongAdder attempted = new LongAdder();
        Recorder rec = measure(threads, warmup, rounds, roundSeconds, (rnd) -> {
            int c = pick(rnd);
            double p = rnd.nextDouble();
            attempted.increment();
            ObjectNode body;
            String kind;
            Instant now = Instant.now();
            if (p < 0.35) {
                kind = "crm full";
                body = crmRecord(c, rnd, true, now);
            } else if (p < 0.80) {
                kind = "chat partial (email)";
                body = chatRecord(c, rnd, now);
            } else {
                kind = "ivr partial (phone)";
                body = ivrRecord(c, rnd, now);
            }
            kinds.computeIfAbsent(kind, k -> new LongAdder()).increment();
            try {
                UpsertResponse r = service().upsert(ORG, body, null);
                outcomes.computeIfAbsent(r.outcome(), k -> new LongAdder()).increment();
            } catch (RuntimeException e) {
                errors.add(e);
            }
            return true;
        });
        rec.report("upserts/s");
        System.out.println("mix: " + kinds + "; outcomes: " + outcomes);
        if (io.onefold.store.postgres.RoundTrips.counting()) {
            long sent = io.onefold.store.postgres.RoundTrips.count() - roundTrips;
            System.out.printf(Locale.ROOT, "PostgreSQL round trips of the writers: %,d for %,d upserts = %.2f per upsert%n", sent, attempted.sum(), sent / (double) attempted.sum());
        }
        errors.print();
        sizes("after updates");
    }

    // ------------------------------------------------------------------ phase 3: reads

    private void read(String name, Op op) throws InterruptedException {
        System.out.printf(Locale.ROOT, "%n== read: %s (Zipf %.2f), %d threads, %d read connections, warm-up %d s, %d x %d s ==%n",
                name, zipf, readThreads, readConnections, Math.max(3, warmup / 2), rounds, readSeconds);
        LongAdder misses = new LongAdder();
        Errors errors = new Errors();
        Recorder rec = measure(readThreads, Math.max(3, warmup / 2), rounds, readSeconds, (rnd) -> {
            try {
                if (!op.run(rnd)) misses.increment();
            } catch (RuntimeException e) {
                errors.add(e);
            }
            return true;
        });
        rec.report("reads/s");
        if (misses.sum() > 0) System.out.println("not found: " + misses.sum());
        errors.print();
    }

    // ------------------------------------------------------------------ measurement

    @FunctionalInterface
    private interface Op {
        boolean run(SplittableRandom rnd);
    }

    /** Runs {@code op} from {@code n} threads through a warm-up and {@code rounds} rounds; records (end, latency) per op. */
    private Recorder measure(int n, int warmupSeconds, int rounds, int seconds, Op op) throws InterruptedException {
        Recorder rec = new Recorder(n);
        long start = System.nanoTime();
        long[] bounds = new long[rounds + 1];
        bounds[0] = start + Duration.ofSeconds(warmupSeconds).toNanos();
        for (int r = 1; r <= rounds; r++) bounds[r] = bounds[r - 1] + Duration.ofSeconds(seconds).toNanos();
        rec.bounds = bounds;
        long stopAt = bounds[rounds];
        CountDownLatch go = new CountDownLatch(1);
        Thread[] ts = new Thread[n];
        for (int t = 0; t < n; t++) {
            int me = t;
            ts[t] = Thread.ofPlatform().name("client-" + t).start(() -> {
                SplittableRandom rnd = new SplittableRandom(seed * 31 + me + start);
                LongList ends = rec.ends[me];
                LongList lats = rec.latencies[me];
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                while (true) {
                    long s = System.nanoTime();
                    if (s >= stopAt) break;
                    op.run(rnd);
                    long e = System.nanoTime();
                    if (e >= bounds[0]) {
                        ends.add(e);
                        lats.add(e - s);
                    }
                }
            });
        }
        go.countDown();
        long wait = bounds[0] - System.nanoTime();
        if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        Cpu cpu = new Cpu();
        for (Thread t : ts) t.join();
        long ops = 0;
        for (int t = 0; t < n; t++) ops += rec.ends[t].size;
        rec.cpu = cpu.since(ops);
        return rec;
    }

    private static final class Recorder {
        final LongList[] ends;
        final LongList[] latencies;
        long[] bounds;
        String cpu;

        Recorder(int n) {
            ends = new LongList[n];
            latencies = new LongList[n];
            for (int i = 0; i < n; i++) {
                ends[i] = new LongList();
                latencies[i] = new LongList();
            }
        }

        void report(String unit) {
            System.out.printf(Locale.ROOT, "%-8s %12s %10s %10s %10s %10s%n", "round", unit, "p50 ms", "p99 ms", "p99.9 ms", "max ms");
            double[] rates = new double[bounds.length - 1];
            LongList all = new LongList();
            for (int r = 0; r + 1 < bounds.length; r++) {
                LongList l = new LongList();
                for (int t = 0; t < ends.length; t++) {
                    for (int i = 0; i < ends[t].size; i++) {
                        long e = ends[t].a[i];
                        if (e >= bounds[r] && e < bounds[r + 1]) {
                            l.add(latencies[t].a[i]);
                            all.add(latencies[t].a[i]);
                        }
                    }
                }
                long[] sorted = l.sorted();
                rates[r] = sorted.length / ((bounds[r + 1] - bounds[r]) / 1e9);
                System.out.printf(Locale.ROOT, "%-8d %12s %10.2f %10.2f %10.2f %10.2f%n", r + 1, fmt(rates[r]),
                        ms(pct(sorted, 0.5)), ms(pct(sorted, 0.99)), ms(pct(sorted, 0.999)), ms(sorted.length == 0 ? 0 : sorted[sorted.length - 1]));
            }
            double[] r = rates.clone();
            Arrays.sort(r);
            long[] s = all.sorted();
            System.out.printf(Locale.ROOT, "median of rounds: %s %s; all rounds: p50 %.2f ms, p99 %.2f ms%n", fmt(r[r.length / 2]), unit,
                    ms(pct(s, 0.5)), ms(pct(s, 0.99)));
            System.out.println(cpu + " (measured rounds)");
        }
    }

    /** Where the CPU went during a phase: the whole process, the single writer thread, GC; and the machine's load. */
    private static final class Cpu {
        final long wall = System.nanoTime();
        final long process = processCpu();
        final long writer = writerCpu();
        final long writerAllocated = writerAllocated();
        final long gc = gcMillis();
        /** The embedded store's cluster cache, whose hit rate each phase prints (counters read racily: a report). */
        static volatile io.onefold.store.ClusterCache cache;
        final long hits = cache == null ? 0 : cache.hits();
        final long misses = cache == null ? 0 : cache.misses();

        static long writerAllocated() {
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals("onefold-writer")) {
                    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getThreadAllocatedBytes(t.threadId());
                }
            }
            return 0;
        }

        /** The process's resident set (VmRSS of /proc/self/status), in MiB; -1 where there is no /proc. */
        static long rssMiB() {
            try {
                for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                    if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            } catch (java.io.IOException | RuntimeException e) {
                return -1;
            }
            return -1;
        }

        static long processCpu() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        }

        static long writerCpu() {
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().equals("onefold-writer")) return ManagementFactory.getThreadMXBean().getThreadCpuTime(t.threadId());
            }
            return 0;
        }

        static long gcMillis() {
            return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
        }

        /** Cores used, writer-thread busy share, CPU microseconds per operation (robust to other load on the machine). */
        String since(long ops) {
            double w = System.nanoTime() - wall;
            double p = processCpu() - process;
            double wr = writerCpu() - writer;
            double alloc = writerAllocated() - writerAllocated;
            if (cache != null) {
                long h = cache.hits() - hits, m = cache.misses() - misses;
                System.out.printf(Locale.ROOT, "writer's cluster cache: %.1f%% of cluster reads and owner lookups answered from memory (%,d of %,d), %,d clusters held%n",
                        h + m == 0 ? 0 : 100.0 * h / (h + m), h, h + m, cache.size());
            }
            return String.format(Locale.ROOT, "cpu: process %.2f cores (%.0f us/op), writer thread on cpu %.0f%% of wall (%.0f us/op, %.1f KB allocated/op), "
                            + "gc %.1f%% of wall; rss %d MiB; machine load average %.1f on %d CPUs",
                    p / w, ops == 0 ? 0 : p / ops / 1e3, 100 * wr / w, ops == 0 ? 0 : wr / ops / 1e3, ops == 0 ? 0 : alloc / ops / 1024,
                    100 * (gcMillis() - gc) * 1e6 / w, rssMiB(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
        }
    }

    private static final class LongList {
        long[] a = new long[1 << 14];
        int size;

        void add(long v) {
            if (size == a.length) a = Arrays.copyOf(a, a.length * 2);
            a[size++] = v;
        }

        long[] sorted() {
            long[] s = Arrays.copyOf(a, size);
            Arrays.sort(s);
            return s;
        }
    }

    private static final class Errors {
        final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

        void add(RuntimeException e) {
            add(e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "<id>"));
        }

        void add(String what) {
            String key = what.length() > 160 ? what.substring(0, 160) : what;
            if (counts.size() < 50 || counts.containsKey(key)) counts.computeIfAbsent(key, k -> new LongAdder()).increment();
        }

        void print() {
            if (counts.isEmpty()) {
                System.out.println("errors: none");
                return;
            }
            System.out.println("errors:");
            counts.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %,d x %s%n", v.sum(), k));
        }
    }

    // ------------------------------------------------------------------ the synthetic customers

    private int pick(SplittableRandom rnd) {
        return picker.sample(rnd);
    }

    private static String email(int c) {
        return "customer" + c + "@" + DOMAINS[c % DOMAINS.length];
    }

    /** The email as a client might send it: as stored, upper case, mixed case, with stray spaces. */
    private static String emailVariant(int c, SplittableRandom rnd) {
        String e = email(c);
        return switch (rnd.nextInt(4)) {
            case 0 -> e;
            case 1 -> e.toUpperCase(Locale.ROOT);
            case 2 -> Character.toUpperCase(e.charAt(0)) + e.substring(1, e.indexOf('@')) + "@" + e.substring(e.indexOf('@') + 1).toUpperCase(Locale.ROOT);
            default -> "  " + e + " ";
        };
    }

    private static String area(int c) {
        return AREAS[c % AREAS.length];
    }

    /** 7 digits: exchange 2xx-5xx, line; unique per customer for up to 20 x 4M customers. */
    private static String local(int c) {
        int rest = c / AREAS.length;
        return String.format(Locale.ROOT, "%03d%04d", 200 + rest / 10_000, rest % 10_000);
    }

    private static String phoneE164(int c) {
        return "+1" + area(c) + local(c);
    }

    private static String phoneVariant(int c, SplittableRandom rnd) {
        String l = local(c);
        return switch (rnd.nextInt(3)) {
            case 0 -> phoneE164(c);
            case 1 -> "(" + area(c) + ") " + l.substring(0, 3) + "-" + l.substring(3);
            default -> area(c) + "." + l.substring(0, 3) + "." + l.substring(3);
        };
    }

    /** 20% of customers share a landline with a neighbour in the id space (pairs 10k, 10k+1). */
    private static String householdPhone(int c) {
        int base = c - c % 10;
        if (c % 10 > 1) return null;
        int h = base / 10;
        return String.format(Locale.ROOT, "+1%s%03d%04d", AREAS[(h + 7) % AREAS.length], 800 + (h / 10_000) % 100, h % 10_000);
    }

    private ObjectNode crmRecord(int c, SplittableRandom rnd, boolean update, Instant now) {
        ObjectNode body = Json.object();
        body.put("source", "salesforce_crm");
        body.put("source_record_id", "C-" + c);
        body.put("observed_at", now.toString());
        ObjectNode d = body.putObject("profile_data");
        d.put("email", update && rnd.nextInt(10) < 3 ? email(c).toUpperCase(Locale.ROOT) : email(c));
        d.putArray("phone_number").add(phoneE164(c));
        String household = householdPhone(c);
        if (household != null) d.put("household_phone", household);
        d.put("loyalty_tier", TIERS[update && rnd.nextInt(20) == 0 ? rnd.nextInt(TIERS.length) : c % TIERS.length]);
        d.put("preferred_contact_method", CONTACT[c % CONTACT.length]);
        ObjectNode address = d.putObject("postal_address");
        address.put("street", (c % 9000 + 100) + " Market St");
        address.put("city", CITIES[c % CITIES.length]);
        address.put("postal_code", String.format(Locale.ROOT, "%05d", 10000 + c % 89999));
        address.put("country", "US");
        d.put("customer_since", String.format(Locale.ROOT, "20%02d-%02d-%02d", 10 + c % 15, 1 + c % 12, 1 + c % 28));
        d.put("lifetime_value", new java.math.BigDecimal((c % 5000) * 10 + (update ? rnd.nextInt(2000) : 0)).movePointLeft(1));
        ArrayNode orders = d.putArray("purchase_history");
        int n = 1 + c % 3;
        for (int i = 0; i < n; i++) {
            orders.addObject().put("order_id", "O-" + c + "-" + i).put("total", new java.math.BigDecimal(1999 + 100 * i).movePointLeft(2))
                    .put("date", String.format(Locale.ROOT, "2025-%02d-%02d", 1 + (c + i) % 12, 1 + i));
        }
        d.putArray("interaction_channels").add("store").add("web");
        return body;
    }

    private static ObjectNode chatRecord(int c, SplittableRandom rnd, Instant now) {
        ObjectNode body = Json.object();
        body.put("source", "webchat_middleware");
        body.put("observed_at", now.toString());
        ObjectNode d = body.putObject("profile_data");
        d.put("email", emailVariant(c, rnd));
        d.put("last_interaction_timestamp", now.toString());
        d.put("recent_intent", INTENTS[rnd.nextInt(INTENTS.length)]);
        d.putArray("interaction_channels").add("chat");
        int r = rnd.nextInt(100);
        if (r < 10) {
            d.put("preferred_contact_method", CONTACT[rnd.nextInt(CONTACT.length)]);
            body.putArray("explicit").add("preferred_contact_method");
        } else if (r < 15) {
            d.putNull("recent_intent");
        }
        return body;
    }

    private static ObjectNode ivrRecord(int c, SplittableRandom rnd, Instant now) {
        ObjectNode body = Json.object();
        body.put("source", "voice_ivr");
        body.put("observed_at", now.toString());
        ObjectNode d = body.putObject("profile_data");
        d.put("phone_number", phoneVariant(c, rnd));
        d.put("last_interaction_timestamp", now.toString());
        d.put("recent_intent", INTENTS[rnd.nextInt(INTENTS.length)]);
        d.putArray("interaction_channels").add("phone");
        return body;
    }

    /**
     * Zipf over ranks 1..n (P(rank k) ∝ 1/k^s) by inverse CDF; rank k maps to a customer through a
     * multiplicative permutation, so hot customers are scattered over the id space, not the oldest ones.
     */
    private static final class Zipf {
        final double[] cdf;
        final int n;
        final long mult;

        Zipf(int n, double s) {
            this.n = n;
            cdf = new double[n];
            double sum = 0;
            for (int k = 1; k <= n; k++) {
                sum += 1.0 / Math.pow(k, s);
                cdf[k - 1] = sum;
            }
            for (int k = 0; k < n; k++) cdf[k] /= sum;
            long m = 2_654_435_761L % n;
            while (gcd(m, n) != 1) m++;
            mult = m;
        }

        int sample(SplittableRandom rnd) {
            double u = rnd.nextDouble();
            int i = Arrays.binarySearch(cdf, u);
            int rank = i >= 0 ? i : Math.min(n - 1, -i - 1);
            return (int) ((rank * mult + 12_345) % n);
        }

        private static long gcd(long a, long b) {
            return b == 0 ? a : gcd(b, a % b);
        }
    }

    // ------------------------------------------------------------------ plumbing

    private int loadedSize() {
        Path m = dir.resolve(MARKER);
        if (!Files.exists(m)) return -1;
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(m)) {
            p.load(r);
        } catch (IOException e) {
            return -1;
        }
        return Integer.parseInt(p.getProperty("profiles", "-1"));
    }

    private void wipe() throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String name = p.getFileName().toString();
                if (!name.startsWith("onefold.db") && !name.equals(MARKER)) throw new IllegalStateException("refusing to wipe " + dir + ": it holds " + name);
            }
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) Files.delete(p);
        }
    }

    private void sizes(String when) {
        if (db != null) return;
        try (Stream<Path> s = Files.list(dir)) {
            StringBuilder b = new StringBuilder("files " + when + ":");
            for (Path p : s.sorted().toList()) b.append(String.format(Locale.ROOT, " %s %,d MB;", p.getFileName(), Files.size(p) >> 20));
            System.out.println(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode readJson(String file) {
        try {
            return Json.parse(Files.readString(examples.resolve(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path findExamples() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("examples/retail");
            if (Files.isDirectory(candidate)) return candidate;
        }
        throw new IllegalStateException("examples/retail not found above the working directory; pass --examples");
    }

    private void machine() {
        Runtime rt = Runtime.getRuntime();
        String cpu = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("?");
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        System.out.printf(Locale.ROOT, "ServiceThroughput: profiles=%,d threads=%d read-threads=%d read-connections=%d zipf=%.2f dir=%s%n",
                profiles, threads, readThreads, readConnections, zipf, dir);
        System.out.printf(Locale.ROOT, "machine: %d CPUs (%s), JVM %s %s, heap max %,d MB, args %s%n", rt.availableProcessors(), cpu,
                System.getProperty("java.vm.name"), Runtime.version(), rt.maxMemory() >> 20, ManagementFactory.getRuntimeMXBean().getInputArguments());
    }

    private static long pct(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static String fmt(double rate) {
        return String.format(Locale.ROOT, "%,.0f", rate);
    }

    private static String human(long nanos) {
        long s = nanos / 1_000_000_000L;
        return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
    }
}
