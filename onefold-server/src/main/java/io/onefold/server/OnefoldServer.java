package io.onefold.server;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.compression.Gzip;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.onefold.core.json.Json;
import io.onefold.core.schema.IdentifierNormalizer;
import io.onefold.service.AccessService;
import io.onefold.service.IdentifierMigration;
import io.onefold.service.Permission;
import io.onefold.service.ProfileService;
import io.onefold.service.ServiceOptions;
import io.onefold.store.ApiClient;
import io.onefold.store.ConfigKind;
import io.onefold.store.Job;
import io.onefold.store.ProfileStore;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Customer Profile REST API. Every route is declared in {@link #routes}, grouped by path, pointing at a
 * controller method; handlers throw domain exceptions and {@link ApiErrors} turns them into responses.
 */
public final class OnefoldServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnefoldServer.class);
    public static final String API = "/api/v2/customer-profile";
    /** How long a stopping server lets requests in flight finish ({@code --drain-timeout}). */
    public static final Duration DEFAULT_DRAIN = Duration.ofSeconds(30);
    private EventsController events;
    private final GracefulHandler graceful = new GracefulHandler();

    private final ServerConfig config;
    private final ProfileStore store;
    private final ProfileService service;
    private final boolean ownsService;
    private final HttpMetrics metrics = new HttpMetrics();
    private final Supplier<Instant> clock;
    private final TokenIssuer tokens;
    private final RateLimiter limiter;
    private final ConcurrentHashMap<String, CachedClient> clients = new ConcurrentHashMap<>();
    private final Javalin app;
    private final String openApi;
    private final JvmMetrics jvm = new JvmMetrics(metrics.registry);
    private final JobMetrics jobs;

    private record CachedClient(Optional<ApiClient> client, Instant loadedAt) {}

    private OnefoldServer(ServerConfig config, ProfileStore store, ProfileService service, boolean ownsService) {
        this.config = config;
        this.store = store;
        this.service = service;
        this.ownsService = ownsService;
        // cached profiles are the bytes this server would render: served as they are
        service.queries().renderWith(JsonBytes::of);
        // what tokens, rate limits and the client cache read: the service's clock when the server owns the service (a
        // test's clock reaches both); beside an embedder's service, the system clock
        this.clock = ownsService ? service.clock() : Instant::now;
        this.tokens = new TokenIssuer(service.access(), config.tokenTtl(), clock);
        this.limiter = new RateLimiter(config.rateLimitPerSecond(), config.rateLimitBurst(), clock);
        this.openApi = resource("/openapi.json");
        // the writer's and webhook delivery's meters, published with this server's
        service.meters().add(metrics.registry);
        this.jobs = new JobMetrics(service, metrics.registry);
        this.app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.http.maxRequestSize = config.maxBulkBytes();
            // gzip from about one packet on; Requests.respond writes smaller answers past the compressing stream
            CompressionStrategy compression = new CompressionStrategy(null, new Gzip());
            compression.setDefaultMinSizeForCompression(Requests.MIN_COMPRESSED_BYTES);
            c.http.compressionStrategy = compression;
            c.jetty.host = config.host();
            c.jetty.port = config.port();
            if (config.virtualThreads()) {
                c.concurrency.useVirtualThreads = true;
            } else {
                QueuedThreadPool pool = new QueuedThreadPool(200, 8, 60_000);
                pool.setName("onefold-http");
                c.jetty.threadPool = pool;
            }
            c.jetty.modifyServer(server -> {
                // what Jetty refuses before a route runs (URI, header sizes) answers in the API's error shape too
                server.setErrorHandler(new JettyErrors());
                // counts the requests in flight, so that stopping waits for them (see stop)
                server.insertHandler(graceful);
            });
            c.routes.exception(Exception.class, ApiErrors::handle);
            c.routes.error(404, "*", ctx -> {
                String type = ctx.res().getContentType();
                if (type == null || !type.startsWith("application/json")) ApiErrors.write(ctx, 404, "NOT_FOUND", "no such route: " + ctx.method() + " " + ctx.path(), java.util.List.of(), null);
            });
            c.routes.error(405, "*", ctx -> ApiErrors.write(ctx, 405, "METHOD_NOT_ALLOWED", "method not allowed", java.util.List.of(), null));
            Long maxBodyBytes = config.maxBodyBytes(); // boxed once, not per request
            c.routes.before(ctx -> {
                Requests.id(ctx);
                ctx.attribute(Requests.MAX_BODY, maxBodyBytes);
            });
            c.routes.before(API + "/*", this::authenticate);
            routes(c.routes);
        });
    }

    /** Opens the embedded store in the configured data directory, bootstraps it, and starts serving. */
    public static OnefoldServer start(ServerConfig config, PrintStream announcements) {
        return start(config, announcements, Instant::now);
    }

    /** As {@link #start(ServerConfig, PrintStream)}, reading the time from {@code clock} (a test moves it instead of sleeping). */
    static OnefoldServer start(ServerConfig config, PrintStream announcements, Supplier<Instant> clock) {
        return start(config, SqliteProfileStore.openExclusive(config.dataDirectory(), Math.max(4, Runtime.getRuntime().availableProcessors() * 2), config.writeCacheClusters()), announcements, clock);
    }

    /** Serves on the given store (the PostgreSQL store of a multi-node deployment), bootstrapping it; owns and closes it. */
    public static OnefoldServer start(ServerConfig config, ProfileStore store, PrintStream announcements) {
        return start(config, store, announcements, Instant::now);
    }

    private static OnefoldServer start(ServerConfig config, ProfileStore store, PrintStream announcements, Supplier<Instant> clock) {
        // microseconds: what PostgreSQL's timestamptz keeps, so that an answer and a later read show the same instant
        ProfileService service = new ProfileService(store, new ServiceOptions(config.defaultRegion(),
                () -> clock.get().truncatedTo(java.time.temporal.ChronoUnit.MICROS)).withMaxClockSkew(config.maxClockSkew())
                .withWebhookAddresses(config.webhookAddresses()).withReadCacheProfiles(config.readCacheProfiles()));
        try {
            bootstrap(service, config, announcements);
            migrateIdentifiers(service, announcements);
            OnefoldServer server = new OnefoldServer(config, store, service, true);
            server.app.start();
            return server;
        } catch (RuntimeException e) {
            // a port in use, say: release the store (and the data directory's lock) for the next attempt
            service.close();
            store.close();
            throw e;
        }
    }

    /** Serves an existing service (tests, embedding). */
    public static OnefoldServer start(ServerConfig config, ProfileService service) {
        OnefoldServer server = new OnefoldServer(config, service.store(), service, false);
        server.app.start();
        return server;
    }

    /**
     * First start on an empty store: the default organization and an admin client — from
     * ONEFOLD_BOOTSTRAP_CLIENT_ID / _SECRET when set, otherwise generated and printed once.
     */
    static void bootstrap(ProfileService service, ServerConfig config, PrintStream out) {
        if (!service.ensureDefaultOrganization()) return;
        AccessService.IssuedClient admin = service.access().createClient(ProfileService.DEFAULT_ORGANIZATION,
                config.bootstrapClientId() == null ? "onefold-admin" : config.bootstrapClientId(), config.bootstrapClientSecret(),
                Set.of(Permission.READ, Permission.WRITE, Permission.ADMIN), Set.of("*"), java.util.List.of());
        out.println("Onefold: created organization '" + ProfileService.DEFAULT_ORGANIZATION + "' and admin client '" + admin.client().clientId() + "'");
        if (config.bootstrapClientSecret() == null) {
            out.println("Onefold: admin client secret (shown once, store it now): " + admin.secret());
        }
    }

    /**
     * Before serving: identifier values an older version stored are brought to the current normalization rules
     * (once per rules version; merge candidates are reported, never merged). See {@link IdentifierMigration}.
     */
    static void migrateIdentifiers(ProfileService service, PrintStream out) {
        for (Job job : new IdentifierMigration(service).run()) {
            long changed = job.result().path("profiles_changed").asLong();
            long candidates = job.result().path("merge_candidates_total").asLong();
            if (changed == 0 && candidates == 0) continue;
            out.println("Onefold: identifier normalization v" + IdentifierNormalizer.VERSION + " of organization '" + job.organization() + "': "
                    + changed + " profiles rewritten, " + candidates + " merge candidates (GET /jobs/" + job.id() + ")");
        }
    }

    public int port() {
        return app.port();
    }

    public ProfileService service() {
        return service;
    }

    private void routes(io.javalin.config.RoutesConfig r) {
        ProfileController profiles = new ProfileController(service, metrics, config.maxBodyBytes());
        ConfigController templates = new ConfigController(service, ConfigKind.TEMPLATE);
        ConfigController rules = new ConfigController(service, ConfigKind.RULES);
        MatchReviewController reviews = new MatchReviewController(service);
        AccessController access = new AccessController(service, tokens, new LoginThrottle(service.clock()), clients::remove);

        r.post("/oauth/token", timed("POST /oauth/token", access::token));
        r.post(API + "/oauth/token", timed("POST /oauth/token", access::token));

        r.post(API + "/profile-templates", timed("POST /profile-templates", templates::create));
        r.get(API + "/profile-templates", timed("GET /profile-templates", templates::list));
        r.get(API + "/profile-templates/{name}", timed("GET /profile-templates/{name}", templates::get));
        r.put(API + "/profile-templates/{name}", timed("PUT /profile-templates/{name}", templates::update));
        r.delete(API + "/profile-templates/{name}", timed("DELETE /profile-templates/{name}", templates::delete));
        r.post(API + "/profile-templates/{name}/activate", timed("POST /profile-templates/{name}/activate", templates::activate));

        r.post(API + "/merge-rules", timed("POST /merge-rules", rules::create));
        r.get(API + "/merge-rules", timed("GET /merge-rules", rules::list));
        r.get(API + "/merge-rules/{name}", timed("GET /merge-rules/{name}", rules::get));
        r.put(API + "/merge-rules/{name}", timed("PUT /merge-rules/{name}", rules::update));
        r.delete(API + "/merge-rules/{name}", timed("DELETE /merge-rules/{name}", rules::delete));
        r.post(API + "/merge-rules/{name}/activate", timed("POST /merge-rules/{name}/activate", rules::activate));
        r.post(API + "/merge-rules/{name}/dry-run", timed("POST /merge-rules/{name}/dry-run", rules::dryRun));

        r.post(API + "/profiles", timed("POST /profiles", profiles::upsert));
        r.get(API + "/profiles", timed("GET /profiles", profiles::find));
        r.post(API + "/profiles/bulk", timed("POST /profiles/bulk", profiles::bulk));
        r.post(API + "/profiles/merge", timed("POST /profiles/merge", profiles::merge));
        r.get(API + "/profiles/{id}", timed("GET /profiles/{id}", profiles::get));
        r.delete(API + "/profiles/{id}", timed("DELETE /profiles/{id}", profiles::erase));
        r.get(API + "/profiles/{id}/lineage", timed("GET /profiles/{id}/lineage", profiles::lineage));
        r.get(API + "/profiles/{id}/history", timed("GET /profiles/{id}/history", profiles::history));
        r.get(API + "/profiles/{id}/graph", timed("GET /profiles/{id}/graph", profiles::graph));
        r.post(API + "/profiles/{id}/aliases", timed("POST /profiles/{id}/aliases", profiles::addAlias));
        r.delete(API + "/profiles/{id}/aliases", timed("DELETE /profiles/{id}/aliases", profiles::removeAlias));
        r.post(API + "/profiles/{id}/identifier-transfers", timed("POST /profiles/{id}/identifier-transfers", profiles::transfer));
        r.post(API + "/profiles/{id}/links", timed("POST /profiles/{id}/links", profiles::link));
        r.post(API + "/profiles/{id}/unmerge", timed("POST /profiles/{id}/unmerge", profiles::unmerge));
        r.get(API + "/profiles/{id}/match/{other_id}", timed("GET /profiles/{id}/match/{other_id}", reviews::explain));
        r.get(API + "/match-reviews", timed("GET /match-reviews", reviews::queue));
        r.post(API + "/match-reviews/{link_id}/accept", timed("POST /match-reviews/{link_id}/accept", reviews::accept));
        r.post(API + "/match-reviews/{link_id}/reject", timed("POST /match-reviews/{link_id}/reject", reviews::reject));
        r.delete(API + "/sources/{source}/records/{record}", timed("DELETE /sources/{source}/records/{record}", profiles::deleteRecord));
        r.get(API + "/jobs/{id}", timed("GET /jobs/{id}", profiles::job));
        // what /metrics shows besides requests: the jobs activations start, the event streams
        templates.onJobStarted(jobs::watch);
        rules.onJobStarted(jobs::watch);
        events = new EventsController(service, new StreamMetrics(metrics.registry));
        r.before(API + "/events", events::check);
        r.sse(API + "/events", events::stream);

        WebhookController hooks = new WebhookController(service);
        r.post(API + "/webhooks", timed("POST /webhooks", hooks::create));
        r.get(API + "/webhooks", timed("GET /webhooks", hooks::list));
        r.get(API + "/webhooks/{id}", timed("GET /webhooks/{id}", hooks::get));
        r.post(API + "/webhooks/{id}/resume", timed("POST /webhooks/{id}/resume", hooks::resume));
        r.delete(API + "/webhooks/{id}", timed("DELETE /webhooks/{id}", hooks::delete));

        r.get(API + "/settings", timed("GET /settings", ctx -> {
            Principal p = Requests.principal(ctx);
            p.require(io.onefold.service.Permission.READ);
            Requests.respond(ctx, 200, service.settings(p.organization()));
        }));
        r.put(API + "/settings", timed("PUT /settings", ctx -> {
            Principal p = Requests.principal(ctx);
            p.require(io.onefold.service.Permission.ADMIN);
            Requests.respond(ctx, 200, service.updateSettings(p.organization(), Requests.jsonObject(ctx)));
        }));

        r.post(API + "/clients", timed("POST /clients", access::createClient));
        r.get(API + "/clients", timed("GET /clients", access::listClients));
        r.post(API + "/clients/{id}/rotate-secret", timed("POST /clients/{id}/rotate-secret", access::rotateSecret));
        r.delete(API + "/clients/{id}", timed("DELETE /clients/{id}", access::deleteClient));
        r.post(API + "/organizations", timed("POST /organizations", access::createOrganization));
        r.post(API + "/signing-keys/rotate", timed("POST /signing-keys/rotate", access::rotateKeys));

        r.get("/health/live", ctx -> Requests.respond(ctx, 200, Json.object().put("status", "UP")));
        r.get("/health/ready", this::ready);
        r.get("/metrics", ctx -> {
            jobs.refresh();
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
        });
        r.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));

        ConsoleAssets console = new ConsoleAssets();
        r.get(ConsoleAssets.PATH, timed("GET /console", console::redirect));
        r.get(ConsoleAssets.PATH + "/<file>", timed("GET /console/{file}", console::serve));
    }

    private void ready(Context ctx) {
        try {
            store.configuration().organizations();
            Requests.respond(ctx, 200, Json.object().put("status", "UP"));
        } catch (RuntimeException e) {
            Requests.respond(ctx, 503, Json.object().put("status", "DOWN"));
        }
    }

    /** Wraps a handler: maps its exceptions, records its latency under the route's template. */
    private Handler timed(String route, Handler handler) {
        HttpMetrics.RouteTimers timers = metrics.route(route);
        return ctx -> {
            long start = System.nanoTime();
            try {
                handler.handle(ctx);
            } catch (Exception e) {
                ApiErrors.handle(e, ctx);
            } finally {
                timers.record(ctx.statusCode(), System.nanoTime() - start);
            }
        };
    }

    /** Every /api route needs a valid bearer token of a client that still exists, calling from an allowed network. */
    private void authenticate(Context ctx) {
        if (ctx.path().endsWith("/oauth/token")) return;
        String auth = ctx.header("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) throw ApiException.unauthorized("a bearer token is required (POST /oauth/token)");
        Principal p = tokens.verify(auth.substring(7).trim());
        ApiClient client = client(p.clientId()).orElseThrow(() -> ApiException.unauthorized("the token's client no longer exists"));
        if (!client.organization().equals(p.organization())) throw ApiException.unauthorized("the token's organization does not match its client");
        // the caller's address is formatted only for a client limited to networks
        if (!client.cidrs().isEmpty() && !AccessController.allowedFrom(client, ctx.ip())) throw ApiException.forbidden("client '" + p.clientId() + "' may not call from this address", "client");
        long wait = limiter.acquire(p.clientId());
        if (wait > 0) throw ApiException.rateLimited(wait);
        Requests.principal(ctx, p);
    }

    private Optional<ApiClient> client(String id) {
        Instant now = clock.get();
        CachedClient cached = clients.get(id);
        // kept 2 s; a clock that stepped back reloads too, rather than trust the cache for as long as the step
        if (cached == null || now.isBefore(cached.loadedAt()) || now.isAfter(cached.loadedAt().plusSeconds(2))) {
            cached = new CachedClient(service.access().client(id), now);
            clients.put(id, cached);
        }
        return cached.client();
    }

    private static String resource(String name) {
        try (InputStream in = OnefoldServer.class.getResourceAsStream(name)) {
            return in == null ? "{}" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "{}";
        }
    }

    /**
     * Stops gracefully, as on SIGTERM: the listening socket closes at once (a new connection is refused; a new request
     * on a connection already open gets 503), event streams end, and the requests in flight run to their end — a
     * bulk request included, every line committed and answered — for at most {@code drain}. Then the connections
     * close, the writer commits what it still holds, webhook deliveries stop at their cursor, and the store closes.
     * What {@code drain} cuts short is what a crash would cut: nothing acknowledged is lost, the client gets no answer.
     *
     * <p>The drain is waited for here, not by Jetty's own graceful stop: that one also shortens every connection's
     * idle timeout to a second, which would cut an upload that pauses for longer.
     */
    public void stop(Duration drain, PrintStream announcements) {
        org.eclipse.jetty.server.Server jetty = app.jettyServer().server();
        for (Connector c : jetty.getConnectors()) {
            if (c instanceof NetworkConnector listening) {
                int port = listening.getLocalPort();
                listening.close();
                awaitClosed(listening.getHost(), port);
            }
        }
        CompletableFuture<Void> drained = graceful.shutdown();
        announcements.println("Onefold: stopping: no new connections; finishing the requests in flight (at most " + drain + ")");
        announcements.flush();
        // an event stream never ends by itself: ended now, it does not hold the drain to its timeout
        if (events != null) events.close();
        try {
            drained.get(drain.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("requests still in flight after the drain timeout ({}) are cut", drain);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("waiting for the requests in flight failed: {}", e.getCause().getClass().getName());
        }
        try {
            jetty.setStopTimeout(0); // drained above: what is left are idle connections (and what the drain cut)
            app.stop();
        } finally {
            service.meters().remove(metrics.registry);
            jvm.close();
            if (ownsService) {
                service.close();
                store.close();
            }
        }
        announcements.println("Onefold: stopped");
        announcements.flush();
    }

    /**
     * Waits (at most two seconds) until the port refuses connections. Closing the listening channel may return before
     * the kernel's socket is closed (the JDK defers the close of a channel that another thread is blocked in, or that a
     * selector holds, until it lets go), and meanwhile the kernel still completes handshakes: "no new connections"
     * would not yet be true. A probe that connects is closed at once (the server never reads it).
     */
    private static void awaitClosed(String host, int port) {
        if (port <= 0) return;
        String probe = host == null || host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < deadline) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress(probe, port), 200);
            } catch (java.io.IOException refused) {
                return;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    @Override
    public void close() {
        stop(DEFAULT_DRAIN, new PrintStream(OutputStream.nullOutputStream()));
    }
}
