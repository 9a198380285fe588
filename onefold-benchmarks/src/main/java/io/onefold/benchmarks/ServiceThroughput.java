package io.onefold.benchmarks;

import io.onefold.benchmarks.service.ThroughputOptions;
import io.onefold.benchmarks.service.ThroughputRun;
import io.onefold.service.ProfileService;
import java.util.LinkedHashMap;
import java.util.Map;

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
 *
 * <p>Parts, in {@code io.onefold.benchmarks.service}: {@link ThroughputOptions} (the command line), {@link ThroughputRun}
 * (the run and its phases: load, update, read), the synthetic customers and their Zipf skew, the measured rounds, the
 * CPU meter (process, writer thread, allocation, GC, cluster cache).
 */
public final class ServiceThroughput {
    private ServiceThroughput() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) throw new IllegalArgumentException("unexpected argument " + args[i]);
            String key = args[i].substring(2);
            if (key.equals("reuse")) o.put(key, "true");
            else o.put(key, args[++i]);
        }
        new ThroughputRun(new ThroughputOptions(o)).run();
    }
}
