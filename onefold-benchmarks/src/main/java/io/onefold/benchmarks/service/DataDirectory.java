package io.onefold.benchmarks.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;

/** The embedded store's directory: the marker of a complete load (for {@code --reuse}), the wipe, the file sizes. */
final class DataDirectory {
    private static final String MARKER = "svcbench.properties";

    private final Path dir;
    private final String db;

    DataDirectory(Path dir, String db) {
        this.dir = dir;
        this.db = db;
    }

    /** The number of profiles of the complete load the directory holds, -1 if none. */
    int loadedSize() {
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

    /** Marks the directory as holding a complete load of {@code profiles}, for a later {@code --reuse}. */
    void markLoaded(int profiles) throws IOException {
        Properties p = new Properties();
        p.setProperty("profiles", String.valueOf(profiles));
        // with --db the store lives elsewhere and nothing else made the directory
        Files.createDirectories(dir);
        try (var w = Files.newBufferedWriter(dir.resolve(MARKER))) {
            p.store(w, "ServiceThroughput: a complete load");
        }
    }

    /** Empties the directory; refuses when it holds anything but the store's files and the marker. */
    void wipe() throws IOException {
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

    /** Prints the store's file sizes (the embedded store only). */
    void sizes(String when) {
        if (db != null) return;
        try (Stream<Path> s = Files.list(dir)) {
            StringBuilder b = new StringBuilder("files " + when + ":");
            for (Path p : s.sorted().toList()) b.append(String.format(Locale.ROOT, " %s %,d MB;", p.getFileName(), Files.size(p) >> 20));
            System.out.println(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
