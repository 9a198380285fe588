package io.onefold.benchmarks.service;

import static io.onefold.benchmarks.service.Figures.human;
import static io.onefold.benchmarks.service.ServiceNodes.ORG;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.core.json.Json;
import io.onefold.service.ProfileService;
import io.onefold.store.ProfileStore;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One run of {@link io.onefold.benchmarks.ServiceThroughput}: the machine, the store (a fresh load or a reused one), the
 * phases the options name ({@link LoadPhase}, {@link UpdatePhase}, {@link ReadPhase}), the file sizes, the total time.
 */
public final class ThroughputRun {
    private final ThroughputOptions o;
    private final DataDirectory data;
    private String[] ids;
    private Zipf picker;

    public ThroughputRun(ThroughputOptions o) {
        this.o = o;
        this.data = new DataDirectory(o.dir, o.db);
    }

    public void run() throws Exception {
        long started = System.nanoTime();
        machine();
        boolean loaded = o.db == null && o.reuse && data.loadedSize() == o.profiles;
        if (!loaded) data.wipe();
        ServiceNodes nodes = new ServiceNodes(o);
        ProfileStore store = nodes.stores[0];
        ProfileService service = nodes.services[0];
        if (store instanceof SqliteProfileStore sqlite) CpuMeter.cache = sqlite.cache();
        try {
            if (!loaded) {
                service.ensureDefaultOrganization();
                service.configurations().createTemplate(ORG, readJson("omnichannel-template.json"));
                service.configurations().createRules(ORG, readJson("omnichannel-rules.json"));
            }
            ids = new String[o.profiles];
            if (!loaded && o.phases.contains("load")) {
                new LoadPhase(o, nodes, data, ids).run();
                data.markLoaded(o.profiles);
            } else if (loaded) {
                recoverIds(store);
            } else {
                throw new IllegalStateException("nothing loaded: run the load phase, or --reuse a loaded --dir");
            }
            picker = new Zipf(o.profiles, o.zipf);
            if (o.phases.contains("update")) new UpdatePhase(o, nodes, data, picker).run();
            if (o.phases.contains("read")) {
                // as the server reads: the wire bytes, from the readers' cache when it holds the profile
                long[] before = service.queries().readCacheCounts();
                new ReadPhase(o).run("get by id", (rnd) -> {
                    int c = picker.sample(rnd);
                    return nodes.service().queries().document(ORG, ids[c]).json().length > 0;
                });
                hitRate("get by id", before, service.queries().readCacheCounts());
                before = service.queries().readCacheCounts();
                new ReadPhase(o).run("lookup by email", (rnd) -> {
                    int c = picker.sample(rnd);
                    return nodes.service().queries().lookupDocument(ORG, "email", Customers.emailVariant(c, rnd)).isPresent();
                });
                hitRate("lookup by email", before, service.queries().readCacheCounts());
            }
            data.sizes("end");
        } finally {
            nodes.close();
        }
        System.out.printf(Locale.ROOT, "%ntotal run time: %s%n", human(System.nanoTime() - started));
    }

    /** The readers' cache over a phase (warm-up included): hits against reads. */
    private static void hitRate(String phase, long[] before, long[] after) {
        long hits = after[0] - before[0], misses = after[1] - before[1];
        System.out.printf(Locale.ROOT, "read cache, %s: %,d hits, %,d misses: hit rate %.3f%n", phase, hits, misses,
                hits + misses == 0 ? 0.0 : (double) hits / (hits + misses));
    }

    /** A reused load: its profile ids, read back in id order. */
    private void recoverIds(ProfileStore store) {
        System.out.printf(Locale.ROOT, "%n== reusing %s: %,d profiles already loaded; reading their ids ==%n", o.dir, o.profiles);
        String after = null;
        int n = 0;
        while (n < o.profiles) {
            List<String> page = store.profiles().activeProfileIds(ORG, after, 5000);
            if (page.isEmpty()) break;
            for (String id : page) if (n < o.profiles) ids[n++] = id;
            after = page.get(page.size() - 1);
        }
        if (n < o.profiles) throw new IllegalStateException("only " + n + " active profiles in " + o.dir);
    }

    private JsonNode readJson(String file) {
        try {
            return Json.parse(Files.readString(o.examples.resolve(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
                o.profiles, o.threads, o.readThreads, o.readConnections, o.zipf, o.dir);
        System.out.printf(Locale.ROOT, "machine: %d CPUs (%s), JVM %s %s, heap max %,d MB, args %s%n", rt.availableProcessors(), cpu,
                System.getProperty("java.vm.name"), Runtime.version(), rt.maxMemory() >> 20, ManagementFactory.getRuntimeMXBean().getInputArguments());
    }
}
