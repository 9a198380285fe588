package io.onefold.cli;

import io.onefold.cli.demo.Demo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code onefold demo}: the whole product on realistic data, in one command. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        // one sentence per line: the command list of 'onefold --help' shows the first line alone
        description = {"Run Onefold end to end on generated customers: load them, check the merges, serve the API.",
                "Generates customers for a CRM, web chat and a voice IVR, loads them into a fresh data directory with the omnichannel "
                        + "template and rules, checks the merges against the ground truth, serves the API and prints what to try."})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--customers", defaultValue = "10000", paramLabel = "N", description = "True customers to generate (default ${DEFAULT-VALUE}).")
    int customers;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "SEED", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--dir", defaultValue = "onefold-demo", paramLabel = "DIR",
            description = "Where the generated files and the data go (default ./${DEFAULT-VALUE}); an earlier demo's directory is replaced.")
    Path dir;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT", description = "HTTP port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST", description = "Interface to listen on (default ${DEFAULT-VALUE}: this machine only).")
    String host;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        var err = spec.commandLine().getErr();
        if (customers < 100 || customers > 5_000_000) {
            err.println("onefold demo: --customers must be between 100 and 5000000");
            return 2;
        }
        Demo demo;
        try {
            demo = Demo.start(dir, customers, seed, host, port, spec.commandLine().getOut());
        } catch (IllegalArgumentException e) {
            err.println("onefold demo: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            if (!(rootCause(e) instanceof java.net.BindException)) throw e;
            err.println("onefold demo: cannot listen on " + host + ":" + port + " (" + rootCause(e).getMessage() + "): choose another --port");
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            demo.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t;
    }
}
