package io.onefold.benchmarks.http;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU and stall counters read around a run: this process (JMX), the server process, the machine, Linux PSI (/proc). */
public final class CpuCounters {
    private CpuCounters() {}

    public static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** utime + stime of a process, from /proc (Linux), in nanoseconds (assumes 100 clock ticks per second). */
    public static long serverCpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Total microseconds "some" task stalled on {@code resource} (cpu, io), from Linux PSI; -1 when unavailable. */
    public static long pressureMicros(String resource) {
        try {
            String some = Files.readAllLines(Path.of("/proc/pressure/" + resource)).get(0);
            return Long.parseLong(some.substring(some.indexOf("total=") + 6).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Busy clock ticks of the whole machine since boot (user + nice + system + irq + softirq + steal), from /proc/stat. */
    public static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6]) + Long.parseLong(f[7]) + Long.parseLong(f[8]);
            return new long[] {busy};
        } catch (IOException | RuntimeException e) {
            return new long[] {0};
        }
    }
}
