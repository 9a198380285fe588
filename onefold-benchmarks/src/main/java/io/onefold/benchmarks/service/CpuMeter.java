package io.onefold.benchmarks.service;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/** Where the CPU went during a phase: the whole process, the single writer thread, GC; and the machine's load. */
final class CpuMeter {
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
