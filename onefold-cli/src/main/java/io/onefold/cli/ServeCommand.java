package io.onefold.cli;

import io.onefold.server.OnefoldServer;
import io.onefold.server.ServerConfig;
import io.onefold.service.WebhookAddressPolicy;
import io.onefold.store.ProfileStore;
import io.onefold.store.postgres.PostgresProfileStore;
import io.onefold.store.sqlite.DataDirectoryLock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code onefold serve}: the REST API on the embedded store. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the Customer Profile REST API.",
                "Each setting comes from its flag, else the environment (ONEFOLD_PORT...), else --config FILE (port=8080...), else its default."})
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (default 8080; 0 picks a free one).")
    String port;

    @Option(names = "--host", paramLabel = "HOST", description = "Interface to listen on (default 0.0.0.0).")
    String host;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory of the embedded store (default ./data).")
    String data;

    @Option(names = "--db", paramLabel = "JDBC_URL", description = "A PostgreSQL store instead of the embedded one (jdbc:postgresql://HOST:PORT/DB); any number of nodes may share it.")
    String db;

    @Option(names = "--db-user", paramLabel = "USER", description = "PostgreSQL user (or ONEFOLD_DB_USER).")
    String dbUser;

    @Option(names = "--db-password", paramLabel = "PASSWORD", description = "PostgreSQL password (better: ONEFOLD_DB_PASSWORD, which no process listing shows).")
    String dbPassword;

    @Option(names = "--db-pool", paramLabel = "N", description = "PostgreSQL read connections of this node (default 8).")
    String dbPool;

    @Option(names = "--db-writers", paramLabel = "N", description = "PostgreSQL write sessions of this node, each with group commit (default 4).")
    String dbWriters;

    @Option(names = "--config", paramLabel = "FILE", description = "A properties file of settings (port, host, data, db, db-user, db-password, db-pool, db-writers, max-body-bytes, token-ttl, rate-limit, rate-burst, virtual-threads, default-region, webhooks-allow-private, webhooks-allow-cidrs, max-clock-skew, drain-timeout, write-cache-clusters, read-cache-profiles).")
    Path configFile;

    @Option(names = "--max-body-bytes", paramLabel = "N", description = "Largest request body (default 1048576).")
    String maxBodyBytes;

    @Option(names = "--token-ttl", paramLabel = "DURATION", description = "Access-token lifetime, ISO-8601 (default PT1H).")
    String tokenTtl;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", description = "On SIGTERM, how long requests in flight may take to finish before their connections close, ISO-8601 (default PT30S).")
    String drainTimeout;

    @Option(names = "--rate-limit", paramLabel = "PER_SECOND", description = "Requests per second per client (default 0: unlimited).")
    String rateLimit;

    @Option(names = "--rate-burst", paramLabel = "N", description = "Burst size per client (default: 2 x the rate).")
    String rateBurst;

    @Option(names = "--virtual-threads", paramLabel = "true|false", description = "Serve HTTP on virtual threads (default true: measured more upserts per second at less CPU each; false: a platform thread pool).")
    String virtualThreads;

    @Option(names = "--write-cache-clusters", paramLabel = "N", description = "Clusters the embedded store's writer keeps decoded (default 100000; 0: none). A smaller cache costs reads, never a different result.")
    String writeCacheClusters;

    @Option(names = "--read-cache-profiles", paramLabel = "N", description = "Profiles kept rendered for reads on the embedded store (default 100000; 0: none). A smaller cache costs reads, never a different answer.")
    String readCacheProfiles;

    @Option(names = "--default-region", paramLabel = "REGION", description = "Region for phone numbers without a country code (default US).")
    String defaultRegion;

    @Option(names = "--max-clock-skew", paramLabel = "DURATION", description = "How far in the future an observed_at may be, ISO-8601 (default PT5M).")
    String maxClockSkew;

    @Option(names = "--webhooks-allow-private", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            description = "Let webhooks reach loopback, link-local and private addresses (default false: public addresses only).")
    String webhooksAllowPrivate;

    @Option(names = "--webhooks-allow-cidrs", paramLabel = "CIDR[,CIDR...]", description = "Private networks webhooks may reach all the same, e.g. 10.20.0.0/16 (default none).")
    String webhooksAllowCidrs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        var err = spec.commandLine().getErr();
        Settings s;
        ServerConfig config;
        String dbUrl;
        int dbPoolSize;
        int dbWriterCount;
        Duration drain;
        try {
            s = new Settings(configFile, System.getenv());
            dbUrl = s.get("db-url", db, s.get("db", null, null));
            if (dbUrl != null && !dbUrl.startsWith("jdbc:postgresql://")) {
                err.println("onefold serve: --db must be a PostgreSQL JDBC URL, jdbc:postgresql://HOST:PORT/DB (got " + dbUrl.replaceAll("password=[^&]*", "password=***") + ")");
                return 2;
            }
            dbUser = s.get("db-user", dbUser, null);
            dbPassword = s.get("db-password", dbPassword, null);
            dbPoolSize = Integer.parseInt(s.get("db-pool", dbPool, "8"));
            dbWriterCount = Integer.parseInt(s.get("db-writers", dbWriters, Integer.toString(PostgresProfileStore.DEFAULT_WRITERS)));
            double rate = Double.parseDouble(s.get("rate-limit", rateLimit, "0"));
            drain = Duration.parse(s.get("drain-timeout", drainTimeout, OnefoldServer.DEFAULT_DRAIN.toString()));
            if (drain.isNegative()) throw new IllegalArgumentException("--drain-timeout must not be negative");
            config = ServerConfig.defaults()
                    .withPort(Integer.parseInt(s.get("port", port, "8080")))
                    .withHost(s.get("host", host, "0.0.0.0"))
                    .withDataDirectory(Path.of(s.get("data", data, "data")))
                    .withMaxBodyBytes(Long.parseLong(s.get("max-body-bytes", maxBodyBytes, Long.toString(1L << 20))))
                    .withTokenTtl(Duration.parse(s.get("token-ttl", tokenTtl, "PT1H")))
                    .withRateLimit(rate, Integer.parseInt(s.get("rate-burst", rateBurst, Long.toString(Math.max(1, Math.round(rate * 2))))))
                    .withVirtualThreads(Boolean.parseBoolean(s.get("virtual-threads", virtualThreads, "true")))
                    .withDefaultRegion(s.get("default-region", defaultRegion, "US"))
                    .withMaxClockSkew(Duration.parse(s.get("max-clock-skew", maxClockSkew, "PT5M")))
                    .withWriteCacheClusters(Integer.parseInt(s.get("write-cache-clusters", writeCacheClusters,
                            Integer.toString(io.onefold.store.sqlite.SqliteProfileStore.DEFAULT_CACHE_CLUSTERS))))
                    .withReadCacheProfiles(Integer.parseInt(s.get("read-cache-profiles", readCacheProfiles,
                            Integer.toString(io.onefold.service.ServiceOptions.DEFAULT_READ_CACHE_PROFILES))))
                    .withWebhookAddresses(new WebhookAddressPolicy(Boolean.parseBoolean(s.get("webhooks-allow-private", webhooksAllowPrivate, "false")),
                            Arrays.stream(s.get("webhooks-allow-cidrs", webhooksAllowCidrs, "").split(",")).map(String::trim).filter(c -> !c.isEmpty()).toList(),
                            WebhookAddressPolicy.SYSTEM_RESOLVER))
                    .withBootstrap(System.getenv("ONEFOLD_BOOTSTRAP_CLIENT_ID"), System.getenv("ONEFOLD_BOOTSTRAP_CLIENT_SECRET"));
        } catch (RuntimeException e) {
            err.println("onefold serve: " + e.getMessage());
            return 2;
        }
        OnefoldServer server;
        String where;
        if (dbUrl == null) {
            try {
                server = OnefoldServer.start(config, System.out);
            } catch (DataDirectoryLock.InUseException e) {
                err.println("onefold serve: " + e.getMessage());
                return 1;
            }
            where = "data in " + config.dataDirectory().toAbsolutePath();
        } else {
            ProfileStore store;
            try {
                store = PostgresProfileStore.open(dbUrl, dbUser, dbPassword, dbPoolSize, dbWriterCount);
            } catch (RuntimeException e) {
                err.println("onefold serve: cannot open the PostgreSQL store at " + dbUrl.replaceAll("\\?.*", "") + ": " + rootMessage(e));
                return 1;
            }
            server = OnefoldServer.start(config, store, System.out);
            where = "PostgreSQL " + dbUrl.replaceAll("\\?.*", "");
        }
        System.out.println("Onefold: serving http://" + (config.host().equals("0.0.0.0") ? "localhost" : config.host()) + ":" + server.port()
                + OnefoldServer.API + " (" + where + ")");
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM (or Ctrl-C): stop accepting, let requests in flight finish and commit, then exit
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(drain, System.out);
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage();
    }
}
