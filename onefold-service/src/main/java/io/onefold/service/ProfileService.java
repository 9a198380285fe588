package io.onefold.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.onefold.core.error.ConfigurationException;
import io.onefold.core.error.ErasedException;
import io.onefold.core.error.IdempotencyKeyReusedException;
import io.onefold.core.error.NotFoundException;
import io.onefold.core.error.StateConflictException;
import io.onefold.core.error.ValidationException;
import io.onefold.core.error.Violation;
import io.onefold.core.identity.GraphChanges;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.identity.NodeState;
import io.onefold.core.identity.Outcome;
import io.onefold.core.identity.ProfileIdFactory;
import io.onefold.core.identity.ProfileIds;
import io.onefold.core.identity.ProfileStatus;
import io.onefold.core.identity.ProfileView;
import io.onefold.core.identity.UpsertResult;
import io.onefold.core.json.CanonicalJson;
import io.onefold.core.json.Json;
import io.onefold.core.model.NormalizedObservation;
import io.onefold.core.model.Observation;
import io.onefold.core.model.ObservationParser;
import io.onefold.core.model.ObservedAtRange;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.core.rules.MergeRuleSetParser;
import io.onefold.core.schema.AttributeDefinition;
import io.onefold.core.schema.IdentifierNormalizer;
import io.onefold.core.schema.TemplateParser;
import io.onefold.store.ChangeEvent;
import io.onefold.store.ConfigKind;
import io.onefold.store.Fragment;
import io.onefold.store.IdempotencyRecord;
import io.onefold.store.Organization;
import io.onefold.store.ProfileReads;
import io.onefold.store.ProfileStore;
import io.onefold.store.StoredConfig;
import io.onefold.store.StoredProfile;
import io.onefold.store.WriteSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
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
 * in the batch's transaction. The caller is answered after the commit's fsync.
 *
 * <h2>Reads</h2>
 * In {@link ProfileQueries} ({@link #queries()}): straight from the store's read connections, never through the writer.
 *
 * <h2>Configuration</h2>
 * Templates, rule sets and their activation in {@link ProfileConfigurations} ({@link #configurations()}); the compiled
 * active configuration every write reads is cached here.
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
    private final ProfileConfigurations configurations;
    private final WebhookService webhooks;
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
        this.queries = new ProfileQueries(this);
        this.configurations = new ProfileConfigurations(this);
        // other nodes' commits: wake change streams; drop compiled configurations and settings they replaced
        writer.onEpochChange(this::forgetConfiguration);
        store.subscribe(writer.notifier()::signal, this::forgetConfiguration);
        this.access = new AccessService(store, writer, clock);
        this.webhooks = new WebhookService(store, writer, clock, options.webhookBackoff(), options.webhookSuspendAfter(), options.webhookAddresses());
        this.retention = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("onefold-retention").daemon(true).unstarted(r));
        // the writer's and webhook delivery's meters, published by whoever adds a registry to meters() (a server)
        writer.metrics(new WriterMetrics(meters, writer::queueDepth));
        webhooks.metrics(new WebhookMetrics(meters));
        this.retention.scheduleWithFixedDelay(() -> {
            try {
                purgeExpiredEvents();
            } catch (RuntimeException e) {
                LOG.warn("event retention: {}", e.getClass().getName());
            }
        }, 10, 10, java.util.concurrent.TimeUnit.MINUTES);
        // every minute (not at once: a short-lived command, `onefold clients`, should not start a repair it would cut
        // short): a re-resolution whose node stopped is repaired by the next node to look
        this.retention.scheduleWithFixedDelay(() -> {
            try {
                jobs.submit(this::recoverInterruptedJobs);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                // the service is closing
            }
        }, 1, 1, java.util.concurrent.TimeUnit.MINUTES);
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

    private final java.util.concurrent.ScheduledExecutorService retention;

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
            ClusterLocks.lockKeys(ctx.session(), List.of("organizations"));
            if (ctx.session().organization(id).isPresent()) throw new StateConflictException("organization '" + id + "' already exists");
            Organization o = new Organization(id, name, clock.get());
            ctx.session().createOrganization(o);
            return o;
        });
    }

    public Optional<Organization> organization(String id) {
        return store.organization(id);
    }

    /** Creates the default organization when the store has none; returns whether it did. */
    public boolean ensureDefaultOrganization() {
        return writer.execute(ctx -> {
            // nodes starting together on an empty shared store: one creates it
            ClusterLocks.lockKeys(ctx.session(), List.of("organizations"));
            if (!ctx.session().organizations().isEmpty()) return false;
            ctx.session().createOrganization(new Organization(DEFAULT_ORGANIZATION, "Default organization", clock.get()));
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
        settings.clear();
    }

    /** The organization's active configuration, compiled and cached until the next change (on any node). */
    ActiveConfiguration configuration(String org, ProfileReads reads) {
        ActiveConfiguration cached = active.get(org);
        if (cached != null) return cached;
        long loadedAt = generation;
        StoredConfig t = reads.activeConfig(org, ConfigKind.TEMPLATE)
                .orElseThrow(() -> new StateConflictException("the organization has no profile template yet: POST /profile-templates first"));
        StoredConfig r = reads.activeConfig(org, ConfigKind.RULES)
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

    void requireOrganization(String org) {
        if (store.organization(org).isEmpty()) throw new NotFoundException("no organization '" + org + "'");
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

    /** The active rule set's {@code identifier_authority}, if it names one: the source trusted to change identifiers. */
    public Optional<String> identifierAuthority(String org) {
        requireOrganization(org);
        return Optional.ofNullable(configuration(org, store).rules().identifierAuthority());
    }

    public ObjectNode addAlias(String org, String profileId, String attribute, String value) {
        return identityOperation(org, List.of(profileId), List.<String[]>of(new String[] {attribute, value}), ChangeEvents.UPDATED,
                g -> g.addAlias(profileId, attribute, value), p -> p.put("reason", "alias added").put("attribute", attribute));
    }

    public ObjectNode removeAlias(String org, String profileId, String attribute, String value) {
        return identityOperation(org, List.of(profileId), List.<String[]>of(new String[] {attribute, value}), ChangeEvents.UPDATED,
                g -> g.removeAlias(profileId, attribute, value), p -> p.put("reason", "alias removed").put("attribute", attribute));
    }

    public ObjectNode transferIdentifier(String org, String profileId, String attribute, String fromValue, String toValue) {
        return identityOperation(org, List.of(profileId), List.<String[]>of(new String[] {attribute, toValue}), ChangeEvents.TRANSFERRED,
                g -> g.transferIdentifier(profileId, attribute, fromValue, toValue), p -> p.put("attribute", attribute));
    }

    public ObjectNode merge(String org, List<String> profileIds, String reason) {
        if (profileIds == null || profileIds.size() < 2) throw ValidationException.of("profile_ids", "name at least two profiles");
        return identityOperation(org, profileIds, List.of(), ChangeEvents.MERGED,
                g -> g.merge(profileIds, reason), p -> p.put("reason", reason == null ? "manual merge" : reason));
    }

    public ObjectNode neverTheSame(String org, String profileId, String otherId, String reason) {
        return identityOperation(org, List.of(profileId, otherId), List.of(), ChangeEvents.UPDATED,
                g -> {
                    g.neverTheSame(profileId, otherId, reason);
                    return g.get(profileId).orElseThrow();
                }, p -> p.put("reason", "never the same person as " + otherId));
    }

    /** Undoes a merge; returns {@code {profile, restored}}. */
    public ObjectNode unmerge(String org, String profileId, String absorbedId) {
        requireOrganization(org);
        Set<String> missed = new TreeSet<>();
        return writer.execute(ctx -> {
            WriteSession s = ctx.session();
            ActiveConfiguration c = configuration(org, s);
            Fragment f = ClusterLocks.fragment(s, org, List.of(profileId), missed, true);
            if (f.rows().isEmpty()) throw new NotFoundException("no profile '" + profileId + "'");
            IdentityGraph g = c.graph(normalizer, ids, clock);
            g.load(f.nodes(), f.records(), f.links());
            ProfileView restored = g.unmerge(profileId, absorbedId);
            GraphChanges changes = g.changes();
            Instant at = clock.get();
            s.apply(org, f, changes, c.nonLinkingAttributes(), at);
            ObjectNode out = Json.object();
            for (ProfileView v : changes.profiles().values()) {
                StoredProfile before = f.rows().get(v.profileId());
                ObjectNode p = ChangeEvents.payload(ChangeEvents.UNMERGED, v.profileId(), v.version());
                p.put("restored_profile_id", restored.profileId());
                p.set("changes", ChangeEvents.diff(before == null ? null : before.attributes(), v.golden().attributes()));
                append(s, new ChangeEvent(0, org, v.profileId(), ChangeEvents.UNMERGED, at, p));
                out.set(v.profileId().equals(restored.profileId()) ? "restored" : "profile", ProfileDocuments.of(v, at));
            }
            return out;
        });
    }

    public ObjectNode deleteRecord(String org, String source, String sourceRecordId) {
        requireOrganization(org);
        Set<String> missed = new TreeSet<>();
        return writer.execute(ctx -> {
            WriteSession s = ctx.session();
            SourceRecordKey key = SourceRecordKey.explicit(source, sourceRecordId);
            ClusterLocks.lockKeys(s, List.of(ClusterLocks.record(org, key)));
            String owner = s.recordOwner(org, key)
                    .orElseThrow(() -> new NotFoundException("no record '" + sourceRecordId + "' from source '" + source + "'"));
            return run(ctx, org, List.of(owner), missed, ChangeEvents.UPDATED, g -> g.deleteRecord(source, sourceRecordId),
                    p -> p.put("reason", "source record deleted").put("source", source).put("source_record_id", sourceRecordId));
        });
    }

    /**
     * Erases a profile and every profile merged into it, and the person's values wherever else they were stored, by
     * where each value came from ({@link ProfileErasure}). Returns after the store's files were purged.
     */
    public List<String> erase(String org, String profileId) {
        requireOrganization(org);
        return new ProfileErasure(this, org, profileId).run();
    }

    private ObjectNode identityOperation(String org, List<String> profileIds, List<String[]> values, String type,
                                         Function<IdentityGraph, ProfileView> op, java.util.function.Consumer<ObjectNode> describe) {
        requireOrganization(org);
        Set<String> missed = new TreeSet<>();
        return writer.execute(ctx -> {
            WriteSession s = ctx.session();
            ActiveConfiguration c = configuration(org, s);
            List<String> seeds = new ArrayList<>(profileIds);
            List<String[]> named = new ArrayList<>();
            for (String[] av : values) {
                c.template().attribute(av[0]).filter(AttributeDefinition::identifier).ifPresent(def -> {
                    if (av[1] != null && normalizer.normalize(def.normalization(), av[1]) instanceof IdentifierNormalizer.Result.Ok ok) {
                        named.add(new String[] {def.name(), ok.value(), Boolean.toString(def.linksProfiles())});
                    }
                });
            }
            ClusterLocks.lockKeys(s, named.stream().map(av -> ClusterLocks.identifier(org, av[0], av[1])).toList());
            for (String[] av : named) {
                if (Boolean.parseBoolean(av[2])) s.ownerOf(org, av[0], av[1]).ifPresent(seeds::add);
            }
            return run(ctx, org, seeds, missed, type, op, describe);
        });
    }

    /** Loads the clusters of {@code seeds}, runs {@code op}, writes its changes and one event per changed profile. */
    private ObjectNode run(SingleWriter.Context ctx, String org, Collection<String> seeds, Set<String> missed, String type,
                           Function<IdentityGraph, ProfileView> op, java.util.function.Consumer<ObjectNode> describe) {
        WriteSession s = ctx.session();
        ActiveConfiguration c = configuration(org, s);
        Fragment f = ClusterLocks.fragment(s, org, seeds, missed, true);
        IdentityGraph g = c.graph(normalizer, ids, clock);
        g.load(f.nodes(), f.records(), f.links());
        ProfileView result = op.apply(g);
        GraphChanges changes = g.changes();
        Instant at = clock.get();
        if (!changes.isEmpty()) {
            s.apply(org, f, changes, c.nonLinkingAttributes(), at);
            List<String> absorbed = changes.nodes().stream()
                    .filter(n -> n.status() == ProfileStatus.ABSORBED && f.rows().containsKey(n.id()) && f.rows().get(n.id()).status() == ProfileStatus.ACTIVE)
                    .map(NodeState::id).toList();
            for (ProfileView v : changes.profiles().values()) {
                StoredProfile before = f.rows().get(v.profileId());
                ObjectNode p = ChangeEvents.payload(type, v.profileId(), v.version());
                describe.accept(p);
                if (!absorbed.isEmpty()) p.set("merged_profile_ids", ChangeEvents.ids(absorbed));
                p.set("changes", ChangeEvents.diff(before == null ? null : before.attributes(), v.golden().attributes()));
                append(s, new ChangeEvent(0, org, v.profileId(), type, at, p));
            }
        }
        StoredProfile row = f.rows().get(result.profileId());
        return ProfileDocuments.of(result, changes.isEmpty() && row != null ? row.updatedAt() : at);
    }

    // ================================================================================ settings and retention

    private final Map<String, ObjectNode> settings = new ConcurrentHashMap<>();

    /**
     * The organization's settings: {@code event_values} (default true: events carry old and new values; false: only
     * the names of the changed attributes) and {@code event_retention} (an ISO-8601 duration such as P90D; events,
     * which are also the history, older than it are deleted; absent: kept forever).
     */
    public ObjectNode settings(String org) {
        requireOrganization(org);
        return organizationSettings(org, store).deepCopy();
    }

    public ObjectNode updateSettings(String org, JsonNode body) {
        requireOrganization(org);
        if (body == null || !body.isObject()) throw ValidationException.of("", "settings must be a JSON object");
        ObjectNode next = settings(org);
        List<Violation> violations = new ArrayList<>();
        body.fields().forEachRemaining(e -> {
            switch (e.getKey()) {
                case "event_values" -> {
                    if (!e.getValue().isBoolean()) violations.add(new Violation("event_values", "must be true or false"));
                    else next.set("event_values", e.getValue());
                }
                case "event_retention" -> {
                    if (e.getValue().isNull()) next.remove("event_retention");
                    else if (!e.getValue().isTextual() || retention(e.getValue().textValue()) == null) {
                        violations.add(new Violation("event_retention", "must be an ISO-8601 duration such as P90D or PT12H, or null"));
                    } else next.set("event_retention", e.getValue());
                }
                default -> violations.add(new Violation(e.getKey(), "unknown setting; valid settings are event_values, event_retention"));
            }
        });
        if (!violations.isEmpty()) throw new ValidationException(violations);
        writer.execute(ctx -> {
            ctx.session().putOrganizationSettings(org, next);
            ctx.afterCommit(() -> settings.remove(org));
            return null;
        });
        settings.remove(org);
        return next.deepCopy();
    }

    private ObjectNode organizationSettings(String org, ProfileReads reads) {
        ObjectNode cached = settings.get(org);
        if (cached != null) return cached;
        long loadedAt = generation;
        ObjectNode loaded = reads.organizationSettings(org);
        settings.put(org, loaded);
        if (generation != loadedAt) settings.remove(org, loaded);
        return loaded;
    }

    private static Duration retention(String text) {
        try {
            Duration d = Duration.parse(text);
            return d.isNegative() || d.isZero() ? null : d;
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** Appends a change, with only attribute names when the organization turned event values off. */
    long append(WriteSession s, ChangeEvent e) {
        ObjectNode orgSettings = organizationSettings(e.organization(), s);
        if (!orgSettings.path("event_values").asBoolean(true) && e.payload().has("changes")) {
            ObjectNode names = Json.object();
            e.payload().get("changes").fieldNames().forEachRemaining(n -> names.putObject(n).put("changed", true));
            e.payload().set("changes", names);
        }
        return s.appendChange(e);
    }

    /** Deletes events older than each organization's retention; returns how many. Runs every 10 minutes. */
    public int purgeExpiredEvents() {
        // one node purges at a time; the others find the job claimed and skip it
        try (ProfileStore.Claim claim = store.claim("event-retention").orElse(null)) {
            return claim == null ? 0 : purgeClaimed();
        }
    }

    private int purgeClaimed() {
        int purged = 0;
        for (Organization o : store.organizations()) {
            String text = store.organizationSettings(o.id()).path("event_retention").asText(null);
            Duration d = text == null ? null : retention(text);
            if (d == null) continue;
            Instant horizon = io.onefold.core.schema.Instants.minusSaturating(clock.get(), d); // a retention longer than the epoch keeps everything
            purged += writer.execute(ctx -> ctx.session().purgeChanges(o.id(), horizon));
        }
        return purged;
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
            jobs.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.close();
    }
}
