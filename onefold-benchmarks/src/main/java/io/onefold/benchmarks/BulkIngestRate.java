package io.onefold.benchmarks;

import io.onefold.cli.OnefoldCommand;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Bulk ingestion rate, and the ceiling it is measured against.
 *
 * <h2>The question</h2>
 * Issue #7: how many CRM records per second does {@code onefold ingest} write into the embedded store (target: at
 * least 50,000/s for 1,000,000 generated rows), and what share of the store's own ceiling is that? The ceiling is
 * measured in the same run: the very rows the ingest wrote (profiles, identifier entries, records, change events),
 * inserted again into a fresh store of the same schema with plain batched prepared statements, in as many durable
 * transactions as the ingest committed, in the order the ingest wrote them — no parsing, no engine, no JSON.
 *
 * <h2>Command</h2>
 * <pre>
 * mvn -B -q -DskipTests install
 * java -Xmx4g -cp onefold-benchmarks/target/benchmarks.jar io.onefold.benchmarks.BulkIngestRate --rows 1000000
 * </pre>
 * Options: {@code --rows N} (generated CRM rows, default 1,000,000), {@code --csv FILE} (ingest this CSV instead, e.g.
 * {@code ./onefold generate}'s crm.csv), {@code --dir DIR} (work directory, wiped; default target/bulk-bench),
 * {@code --batch N} (lines per transaction, default 1000). Run from the repository root (it reads examples/retail).
 */
public final class BulkIngestRate {

    private BulkIngestRate() {}

    public static void main(String[] args) throws Exception {
        int rows = 1_000_000;
        Path csv = null;
        Path dir = Path.of("target", "bulk-bench");
        int batch = 1000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--csv" -> csv = Path.of(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: BulkIngestRate [--rows N | --csv FILE] [--dir DIR] [--batch N]");
                    System.exit(2);
                }
            }
        }
        delete(dir);
        Files.createDirectories(dir);
        if (csv == null) {
            csv = dir.resolve("crm.csv");
            long t = System.nanoTime();
            write(csv, rows);
            System.out.printf(Locale.ROOT, "generated %,d CRM rows (%,d bytes) in %.1f s%n", rows, Files.size(csv), (System.nanoTime() - t) / 1e9);
        }
        System.out.println("load average before: " + Files.readString(Path.of("/proc/loadavg")).trim());

        Path data = dir.resolve("data");
        StringWriter out = new StringWriter();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        int code = OnefoldCommand.execute(new PrintWriter(out, true), new PrintWriter(System.err, true), "ingest", "--data", data.toString(),
                "--template", "examples/retail/omnichannel-template.json", "--rules", "examples/retail/omnichannel-rules.json",
                "--source", "salesforce_crm", "--batch", Integer.toString(batch), "--progress", "lines", "--progress-interval", "10", csv.toString());
        double ingestSeconds = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
        System.out.print(out);
        if (code != 0) throw new IllegalStateException("ingest failed with exit code " + code);
        long lines = countLines(csv) - 1;
        double ingestRate = lines / ingestSeconds;
        System.out.printf(Locale.ROOT, "INGEST %,d lines in %.1f s = %,.0f records/s (wall, JVM start excluded); process CPU %.1f s = %.0f µs per record (%.2f cores)%n",
                lines, ingestSeconds, ingestRate, cpuSeconds, cpuSeconds * 1e6 / lines, cpuSeconds / ingestSeconds);
        System.out.println("load average after ingest: " + Files.readString(Path.of("/proc/loadavg")).trim());

        Path raw = dir.resolve("raw");
        SqliteProfileStore.open(raw, 1).close(); // the same schema, migrated
        long transactions = (lines + batch - 1) / batch;
        Ceiling c = ceiling(data.resolve("onefold.db"), raw.resolve("onefold.db"), transactions);
        double rawRate = lines / c.seconds();
        System.out.printf(Locale.ROOT, "RAW %,d rows (%s) in %d transactions: %.1f s of inserts = %,.0f rows/s = %,.0f records/s%n",
                c.rows(), c.perTable(), transactions, c.seconds(), c.rows() / c.seconds(), rawRate);
        System.out.printf(Locale.ROOT, "RESULT ingest_records_per_s=%.0f raw_records_per_s=%.0f ratio=%.2f rows_per_record=%.2f%n",
                ingestRate, rawRate, ingestRate / rawRate, (double) c.rows() / lines);
        System.out.println("load average at the end: " + Files.readString(Path.of("/proc/loadavg")).trim());
    }

    /** The first {@code rows} rows of {@code onefold generate}'s crm.csv (seed 42): realistic CRM records, identifiers unique per customer. */
    static void write(Path csv, int rows) throws IOException {
        io.onefold.cli.generate.DatasetWriter.writeCrm(
                new io.onefold.cli.generate.SyntheticPopulation(42, java.time.Instant.parse("2026-11-01T00:00:00Z")), rows, csv);
    }

    record Ceiling(long rows, double seconds, String perTable) {}

    /** Inserts the ingested rows into {@code target} in {@code transactions} durable transactions; times the inserts and commits only. */
    static Ceiling ceiling(Path source, Path target, long transactions) throws SQLException {
        // each table in the order the ingest wrote it: profiles by time-ordered id, the rest by owning profile
        String[][] tables = {
                {"profiles", "SELECT org, id, status, survivor_id, absorbed, created_at, updated_at, version, identity, golden FROM profiles ORDER BY org, id", "10"},
                {"identifiers", "SELECT org, attribute, value, profile_id, kind FROM identifiers INDEXED BY identifiers_by_profile ORDER BY org, profile_id", "5"},
                {"shared_identifiers", "SELECT org, attribute, value, profile_id FROM shared_identifiers INDEXED BY shared_identifiers_by_profile ORDER BY org, profile_id", "4"},
                {"records", "SELECT org, source, record_key, profile_id, body FROM records INDEXED BY records_by_profile ORDER BY org, profile_id", "5"},
                {"changes", "SELECT position, org, profile_id, type, at, payload FROM changes ORDER BY position", "6"},
        };
        try (Connection in = DriverManager.getConnection("jdbc:sqlite:" + source.toAbsolutePath());
             Connection out = DriverManager.getConnection("jdbc:sqlite:" + target.toAbsolutePath())) {
            try (Statement st = out.createStatement()) {
                // the store's writer settings: WAL, durable commits, its page cache
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=FULL");
                st.execute("PRAGMA cache_size=-262144");
                st.execute("DELETE FROM organizations");
            }
            out.setAutoCommit(false);
            try (Statement st = out.createStatement()) {
                st.execute("INSERT INTO organizations (id, name, created_at) SELECT 'default', 'Default organization', '2026-11-28T00:00:00Z'");
            }
            out.commit();
            long[] totals = new long[tables.length];
            List<ResultSet> cursors = new ArrayList<>();
            List<PreparedStatement> inserts = new ArrayList<>();
            for (int t = 0; t < tables.length; t++) {
                try (Statement st = in.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + tables[t][0])) {
                    totals[t] = rs.getLong(1);
                }
                cursors.add(in.createStatement().executeQuery(tables[t][1]));
                int n = Integer.parseInt(tables[t][2]);
                inserts.add(out.prepareStatement("INSERT INTO " + tables[t][0] + " VALUES (" + "?,".repeat(n - 1) + "?)"));
            }
            long rows = 0;
            long nanos = 0;
            Object[][] buffer = new Object[0][];
            for (long k = 0; k < transactions; k++) {
                List<Object[]>[] pending = new List[tables.length];
                for (int t = 0; t < tables.length; t++) {
                    long share = totals[t] * (k + 1) / transactions - totals[t] * k / transactions;
                    pending[t] = new ArrayList<>();
                    int n = Integer.parseInt(tables[t][2]);
                    ResultSet rs = cursors.get(t);
                    for (long i = 0; i < share && rs.next(); i++) {
                        Object[] row = new Object[n];
                        for (int c = 0; c < n; c++) row[c] = rs.getObject(c + 1);
                        pending[t].add(row);
                    }
                }
                long start = System.nanoTime();
                for (int t = 0; t < tables.length; t++) {
                    PreparedStatement ps = inserts.get(t);
                    for (Object[] row : pending[t]) {
                        for (int c = 0; c < row.length; c++) ps.setObject(c + 1, row[c]);
                        ps.addBatch();
                        rows++;
                    }
                    ps.executeBatch();
                }
                out.commit();
                nanos += System.nanoTime() - start;
            }
            StringBuilder per = new StringBuilder();
            for (int t = 0; t < tables.length; t++) per.append(t == 0 ? "" : ", ").append(tables[t][0]).append(' ').append(String.format(Locale.ROOT, "%,d", totals[t]));
            return new Ceiling(rows, nanos / 1e9, per.toString());
        }
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static long countLines(Path file) throws IOException {
        long n = 0;
        try (var in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int r;
            while ((r = in.read(buf)) > 0) for (int i = 0; i < r; i++) if (buf[i] == '\n') n++;
        }
        return n;
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
