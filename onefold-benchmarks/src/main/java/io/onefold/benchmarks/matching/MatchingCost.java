package io.onefold.benchmarks.matching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.json.Json;
import io.onefold.core.matching.BlockingRule;
import io.onefold.core.matching.InferenceOptions;
import io.onefold.core.matching.LabelledCsv;
import io.onefold.core.matching.LabelledRecord;
import io.onefold.core.matching.MatchRecord;
import io.onefold.core.matching.MatchTrainer;
import io.onefold.core.matching.MatchingRules;
import io.onefold.core.matching.MatchingRulesJson;
import io.onefold.core.matching.RuleInference;
import io.onefold.core.matching.TrainingOptions;
import io.onefold.service.BulkLoader;
import io.onefold.service.ProfileService;
import io.onefold.service.ServiceOptions;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What probabilistic matching costs per upsert (issue 16: ≤ 50 µs of CPU at 1,000,000 profiles with FEBRL-like
 * rules). Two embedded stores are loaded with the same synthetic people — values drawn from FEBRL3's columns, one record
 * per person — one under a rule set with a {@code matching} section (trained on FEBRL3 without labels, blocking on
 * pairs of attributes so that blocks stay small at a million), one without. Then the same upserts run on both from
 * {@code --threads} threads through {@link ProfileService#upsert} (the HTTP path's service call): half are known people
 * with one value changed (scored; most merge automatically), half new people (scored; no match). The difference in
 * process CPU per upsert is matching's cost. Each store is warmed up with the same kind of upserts first.
 *
 * <pre>{@code
 * java -cp onefold-benchmarks/target/benchmarks.jar io.onefold.benchmarks.matching.MatchingCost \
 *     --febrl ../shared/data/matching/febrl3.csv --profiles 1000000 --upserts 20000 --threads 16 --dir /tmp/matching-cost
 * # again on the loaded stores (--run: new record ids, else the upserts would be updates of the previous run's records)
 * ... --dir /tmp/matching-cost --run 2
 * }</pre>
 */
public final class MatchingCost {
    private static final List<String> COLUMNS = List.of("given_name", "surname", "street_number", "address_1", "address_2", "suburb",
            "postcode", "state", "date_of_birth");
    private static final String ORG = ProfileService.DEFAULT_ORGANIZATION;

    private MatchingCost() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) flags.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        Path febrl = Path.of(flags.getOrDefault("febrl", "../shared/data/matching/febrl3.csv"));
        int profiles = Integer.parseInt(flags.getOrDefault("profiles", "1000000"));
        int upserts = Integer.parseInt(flags.getOrDefault("upserts", "20000"));
        int threads = Integer.parseInt(flags.getOrDefault("threads", "16"));
        // the share of upserts that are a known person with one value changed (scored, found, merged); the rest are new
        // people (scored, nothing found): with 0, the difference is the matching step alone — keys, candidates, index
        double duplicates = Double.parseDouble(flags.getOrDefault("duplicates", "0.5"));
        Path dir = Path.of(flags.getOrDefault("dir", Files.createTempDirectory("matching-cost").toString()));
        // a run on stores loaded by an earlier one needs records of its own: the same ids would be updates, never scored
        long run = Long.parseLong(flags.getOrDefault("run", Long.toString(System.currentTimeMillis() % 1_000_000)));

        List<LabelledRecord> rows = LabelledCsv.parse(Files.readString(febrl), "crm", "rec_id", "entity_id");
        Map<String, List<String>> pools = new LinkedHashMap<>();
        for (String c : COLUMNS) {
            TreeSet<String> values = new TreeSet<>();
            for (LabelledRecord r : rows) if (r.values().get(c) != null && !r.values().get(c).isBlank()) values.add(r.values().get(c));
            pools.put(c, List.copyOf(values));
        }
        MatchingRules rules = trainedRules(rows);
        System.out.printf("pools: %s%n", pools.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().size()).toList());
        System.out.printf("rules: %d comparisons, prior %.6f, blocking %s%n", rules.comparisons().size(), rules.prior(),
                rules.blockingRules().stream().map(BlockingRule::label).toList());

        for (boolean matching : List.of(false, true)) {
            Path data = dir.resolve(matching ? "with-matching" : "without");
            boolean loaded = Files.exists(data.resolve("loaded-" + profiles));
            Files.createDirectories(data);
            try (SqliteProfileStore store = SqliteProfileStore.open(data, 4);
                 ProfileService service = new ProfileService(store, ServiceOptions.defaults())) {
                if (!loaded) {
                    configure(service, matching ? rules : null);
                    long t0 = System.nanoTime();
                    load(service, pools, profiles);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    System.out.printf("%s: loaded %,d people in %.0f s (%,.0f lines/s)%n", data.getFileName(), profiles, seconds, profiles / seconds);
                    Files.writeString(data.resolve("loaded-" + profiles), "");
                }
                run(service, pools, profiles, upserts / 4, threads, run * 100 + 7, duplicates, "warm-up " + data.getFileName());
                run(service, pools, profiles, upserts, threads, run * 100 + 11, duplicates, "measured " + data.getFileName());
            }
        }
        System.out.printf("load average: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
    }

    /** FEBRL3's inferred comparisons, trained without labels; blocking on pairs, whose blocks stay small at a million people. */
    private static MatchingRules trainedRules(List<LabelledRecord> rows) {
        List<Map<String, String>> values = rows.stream().map(LabelledRecord::values).toList();
        MatchingRules inferred = RuleInference.infer("febrl-like", COLUMNS, values, InferenceOptions.DEFAULTS);
        List<MatchRecord> records = new ArrayList<>();
        for (LabelledRecord r : rows) records.add(inferred.prepare(r.id(), r.source(), r.values()));
        MatchingRules trained = MatchTrainer.train(inferred, records, false, TrainingOptions.DEFAULTS.withSeed(42));
        List<BlockingRule> blocking = List.of(BlockingRule.exact("given_name", "surname"), BlockingRule.exact("date_of_birth", "postcode"),
                BlockingRule.exact("surname", "suburb"));
        return new MatchingRules(trained.name(), trained.prior(), trained.autoMergeThreshold(), trained.reviewThreshold(), trained.comparisons(), blocking);
    }

    private static void configure(ProfileService service, MatchingRules rules) {
        service.ensureDefaultOrganization();
        ObjectNode template = Json.object().put("template_name", "FebrlLike");
        ArrayNode attributes = template.putArray("attributes");
        // a template needs an identifier; these people arrive without one (records are found by source_record_id)
        attributes.addObject().put("name", "email").put("type", "string").put("is_identifier", true).put("is_required", false).put("cardinality", "single");
        for (String c : COLUMNS) attributes.addObject().put("name", c).put("type", "string").put("is_identifier", false).put("is_required", false).put("cardinality", "single");
        service.configurations().createTemplate(ORG, template);
        ObjectNode ruleSet = Json.object().put("rule_name", "FebrlLikeRules");
        ruleSet.putArray("sources").addObject().put("source_id", "crm").put("priority", 1);
        ruleSet.withArray("sources").addObject().put("source_id", "web").put("priority", 2);
        if (rules != null) ruleSet.set("matching", MatchingRulesJson.write(rules));
        service.configurations().createRules(ORG, ruleSet);
    }

    /** Person {@code n}'s values: the same for the same n, drawn from FEBRL3's pools. */
    private static Map<String, String> person(Map<String, List<String>> pools, long n) {
        SplittableRandom random = new SplittableRandom(n * 0x9E3779B97F4A7C15L + 17);
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : pools.entrySet()) out.put(e.getKey(), e.getValue().get(random.nextInt(e.getValue().size())));
        return out;
    }

    private static JsonNode observation(String source, String id, Map<String, String> values) {
        ObjectNode o = Json.object().put("source", source).put("source_record_id", id).put("observed_at", "2026-03-01T10:00:00Z");
        ObjectNode data = o.putObject("profile_data");
        values.forEach(data::put);
        return o;
    }

    private static void load(ProfileService service, Map<String, List<String>> pools, int profiles) {
        BulkLoader loader = service.bulkLoader(ORG);
        int batch = 1000;
        for (int start = 0; start < profiles; start += batch) {
            List<BulkLoader.Line> lines = new ArrayList<>(batch);
            for (int n = start; n < Math.min(profiles, start + batch); n++) lines.add(BulkLoader.Line.of(n + 1, observation("crm", "p" + n, person(pools, n))));
            loader.load(loader.prepare(lines), null);
        }
    }

    /** {@code count} upserts from {@code threads} threads: a share {@code duplicates} of them a known person with one value changed, the others someone new. */
    private static void run(ProfileService service, Map<String, List<String>> pools, int profiles, int count, int threads, long salt, double duplicates,
                            String label)
            throws Exception {
        AtomicLong next = new AtomicLong();
        AtomicLong merged = new AtomicLong();
        AtomicLong created = new AtomicLong();
        long cpu0 = processCpu();
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(pool.submit(() -> {
                    for (long i; (i = next.getAndIncrement()) < count; ) {
                        SplittableRandom random = new SplittableRandom(i * 31 + salt);
                        Map<String, String> values;
                        if (random.nextDouble() < duplicates) {
                            values = person(pools, random.nextInt(profiles));
                            String changed = COLUMNS.get(random.nextInt(COLUMNS.size()));
                            List<String> pool2 = pools.get(changed);
                            values.put(changed, pool2.get(random.nextInt(pool2.size())));
                        } else {
                            values = person(pools, profiles + salt * 1_000_000L + i);
                        }
                        var answer = service.upsert(ORG, observation("web", "u" + salt + "-" + i, values), null);
                        (answer.outcome().equals("merged") ? merged : created).incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuMicros = (processCpu() - cpu0) / 1e3 / count;
        System.out.printf("%s: %,d upserts in %.1f s (%,.0f/s), %.1f µs of process CPU each; %,d merged, %,d created%n", label, count, seconds,
                count / seconds, cpuMicros, merged.get(), created.get());
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
