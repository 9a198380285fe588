package io.onefold.cli.ingest;

import java.io.PrintWriter;

/**
 * Progress on stderr: on a terminal a bar redrawn in place with the rate and the time left; otherwise (a log, a pipe)
 * a plain line every {@code interval} seconds. Rates are lines per second of this run; the time left is extrapolated
 * from the bytes read.
 */
final class Progress {
    enum Style { BAR, LINES, NONE }

    private final PrintWriter err;
    private final Style style;
    private final long intervalNanos;
    private final long totalBytes;
    private final long startNanos = System.nanoTime();
    private long lastPrint;
    private long bytesAtStart;

    Progress(PrintWriter err, Style style, double intervalSeconds, long totalBytes) {
        this.err = err;
        this.style = style;
        this.intervalNanos = (long) (intervalSeconds * 1e9);
        this.totalBytes = Math.max(1, totalBytes);
    }

    /** Whether standard error looks like a terminal (a console is attached and TERM is not "dumb"). */
    static boolean terminal() {
        return System.console() != null && !"dumb".equals(System.getenv("TERM")) && System.getenv("TERM") != null;
    }

    /** Where this run starts reading (a resumed run does not start at 0): the time left is extrapolated from here. */
    void startAt(long bytes) {
        bytesAtStart = bytes;
    }

    /** After each batch: {@code bytes} read of every file so far, {@code lines} applied in this run. */
    void update(String file, long bytes, long lines, Counts counts, boolean force) {
        long now = System.nanoTime();
        if (style == Style.NONE || (!force && now - lastPrint < (style == Style.BAR ? 200_000_000L : intervalNanos))) return;
        lastPrint = now;
        double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
        double rate = lines / seconds;
        double fraction = Math.min(1.0, (double) bytes / totalBytes);
        double byteRate = (bytes - bytesAtStart) / seconds;
        String eta = byteRate <= 0 ? "?" : duration((totalBytes - bytes) / byteRate);
        if (style == Style.BAR) {
            int width = 30;
            int filled = (int) Math.round(fraction * width);
            err.printf("\r[%s%s] %5.1f%% %,d lines  %,.0f lines/s  ETA %s  conflicts %,d rejected %,d   ",
                    "#".repeat(filled), ".".repeat(width - filled), fraction * 100, lines, rate, eta, counts.conflicts, counts.rejected);
        } else {
            err.printf("ingest %s: %.1f%% %,d lines, %,.0f lines/s, ETA %s; %s%n", file, fraction * 100, lines, rate, eta, counts);
        }
        err.flush();
    }

    /** Ends the bar's line. */
    void finish() {
        if (style == Style.BAR) {
            err.println();
            err.flush();
        }
    }

    double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s % 3600 / 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }
}
