package io.onefold.cli;

import io.onefold.server.OnefoldServer;
import io.onefold.server.ServerConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code onefold aot-training} (hidden): the workload the launcher runs once per build under JDK 25's
 * {@code -XX:AOTCacheOutput} (docs/configuration.md, "Ahead-of-time cache"). The JVM records which classes the
 * workload loads and how its hot methods behave; later runs start with those classes loaded and linked and the JIT
 * compiles the hot paths from the first requests on, instead of after tens of seconds of interpreted and C1 code.
 *
 * <p>The workload is a deployment's, not a benchmark's: generated customers ({@code generate}) go through HTTP upserts
 * of their chat and IVR records, reads by id and by identifier, and a bulk {@code ingest} of their CRM export, in a
 * temporary directory deleted afterwards. What it trains changes no result, only how soon code is compiled.
 */
@Command(name = "aot-training", hidden = true, mixinStandardHelpOptions = true,
        description = "The launcher's training run for the JVM's ahead-of-time cache (JDK 25+): serves and ingests generated customers in a temporary directory.")
public final class AotTrainingCommand implements Callable<Integer> {
    @Option(names = "--customers", defaultValue = "4000", paramLabel = "N", description = "Generated customers (default ${DEFAULT-VALUE}).")
    int customers;

    @Option(names = "--seconds", defaultValue = "20", paramLabel = "S", description = "Seconds of HTTP traffic (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--clients", defaultValue = "32", paramLabel = "N", description = "Concurrent HTTP clients (default ${DEFAULT-VALUE}).")
    int clients;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path tmp = Files.createTempDirectory("onefold-aot-training");
        PrintWriter quiet = new PrintWriter(Writer.nullWriter());
        PrintStream silent = new PrintStream(OutputStream.nullOutputStream());
        try {
            Path gen = tmp.resolve("generated");
            if (OnefoldCommand.execute(quiet, quiet, "generate", "--customers", Integer.toString(customers), "--out", gen.toString()) != 0) {
                throw new IllegalStateException("generate failed");
            }
            String clientId = "aot-training";
            String secret = UUID.randomUUID().toString();
            OnefoldServer server = OnefoldServer.start(ServerConfig.defaults().withHost("127.0.0.1").withPort(0)
                    .withDataDirectory(tmp.resolve("served")).withBootstrap(clientId, secret), silent);
            try {
                TrainingTraffic traffic = new TrainingTraffic("http://127.0.0.1:" + server.port(), clientId, secret);
                traffic.configure(Files.readString(gen.resolve("template.json")), Files.readString(gen.resolve("rules.json")));
                List<String> bodies = new ArrayList<>();
                for (String file : List.of("chat.ndjson", "ivr.ndjson")) {
                    try (Stream<String> lines = Files.lines(gen.resolve(file))) {
                        lines.filter(l -> !l.isBlank()).forEach(bodies::add);
                    }
                }
                traffic.run(bodies, clients, Duration.ofSeconds(seconds));
                out.println("aot-training: HTTP: " + traffic.summary());
            } finally {
                server.stop(Duration.ofSeconds(5), silent);
            }
            int ingested = OnefoldCommand.execute(quiet, quiet, "ingest", "--data", tmp.resolve("ingested").toString(),
                    "--template", gen.resolve("template.json").toString(), "--rules", gen.resolve("rules.json").toString(),
                    "--source", "salesforce_crm", gen.resolve("crm.csv").toString());
            if (ingested != 0) throw new IllegalStateException("ingest failed with exit code " + ingested);
            out.println("aot-training: ingested the CRM export of " + customers + " customers");
            return 0;
        } finally {
            delete(tmp);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
