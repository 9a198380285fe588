package io.onefold.cli.ingest;

import io.onefold.core.json.Json;
import io.onefold.service.ProfileService;
import io.onefold.service.ServiceOptions;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code onefold ingest}: CSV or NDJSON files into a data directory, or into a running server. */
@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Ingest CSV or NDJSON files of observations, in large batches, with a progress display, a rejects file and a summary.",
                "Straight into a data directory (--data, the default ./data; no server may be using it) or into a running server (--server URL).",
                "An interrupted run (Ctrl-C, a crash) resumes where it stopped when the same command is run again, without applying any line twice.",
                "",
                "CSV: a header row, then one observation per row (RFC 4180). Columns source_record_id, observed_at, profile_id and explicit are",
                "recognized by name; every other column is the attribute of its name, unless --map COLUMN=ATTRIBUTE renames it (--map COLUMN=- skips it).",
                "Cells are typed by the active template: numbers, true/false, objects and arrays as JSON text, a 'multiple' attribute as a JSON array",
                "or a ';'-separated list. An empty cell means the attribute is absent.",
                "NDJSON: one upsert body per line, as POST /profiles takes it; --source fills in a missing source and must match a present one.",
                "",
                "Exit codes: 0 done (rejected lines are in the rejects file), 1 failure, 2 unusable arguments, 130 interrupted."})
public final class IngestCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Input files (CSV or NDJSON), ingested in order.")
    List<Path> files;

    @Option(names = "--source", paramLabel = "ID", description = "The source of the observations (required for CSV).")
    String source;

    @Option(names = "--format", paramLabel = "csv|ndjson", description = "Input format (default: from the file name; .csv is CSV, anything else NDJSON).")
    String format;

    @Option(names = "--map", paramLabel = "COLUMN=ATTRIBUTE", description = "Rename a CSV column (repeatable); ATTRIBUTE '-' skips the column.")
    List<String> maps = new ArrayList<>();

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory of the embedded store (default ./data).")
    Path data;

    @Option(names = "--server", paramLabel = "URL", description = "A running server instead, e.g. http://localhost:8080 (with --client-id/--client-secret).")
    URI server;

    @Option(names = "--db", paramLabel = "JDBC_URL", description = "Straight into a PostgreSQL store instead (jdbc:postgresql://...; or ONEFOLD_DB_URL): safe beside serving nodes. User and password: --db-user / ONEFOLD_DB_USER, ONEFOLD_DB_PASSWORD.")
    String db;

    @Option(names = "--db-user", paramLabel = "USER", description = "PostgreSQL user (or ONEFOLD_DB_USER).")
    String dbUser;

    @Option(names = "--client-id", paramLabel = "ID", description = "OAuth client of the server (default: env ONEFOLD_CLIENT_ID).")
    String clientId;

    @Option(names = "--client-secret", paramLabel = "SECRET", description = "Its secret (default: env ONEFOLD_CLIENT_SECRET).")
    String clientSecret;

    @Option(names = "--org", paramLabel = "ID", description = "Organization, for --data (default: default).")
    String org = ProfileService.DEFAULT_ORGANIZATION;

    @Option(names = "--template", paramLabel = "FILE", description = "With --data: a profile template to create when the organization has none yet.")
    Path template;

    @Option(names = "--rules", paramLabel = "FILE", description = "With --data: merge rules to create when the organization has none yet.")
    Path rules;

    @Option(names = "--batch", paramLabel = "N", description = "Lines per batch, i.e. per transaction or request (default 1000, measured: 2.8x the rate of 5000 on 250,000 rows; a resumed run keeps its first size).")
    int batch = 1000;

    @Option(names = "--rejects", paramLabel = "FILE", description = "Rejects file (default: FILE.rejects.ndjson beside each input; only with one input).")
    Path rejects;

    @Option(names = "--restart", description = "Ingest from the start even if an earlier run finished or was interrupted.")
    boolean restart;

    @Option(names = "--progress", paramLabel = "auto|bar|lines|none", description = "Progress on stderr (default auto: a bar on a terminal, else a line every --progress-interval).")
    String progressStyle = "auto";

    @Option(names = "--progress-interval", paramLabel = "SECONDS", description = "Seconds between progress lines (default 10).")
    double progressInterval = 10;

    @Option(names = "--default-region", paramLabel = "REGION", description = "Region for phone numbers without a country code, for --data (default US).")
    String defaultRegion = "US";

    @Option(names = "--max-clock-skew", paramLabel = "DURATION", description = "With --data or --db: how far in the future an observed_at may be, ISO-8601 (default PT5M; a server applies its own).")
    java.time.Duration maxClockSkew = io.onefold.core.model.ObservedAtRange.DEFAULT_MAX_FUTURE_SKEW;

    @Option(names = "--write-cache-clusters", paramLabel = "N", description = "With --data: clusters the writer keeps decoded (default 100000; 0: none). A smaller cache costs reads and uses less memory, never a different result.")
    int writeCacheClusters = SqliteProfileStore.DEFAULT_CACHE_CLUSTERS;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Ingestion.Options> inputs;
        Map<String, String> renames = new LinkedHashMap<>();
        try {
            if (batch < 1 || batch > 100_000) throw new IllegalArgumentException("--batch must be between 1 and 100000");
            if (rejects != null && files.size() > 1) throw new IllegalArgumentException("--rejects names one file: use it with one input");
            if (server != null && (data != null || db != null || template != null || rules != null)) throw new IllegalArgumentException("--server cannot be combined with --data, --db, --template or --rules");
            if (db != null && data != null) throw new IllegalArgumentException("--db and --data name two different stores: choose one");
            for (String m : maps) {
                int eq = m.indexOf('=');
                if (eq <= 0 || eq == m.length() - 1) throw new IllegalArgumentException("--map '" + m + "' must be COLUMN=ATTRIBUTE");
                renames.put(m.substring(0, eq).strip(), m.substring(eq + 1).strip());
            }
            inputs = new ArrayList<>();
            for (Path f : files) {
                if (!Files.isRegularFile(f)) throw new IllegalArgumentException("no such file: " + f);
                boolean csv = format == null ? f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv") : switch (format.toLowerCase(Locale.ROOT)) {
                    case "csv" -> true;
                    case "ndjson", "jsonl" -> false;
                    default -> throw new IllegalArgumentException("--format must be csv or ndjson");
                };
                if (csv && source == null) throw new IllegalArgumentException("--source is required for CSV input (" + f + ")");
                Path r = rejects != null ? rejects : f.resolveSibling(f.getFileName() + ".rejects.ndjson");
                inputs.add(new Ingestion.Options(f, csv, source, renames, batch, r, restart));
            }
        } catch (IllegalArgumentException e) {
            err.println("onefold ingest: " + e.getMessage());
            return 2;
        }

        AtomicBoolean stop = new AtomicBoolean();
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            // Ctrl-C: finish the batch in flight, record the checkpoint, then exit
            stop.set(true);
            try {
                main.join(60_000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try (IngestTarget target = openTarget(err)) {
            long totalBytes = 0;
            for (Ingestion.Options o : inputs) totalBytes += Files.size(o.file());
            Progress.Style style = switch (progressStyle) {
                case "bar" -> Progress.Style.BAR;
                case "lines" -> Progress.Style.LINES;
                case "none" -> Progress.Style.NONE;
                default -> Progress.terminal() ? Progress.Style.BAR : Progress.Style.LINES;
            };
            long before = 0;
            int code = 0;
            for (Ingestion.Options o : inputs) {
                Progress progress = new Progress(err, style, progressInterval, totalBytes);
                Ingestion.Result r = new Ingestion(o, target, target instanceof DirectTarget d ? d.loader() : null, progress, stop).run(before);
                out.println(r.summary());
                if (r.rejectedOrConflicts() > 0) out.println("  rejected lines: " + o.rejects());
                out.flush();
                before += Files.size(o.file());
                if (r.interrupted()) {
                    code = 130;
                    break;
                }
            }
            return code;
        } catch (IOException | RuntimeException e) {
            err.println("onefold ingest: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for this thread, which is done
            }
        }
    }

    private IngestTarget openTarget(PrintWriter err) throws IOException {
        if (server != null) {
            String id = clientId != null ? clientId : System.getenv("ONEFOLD_CLIENT_ID");
            String secret = clientSecret != null ? clientSecret : System.getenv("ONEFOLD_CLIENT_SECRET");
            if (id == null || secret == null) throw new IllegalArgumentException("--server needs --client-id and --client-secret (or ONEFOLD_CLIENT_ID / ONEFOLD_CLIENT_SECRET)");
            return new ServerTarget(server, id, secret, defaultRegion);
        }
        String url = db != null ? db : data == null ? System.getenv("ONEFOLD_DB_URL") : null;
        io.onefold.store.ProfileStore store;
        if (url != null) {
            // the bulk path locks the batch's identifiers and clusters first: nodes serving the same database stay correct
            store = io.onefold.cli.PostgresFlags.open(url, dbUser, 2);
        } else {
            Path dir = data != null ? data : Path.of("data");
            Files.createDirectories(dir);
            if (writeCacheClusters < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--write-cache-clusters must be 0 or more");
            SqliteProfileStore sqlite = SqliteProfileStore.openExclusive(dir, 2, writeCacheClusters); // refused while a server (or another ingest) holds it
            sqlite.checkpointEvery(SqliteProfileStore.BULK_CHECKPOINT_PAGES);
            store = sqlite;
        }
        ProfileService service = new ProfileService(store, new ServiceOptions(defaultRegion, java.time.Instant::now).withMaxClockSkew(maxClockSkew));
        try {
            if (org.equals(ProfileService.DEFAULT_ORGANIZATION)) service.ensureDefaultOrganization();
            // values an older version stored take the current form first, or new lines would miss them
            new io.onefold.service.IdentifierMigration(service).run();
            if (template != null && service.configurations().configs(org, io.onefold.store.ConfigKind.TEMPLATE).isEmpty()) {
                service.configurations().createTemplate(org, Json.MAPPER.readTree(template.toFile()));
            }
            if (rules != null && service.configurations().configs(org, io.onefold.store.ConfigKind.RULES).isEmpty()) {
                service.configurations().createRules(org, Json.MAPPER.readTree(rules.toFile()));
            }
            return new DirectTarget(store, service, org);
        } catch (IOException | RuntimeException e) {
            service.close();
            store.close();
            throw e;
        }
    }
}
