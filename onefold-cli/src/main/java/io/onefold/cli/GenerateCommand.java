package io.onefold.cli;

import io.onefold.cli.generate.DatasetWriter;
import io.onefold.cli.generate.SyntheticPopulation;
import io.onefold.core.schema.Instants;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code onefold generate}: synthetic CRM, chat and IVR exports of N customers, with the ground truth. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generate realistic synthetic data for three sources (CRM CSV, web chat and IVR NDJSON) with known ground truth.",
                "Deterministic: the same --customers, --seed and --as-of write byte-identical files.",
                "Load crm.csv, then ivr.ndjson, then chat.ndjson; score the result with 'onefold evaluate'."})
public final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--customers", defaultValue = "10000", paramLabel = "N", description = "True customers to generate (default ${DEFAULT-VALUE}).")
    int customers;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "SEED", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--as-of", defaultValue = "2026-11-01T00:00:00Z", paramLabel = "INSTANT",
            description = "When the exports were taken: every observation is before it (default ${DEFAULT-VALUE}).")
    String asOf;

    @Option(names = "--out", defaultValue = "generated", paramLabel = "DIR", description = "Directory to write into (default ./${DEFAULT-VALUE}).")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        var err = spec.commandLine().getErr();
        if (customers < 1 || customers > 30_000_000) {
            err.println("onefold generate: --customers must be between 1 and 30000000");
            return 2;
        }
        Instant at = Instants.parseInstant(asOf).orElse(null);
        if (at == null) {
            err.println("onefold generate: --as-of must be an ISO-8601 instant such as 2026-11-01T00:00:00Z");
            return 2;
        }
        long started = System.nanoTime();
        var counts = DatasetWriter.write(new SyntheticPopulation(seed, at), customers, seed, at, out);
        double seconds = (System.nanoTime() - started) / 1e9;
        var o = spec.commandLine().getOut();
        o.printf("onefold generate: %,d customers, %,d records (crm.csv %,d rows, ivr.ndjson %,d, chat.ndjson %,d) in %s (%.1f s)%n",
                counts.customers(), counts.records(), counts.crmRows(), counts.calls(), counts.chats(), out, seconds);
        o.flush();
        return 0;
    }
}
