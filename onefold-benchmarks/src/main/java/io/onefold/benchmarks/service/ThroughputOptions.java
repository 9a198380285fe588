package io.onefold.benchmarks.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The command line of {@link io.onefold.benchmarks.ServiceThroughput}, with its defaults (the class's Javadoc lists them). */
public final class ThroughputOptions {
    final int profiles;
    final int threads;
    final int readThreads;
    final int readConnections;
    final Path dir;
    final boolean reuse;
    final int window;
    final int warmup;
    final int rounds;
    final int roundSeconds;
    final int readSeconds;
    final double zipf;
    final long seed;
    final List<String> phases;
    final Path examples;
    final String db;
    final String dbUser;
    final int nodes;
    final int writers;

    public ThroughputOptions(Map<String, String> o) {
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

    private static Path findExamples() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("examples/retail");
            if (Files.isDirectory(candidate)) return candidate;
        }
        throw new IllegalStateException("examples/retail not found above the working directory; pass --examples");
    }
}
