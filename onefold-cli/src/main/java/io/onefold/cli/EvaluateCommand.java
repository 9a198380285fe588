package io.onefold.cli;

import io.onefold.cli.generate.GroundTruthCheck;
import io.onefold.cli.generate.MergeQuality;
import io.onefold.store.ProfileStore;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code onefold evaluate}: precision and recall of the merges against a generator's ground truth. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Score the profiles in a data directory against the ground truth written by 'onefold generate'.",
                "Pairwise precision (no profile mixes two customers) and recall (no customer split over profiles), over source records.",
                "Reads the store only: it can run beside a serving Onefold."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:scored (and exact, with --require-exact)", "1:--require-exact and the profiles differ from the truth", "2:unusable arguments"})
public final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--truth", required = true, paramLabel = "truth.ndjson", description = "The generator's ground truth.")
    Path truth;

    @Option(names = "--data", defaultValue = "data", paramLabel = "DIR", description = "Data directory of the embedded store (default ./${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--db", paramLabel = "JDBC_URL", description = "A PostgreSQL store instead (jdbc:postgresql://...); user from --db-user, password from ONEFOLD_DB_PASSWORD.")
    String db;

    @Option(names = "--db-user", paramLabel = "USER", description = "PostgreSQL user (or ONEFOLD_DB_USER).")
    String dbUser;

    @Option(names = "--organization", defaultValue = "default", paramLabel = "ORG", description = "Organization (default ${DEFAULT-VALUE}).")
    String organization;

    @Option(names = "--require-exact", description = "Exit 1 unless every customer is exactly one profile and no record is missing.")
    boolean requireExact;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        var err = spec.commandLine().getErr();
        if (!Files.isRegularFile(truth)) {
            err.println("onefold evaluate: cannot read " + truth);
            return 2;
        }
        if (db == null && !Files.isRegularFile(data.resolve("onefold.db"))) {
            err.println("onefold evaluate: " + data + " holds no Onefold store (onefold.db)");
            return 2;
        }
        MergeQuality q;
        try (ProfileStore store = db != null
                ? PostgresFlags.open(db, dbUser, 2)
                : SqliteProfileStore.open(data, 2);
             BufferedReader in = Files.newBufferedReader(truth, StandardCharsets.UTF_8)) {
            q = GroundTruthCheck.score(in, GroundTruthCheck.inStore(store, organization));
        }
        var out = spec.commandLine().getOut();
        out.println("onefold evaluate: " + q.summary());
        if (!q.mixedExamples().isEmpty()) out.println("  profiles mixing customers, e.g.: " + String.join(", ", q.mixedExamples()));
        if (!q.splitExamples().isEmpty()) out.println("  customers split over profiles, e.g.: " + String.join(", ", q.splitExamples()));
        out.flush();
        return requireExact && !q.exact() ? 1 : 0;
    }
}
