package io.onefold.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.onefold.core.error.ConfigurationException;
import io.onefold.core.error.NotFoundException;
import io.onefold.core.error.StateConflictException;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.identity.ProfileIdFactory;
import io.onefold.core.identity.ProfileIds;
import io.onefold.core.json.CanonicalJson;
import io.onefold.core.model.NormalizedObservation;
import io.onefold.core.model.Observation;
import io.onefold.core.model.ObservationParser;
import io.onefold.core.model.ObservedAtRange;
import io.onefold.core.rules.MergeRuleSetParser;
import io.onefold.core.schema.IdentifierNormalizer;
import io.onefold.core.schema.TemplateParser;
import io.onefold.store.ChangeEvent;
import io.onefold.store.ConfigKind;
import io.onefold.store.Organization;
import io.onefold.store.StoreReads;
import io.onefold.store.ProfileStore;
import io.onefold.store.StoredConfig;
import io.onefold.store.WriteKey;
import io.onefold.store.WriteSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The profile service: every operation of PRODUCT.md §1, scoped by organization, on any {@link ProfileStore}.
 *
 * <h2>Writes</h2>
 * Parsing and validation happen on the caller's thread; the rest goes to the {@link SingleWriter}: load the
 * clusters the operation can reach (the owners of every value it names), run the pure engine on them
 * ({@link IdentityGraph}), write what changed — records, identity, the readers' golden row, a change event —
 * in the batch's transaction. The caller is answered after the commit's fsync. Upserts run in {@link UpsertBatch};
 * identity operations and erasure in {@link IdentityOperations}, on {@link ClusterWrite}'s sequence.
 *
 * <h2>Reads</h2>
 * In {@link ProfileQueries} ({@link #queries()}): straight from the store's read connections, never through the writer.
 *
 * <h2>Configuration</h2>
 * Templates, rule sets and their activation in {@link ProfileConfigurations} ({@link #configurations()}); the compiled
 * active configuration every write reads is cached here. Settings and event retention: {@link OrganizationSettings}.
 */
public final class ProfileService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProfileService.class);
    public static final String DEFAULT_ORGANIZATION = "default";
    static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);

    private final ProfileStore store;
    private final SingleWriter writer;
    private final IdentifierNormalizer normalizer;
    private final TemplateParser templates;
    private final Supplier<Instant> clock;
    private final ObservedAtRange observedAtRange;
    private final ProfileIdFactory ids;
    private final Map<String, ActiveConfiguration> active = new ConcurrentHashMap<>();
    private final AccessService access;
    private final ProfileQueries queries;
    private final MatchReviews matchReviews;
    private final ProfileConfigurations configurations;
    private final WebhookService webhooks;
    private final ClusterWrite clusterWrite;
    private final IdentityOperations identity;
    private final OrganizationSettings settings;
    /** Event retention and the repair of interrupted jobs, on a timer. */
    private final ScheduledExecutorService retention;
    private final ExecutorService jobs = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("onefold-jobs").daemon(true).unstarted(r));
    /** The service's meters; a server adds its Prometheus registry to them (docs/configuration.md, "Metrics"). */
    private final CompositeMeterRegistry meters = new CompositeMeterRegistry();

    public ProfileService(ProfileStore store, ServiceOptions options) {
        this.store = store;
        this.normalizer = new IdentifierNormalizer(options.defaultRegion());
        this.templates = new TemplateParser(normalizer);
        this.clock = options.clock();
        this.observedAtRange = options.observedAtRange();
        this.ids = ProfileIds.uuidV7(clock);
        this.writer = new SingleWriter(store);
        this.settings = new OrganizationSettings(store, writer, clock);
        // the readers' cache is exact only on a store that reports every commit's rows before the writer answers
        // (or on one whose reads can confirm an entry's row stamp: a shared store, whose other nodes write too)
        ProfileReadCache readCache = new ProfileReadCache(options.readCacheProfiles());
        if (!store.watchProfileRows(readCache)) readCache = new ProfileReadCache(store.rowStamps() ? options.readCacheProfiles() : 0, true);
        this.queries = new ProfileQueries(this, readCache);
        this.matchReviews = new MatchReviews(this);
        this.configurations = new ProfileConfigurations(this);
        this.clusterWrite = new ClusterWrite(this);
        this.identity = new IdentityOperations(this, clusterWrite);
        // other nodes' commits: wake change streams; drop compiled configurations and settings they replaced
        writer.onEpochChange(this::forgetConfiguration);
        store.subscribe(writer.notifier()::signal, this::forgetConfiguration);
        this.access = new AccessService(store, writer, clock);
        this.webhooks = new WebhookService(store, writer, clock, options.webhookBackoff(), options.webhookSuspendAfter(), options.webhookAddresses());
        this.retention = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("onefold-retention").daemon(true).unstarted(r));
        // the writer's and webhook delivery's meters, published by whoever adds a registry to meters() (a server)
        WriterMetrics writerMetrics = new WriterMetrics(meters, writer::queueDepth);
        store.clusterCache().ifPresent(writerMetrics::cache);
        readCache.register(meters);
        writer.metrics(writerMetrics);
        webhooks.metrics(new WebhookMetrics(meters));
        this.retention.scheduleWithFixedDelay(() -> {
            try {
                purgeExpiredEvents();
            } catch (RuntimeException e) {
                LOG.warn("event retention: {}", e.getClass().getName());
            }
        }, 10, 10, TimeUnit.MINUTES);
        // every minute (not at once: a short-lived command, `onefold clients`, should not start a repair it would cut
        // short): a re-resolution whose node stopped is repaired by the next node to look
        this.retention.scheduleWithFixedDelay(() -> {
            try {
                jobs.submit(this::recoverInterruptedJobs);
            } catch (RejectedExecutionException closing) {
                // the service is closing
            }
        }, 1, 1, TimeUnit.MINUTES);
    }

    /** Repairs re-resolution jobs left RUNNING by a node that stopped (see {@link ActivationJob#recoverInterrupted}). */
    int recoverInterruptedJobs() {
        try {
            return ActivationJob.recoverInterrupted(this);
        } catch (RuntimeException e) {
            LOG.warn("recovering interrupted jobs: {}", e.getClass().getName());
            return 0;
        }
    }

    /** The writer's and webhook delivery's meters: add a registry to publish them (the server adds its Prometheus one). */
    public CompositeMeterRegistry meters() {
        return meters;
    }

    /** Webhook subscriptions and their delivery. */
    public WebhookService webhooks() {
        return webhooks;
    }

    /** Signalled after every commit: what change streams wait on. */
    public ChangeNotifier notifier() {
        return writer.notifier();
    }

    /** The reads: profiles, lineage, history and the change feed, from the store's read connections. */
    /** Probabilistic matching's reads: the review queue and "why / why not". */
    public MatchReviews matchReviews() {
        return matchReviews;
    }

    public ProfileQueries queries() {
        return queries;
    }

    /** Templates, rule sets and their activation. */
    public ProfileConfigurations configurations() {
        return configurations;
    }

    /** OAuth clients and token-signing keys. */
    public AccessService access() {
        return access;
    }

    public ProfileStore store() {
        return store;
    }

    /** Bulk ingestion into the organization: large batches through the same engine (see {@link BulkLoader}). */
    public BulkLoader bulkLoader(String org) {
        requireOrganization(org);
        return new BulkLoader(this, org);
    }

    SingleWriter writer() {
        return writer;
    }

    /** The write sequence of identity operations, erasure and the identifier migration. */
    ClusterWrite clusterWrite() {
        return clusterWrite;
    }

    IdentifierNormalizer normalizer() {
        return normalizer;
    }

    ProfileIdFactory ids() {
        return ids;
    }

    /** The deployment's clock (the options' clock): what the server's time-based guards read too. */
    public Supplier<Instant> clock() {
        return clock;
    }

    TemplateParser templates() {
        return templates;
    }

    /** Where activation jobs run, one at a time. */
    ExecutorService jobs() {
        return jobs;
    }

    ObservedAtRange observedAtRange() {
        return observedAtRange;
    }

    // ================================================================================ organizations

    public Organization createOrganization(String id, String name) {
        return writer.execute(ctx -> {
            ctx.session().exclude(List.of(WriteKey.named("organizations")), true);
            if (ctx.session().configuration().organization(id).isPresent()) throw new StateConflictException("organization '" + id + "' already exists");
            Organization o = new Organization(id, name, clock.get());
            ctx.session().configuration().createOrganization(o);
            return o;
        });
    }

    public Optional<Organization> organization(String id) {
        return store.configuration().organization(id);
    }

    /** Creates the default organization when the store has none; returns whether it did. */
    public boolean ensureDefaultOrganization() {
        return writer.execute(ctx -> {
            // nodes starting together on an empty shared store: one creates it
            ctx.session().exclude(List.of(WriteKey.named("organizations")), true);
            if (!ctx.session().configuration().organizations().isEmpty()) return false;
            ctx.session().configuration().createOrganization(new Organization(DEFAULT_ORGANIZATION, "Default organization", clock.get()));
            return true;
        });
    }

    // ================================================================================ active configuration
    // (templates and rule sets themselves, and their activation: ProfileConfigurations)

    /** Drops the organization's compiled configuration (a new version of it was stored). */
    void forgetConfiguration(String org) {
        active.remove(org);
    }

    /** Bumped whenever cached configurations are dropped, so that a load that raced with the drop is not cached. */
    private volatile long generation;

    /** Drops every cached configuration and settings (another node changed some; which, the cache need not know). */
    void forgetConfiguration() {
        generation++;
        active.clear();
        settings.forgetAll();
    }

    /** The organization's active configuration, compiled and cached until the next change (on any node). */
    ActiveConfiguration configuration(String org, StoreReads reads) {
        ActiveConfiguration cached = active.get(org);
        if (cached != null) return cached;
        long loadedAt = generation;
        StoredConfig t = reads.configuration().activeConfig(org, ConfigKind.TEMPLATE)
                .orElseThrow(() -> new StateConflictException("the organization has no profile template yet: POST /profile-templates first"));
        StoredConfig r = reads.configuration().activeConfig(org, ConfigKind.RULES)
                .orElseThrow(() -> new StateConflictException("the organization has no merge rules yet: POST /merge-rules first"));
        ActiveConfiguration cfg = compile(t, r);
        active.put(org, cfg);
        if (generation != loadedAt) active.remove(org, cfg);
        return cfg;
    }

    /** A stored template and rule set, compiled. */
    ActiveConfiguration compile(StoredConfig template, StoredConfig rules) {
        try {
            return ActiveConfiguration.of(template, rules, templates.parse(template.body()), MergeRuleSetParser.parse(rules.body()), normalizer);
        } catch (ConfigurationException e) {
            throw new IllegalStateException("stored configuration no longer compiles: " + e.getMessage(), e);
        }
    }

    /**
     * Organizations seen to exist. An organization is never deleted, so once found it stays found (on every node); an
     * absence is never remembered — another node may create it the next moment. Saves a query on every request
     * (16% of a lookup's CPU, docs/benchmarks.md).
     */
    private final Set<String> knownOrganizations = ConcurrentHashMap.newKeySet();

    void requireOrganization(String org) {
        if (knownOrganizations.contains(org)) return;
        if (store.configuration().organization(org).isEmpty()) throw new NotFoundException("no organization '" + org + "'");
        knownOrganizations.add(org);
    }

    // ================================================================================ upsert

    /**
     * The upsert: {@code {source, profile_data, observed_at?, source_record_id?, explicit?, profile_id?}}. Parsed and
     * validated here, on the caller's thread; decided and written by the writer together with the other upserts of
     * the organization that queued meanwhile ({@link UpsertBatch}).
     */
    public UpsertResponse upsert(String org, JsonNode body, String idempotencyKey) {
        Instant now = clock.get();
        Observation observation = ObservationParser.parse(body, now, observedAtRange);
        ActiveConfiguration cfg = configuration(org, store);
        NormalizedObservation checked = cfg.validator().validate(observation);
        String hash = idempotencyKey == null ? null : sha256(CanonicalJson.of(body));
        // the same customer's upserts meet in one write lane (where they share locks) rather than wait across lanes
        String affinity = checked.identifiers().isEmpty() ? observation.sourceRecordId()
                : new java.util.TreeMap<>(checked.identifiers()).firstEntry().getValue().stream().findFirst().orElse(null);
        UpsertBatch.Request request = new UpsertBatch.Request(observation, checked, cfg, idempotencyKey, hash, now, true);
        return writer.executeTogether(affinity, upsertGroup(org), upsertBatch(org), request);
    }

    /** Upserts of one organization run together in the writer. */
    private static Object upsertGroup(String org) {
        return List.of("upsert", org);
    }

    private final Map<String, SingleWriter.Together<UpsertBatch.Request>> upsertBatches = new ConcurrentHashMap<>();

    private SingleWriter.Together<UpsertBatch.Request> upsertBatch(String org) {
        return upsertBatches.computeIfAbsent(org, o -> {
            UpsertBatch batch = new UpsertBatch(this, o);
            return batch::run;
        });
    }

    // ================================================================================ identity operations
    // (in IdentityOperations, on ClusterWrite's sequence; here for the server, the CLI and the tests)

    /** The active rule set's {@code identifier_authority}, if it names one: the source trusted to change identifiers. */
    public Optional<String> identifierAuthority(String org) {
        return identity.identifierAuthority(org);
    }

    public ObjectNode addAlias(String org, String profileId, String attribute, String value) {
        return identity.addAlias(org, profileId, attribute, value);
    }

    public ObjectNode removeAlias(String org, String profileId, String attribute, String value) {
        return identity.removeAlias(org, profileId, attribute, value);
    }

    public ObjectNode transferIdentifier(String org, String profileId, String attribute, String fromValue, String toValue) {
        return identity.transferIdentifier(org, profileId, attribute, fromValue, toValue);
    }

    public ObjectNode merge(String org, List<String> profileIds, String reason) {
        return identity.merge(org, profileIds, reason);
    }

    public ObjectNode neverTheSame(String org, String profileId, String otherId, String reason) {
        return identity.neverTheSame(org, profileId, otherId, reason);
    }

    /** Undoes a merge; returns {@code {profile, restored}}. */
    /** Accepts a queued possible match: the two profiles merge (a manual merge); answers the merged profile. */
    public ObjectNode acceptMatch(String org, String linkId, String reason) {
        return identity.acceptMatch(org, linkId, reason);
    }

    /** Rejects a queued possible match: the two profiles are linked as never the same person. */
    public ObjectNode rejectMatch(String org, String linkId, String reason) {
        return identity.rejectMatch(org, linkId, reason);
    }

    public ObjectNode unmerge(String org, String profileId, String absorbedId) {
        return identity.unmerge(org, profileId, absorbedId);
    }

    public ObjectNode deleteRecord(String org, String source, String sourceRecordId) {
        return identity.deleteRecord(org, source, sourceRecordId);
    }

    /**
     * Erases a profile and every profile merged into it, and the person's values wherever else they were stored, by
     * where each value came from ({@link ProfileErasure}). Returns after the store's files were purged.
     */
    public List<String> erase(String org, String profileId) {
        return identity.erase(org, profileId);
    }

    // ================================================================================ settings and retention
    // (in OrganizationSettings)

    /**
     * The organization's settings: {@code event_values} (default true: events carry old and new values; false: only
     * the names of the changed attributes) and {@code event_retention} (an ISO-8601 duration such as P90D; events,
     * which are also the history, older than it are deleted; absent: kept forever).
     */
    public ObjectNode settings(String org) {
        requireOrganization(org);
        return settings.of(org);
    }

    public ObjectNode updateSettings(String org, JsonNode body) {
        requireOrganization(org);
        return settings.update(org, body);
    }

    /** Appends a change, with only attribute names when the organization turned event values off. */
    long append(WriteSession s, ChangeEvent e) {
        return settings.append(s, e);
    }

    /** Deletes events older than each organization's retention; returns how many. Runs every 10 minutes. */
    public int purgeExpiredEvents() {
        return settings.purgeExpiredEvents();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        retention.shutdownNow();
        webhooks.close();
        jobs.shutdown();
        try {
            jobs.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.close();
    }
}
