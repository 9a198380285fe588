package io.onefold.benchmarks;

import io.onefold.core.error.OnefoldException;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.identity.Outcome;
import io.onefold.core.identity.ProfileIds;
import io.onefold.core.model.Observation;
import io.onefold.core.rules.MergeRuleSet;
import io.onefold.core.schema.ProfileTemplate;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * <b>Question:</b> how fast does the in-memory identity graph match a realistic stream — how long does
 * {@link IdentityGraph#upsert} take to ingest 1,000,000 observations of 200,000 customers, and so how many
 * observations per second can one writer thread match, normalize, merge and resolve, before any storage or
 * HTTP cost?
 *
 * <p>The stream ({@link SkewedObservations}) is Zipf-skewed (a few hot customers receive thousands of
 * updates), comes from three sources (CRM, web chat, voice IVR), spells identifiers many ways (email casing and
 * whitespace, seven phone formats), and in one customer in ten an IVR phone-only profile and a chat email-only
 * profile are later bridged by a chat carrying both (an automatic merge). The observations are generated once
 * per trial and are not measured; each iteration ingests all of them, in order, into a fresh graph, with the
 * server's id factory (UUIDv7). Observations the engine refuses (a 4xx in the server) are counted, not fatal.
 *
 * <p>Mode: single shot, so the score is the time to ingest the whole stream (s/op; observations/s =
 * {@code observations / score}). After each iteration the fork also prints observations/s, the CPU time of the
 * ingesting thread (observations per CPU-second: unlike wall time, it holds when other processes share the
 * machine), the JVM's total CPU time, the GC pause time during the ingest, the outcome counts and the heap the
 * stream and the filled graph occupy. One warm-up iteration is plenty: it alone runs a million upserts through
 * the JIT.
 *
 * <p>Run (from the repository root, after {@code mvn -B -DskipTests package}):
 * <pre>
 * java -jar onefold-benchmarks/target/benchmarks.jar IdentityMatchingBenchmark -f 1 -wi 1 -i 2
 * </pre>
 * Three ingests of the stream, plus about 10 s to generate it: an estimated 5–8 minutes on an idle 2-core
 * machine; each ingest took about 9 minutes of wall time (80 s of CPU) while other jobs kept the load average
 * near 10 (see {@code docs/benchmarks.md}). The fork runs with
 * {@code -Xms6g -Xmx6g}: the pre-generated stream holds about 1.6 GB and the filled graph about 1.7 GB. For a
 * quick look use {@code -p observations=100000 -p customers=20000}; for where the time goes add
 * {@code -prof gc} or {@code -prof jfr}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
public class IdentityMatchingBenchmark {
    @Param("1000000")
    public int observations;

    @Param("200000")
    public int customers;

    /** The Zipf exponent s: customer of rank r is picked with weight 1/r^s. */
    @Param("0.8")
    public double skew;

    @Param("20261128")
    public long seed;

    private ProfileTemplate template;
    private MergeRuleSet rules;
    private Observation[] stream;
    private IdentityGraph graph;
    private final Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    private final Map<String, Integer> refused = new TreeMap<>();
    private long elapsedNanos;
    private long threadCpuNanos;
    private long processCpuNanos;
    private long gcMillisBefore;
    private long gcCountBefore;

    @Setup(Level.Trial)
    public void generate() {
        template = OmnichannelFixture.template();
        rules = OmnichannelFixture.rules();
        SkewedObservations.Stats[] stats = new SkewedObservations.Stats[1];
        long t0 = System.nanoTime();
        stream = SkewedObservations.generate(observations, customers, skew, seed, stats);
        System.out.printf(Locale.ROOT, "%nstream: %s (generated in %.1f s)%n", stats[0], (System.nanoTime() - t0) / 1e9);
    }

    @Setup(Level.Iteration)
    public void freshGraph() {
        graph = null;
        System.gc(); // the previous iteration's graph is garbage: collect it here, not inside the next measurement
        graph = new IdentityGraph(template, rules, OmnichannelFixture.normalizer(), ProfileIds.uuidV7(Instant::now), Instant::now);
        outcomes.clear();
        refused.clear();
        gcMillisBefore = gc(GarbageCollectorMXBean::getCollectionTime);
        gcCountBefore = gc(GarbageCollectorMXBean::getCollectionCount);
    }

    @Benchmark
    public IdentityGraph ingest() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long process0 = processCpu();
        long t0 = System.nanoTime();
        for (Observation o : stream) {
            try {
                outcomes.merge(graph.upsert(o).outcome(), 1, Integer::sum);
            } catch (OnefoldException e) {
                refused.merge(e.code().name(), 1, Integer::sum);
            }
        }
        elapsedNanos = System.nanoTime() - t0;
        threadCpuNanos = threads.getCurrentThreadCpuTime() - cpu0;
        processCpuNanos = processCpu() - process0;
        return graph;
    }

    /** CPU time of the whole JVM (benchmark thread, GC and JIT threads); -1 when the platform does not say. */
    private static long processCpu() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }

    @TearDown(Level.Iteration)
    public void report() {
        long gcMillis = gc(GarbageCollectorMXBean::getCollectionTime) - gcMillisBefore;
        long gcCount = gc(GarbageCollectorMXBean::getCollectionCount) - gcCountBefore;
        System.gc();
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "  %,.0f observations/s (wall %,d ms; ingest thread CPU %,d ms = %,.0f observations per CPU-second; "
                        + "JVM CPU %,d ms); outcomes %s; refused %s; %d GC pauses took %,d ms; "
                        + "heap live after a full GC %,d MiB (stream and graph); load average %.2f%n",
                observations / (elapsedNanos / 1e9), elapsedNanos / 1_000_000, threadCpuNanos / 1_000_000,
                observations / (threadCpuNanos / 1e9), processCpuNanos / 1_000_000, outcomes, refused, gcCount, gcMillis,
                (rt.totalMemory() - rt.freeMemory()) >> 20, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static long gc(java.util.function.ToLongFunction<GarbageCollectorMXBean> metric) {
        long sum = 0;
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            // pauses only: G1's "G1 Concurrent GC" bean counts work done beside the application threads
            if (!bean.getName().contains("Concurrent")) sum += Math.max(0, metric.applyAsLong(bean));
        }
        return sum;
    }
}
