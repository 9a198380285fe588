package io.onefold.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.identity.ProfileStatus;
import io.onefold.core.identity.ProfileView;
import io.onefold.core.json.Json;
import io.onefold.store.ChangeEvent;
import io.onefold.store.ConfigKind;
import io.onefold.store.Fragment;
import io.onefold.store.Job;
import io.onefold.store.StoreReads;
import io.onefold.store.ProfileStore;
import io.onefold.store.StoredConfig;
import io.onefold.store.StoredProfile;
import io.onefold.store.WriteSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Activating a template or rule set: every stored profile is re-resolved under it, and only then does it become
 * active. The configuration shown active is therefore always the one every stored golden record was resolved by —
 * through writes made during the job, and through a job that fails half way.
 *
 * <h2>Design</h2>
 * <ol>
 *   <li><b>Pages.</b> Active profiles in id order, a page per write batch, re-resolved under the <i>candidate</i>: the
 *       version being activated, with the active configuration of the other kind. The active configuration does not
 *       change meanwhile, so every other write still resolves under it — including writes to profiles whose page is
 *       done.</li>
 *   <li><b>Catch-up.</b> Every write that changes a profile appends a change event in its transaction, and positions
 *       follow commit order (docs/events.md). The job remembers the position it started from and re-resolves, round
 *       after round, the profiles named by the events after it (its own events, which carry its {@code job_id},
 *       excepted), until few remain.</li>
 *   <li><b>Flip.</b> One transaction, alone in its write batch: activate the version re-resolved (on PostgreSQL this
 *       takes the configuration lock exclusively — every other node's batch has committed, and none begins until this
 *       one commits), re-resolve the profiles of the events since the last round, append {@code rules.activated}, mark
 *       the job SUCCEEDED. Alone, so that no operation of the same transaction writes under the configuration it
 *       replaces, and every earlier one's events are committed and readable.</li>
 *   <li><b>Failure.</b> If a step throws (a store error, the version deleted meanwhile), nothing was activated. The
 *       job re-resolves back, under the active configuration, every page it had started and every profile it caught
 *       up, then reports FAILED with the reason (and whether that roll-back completed).</li>
 *   <li><b>The search index</b> follows each visited profile, and the flip leaves it holding exactly the new template's
 *       searchable attributes ({@link ActivationSearchIndex}).</li>
 * </ol>
 */
final class ActivationJob implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ActivationJob.class);
    static final String TYPE = "re-resolve";
    /** Profiles per write batch. */
    private static final int PAGE = 200;
    /** Catch-up rounds end when at most this many profiles remain for the flip's transaction, or after {@link #MAX_ROUNDS}. */
    private static final int FEW = PAGE;
    private static final int MAX_ROUNDS = 20;

    private final ProfileService service;
    private final String org;
    private final StoredConfig target;
    private final Job job;
    /** The stream position when the job was created: every later write is caught up. */
    private final long startPosition;
    /** The last page's last id, once its batch was attempted: what a roll-back covers (null once started: every page). */
    private String pagesUpTo;
    private boolean pagesStarted;
    /** Whether this node still holds the job's claim ({@link ProfileStore.Claim#held}); checked between steps. */
    private java.util.function.BooleanSupplier claimed = () -> true;

    /**
     * The claim went with its connection (the database restarted): another node may take the job for an orphan and
     * repair it, so this one stops where it is and writes no verdict — whoever takes the claim next does
     * ({@link #recoverInterrupted}), this node included.
     */
    private static final class ClaimLost extends RuntimeException {
        ClaimLost() {
            super("the job's claim was lost", null, false, false);
        }
    }

    /** Runs the job while {@code claimed} says this node holds its claim. */
    void run(java.util.function.BooleanSupplier claimed) {
        this.claimed = claimed;
        run();
    }

    private void stillClaimed() {
        if (!claimed.getAsBoolean()) throw new ClaimLost();
    }
    /** The search index across the job; null until the job has read the candidate. */
    private ActivationSearchIndex index;

    /** Profiles re-resolved by the catch-up: what a roll-back covers besides the pages. */
    private final Set<String> caughtUp = new TreeSet<>();

    private ActivationJob(ProfileService service, Job job, StoredConfig target, long startPosition) {
        this.service = service;
        this.org = job.organization();
        this.target = target;
        this.job = job;
        this.startPosition = startPosition;
    }

    /**
     * Records the job (RUNNING) and the stream position it starts from, in one transaction. When the organization has no
     * active configuration of the other kind yet, there is no profile to re-resolve: {@code target} is activated at once.
     */
    static ActivationJob create(ProfileService service, String org, StoredConfig target, String id) {
        Instant now = service.clock().get();
        return service.writer().execute(ctx -> {
            WriteSession s = ctx.session();
            ObjectNode result = (ObjectNode) Json.object().put("activated", target.name()).put("kind", target.kind().name())
                    .put("version", target.version());
            Job j = new Job(id, org, TYPE, "RUNNING", s.profiles().countActiveProfiles(org), 0, result, now, now);
            ActivationJob created = new ActivationJob(service, j, target, s.profiles().latestPosition(org));
            if (s.configuration().activeConfig(org, other(target.kind())).isEmpty()) {
                created.activateTarget(s);
                created.succeed(ctx, 0);
                return created;
            }
            s.jobs().putJob(j);
            return created;
        });
    }

    /** What a node holds while it runs the job ({@link io.onefold.store.ProfileStore#claim}), from before the job exists. */
    static String claimName(String jobId) {
        return TYPE + "/" + jobId;
    }

    /**
     * Repairs re-resolutions left RUNNING by a node that stopped (or a process killed) during the job: nothing was
     * activated, but pages may have been re-resolved under the candidate. Every active profile is re-resolved under the
     * active configuration and the job reports FAILED. A job still running holds its claim: only orphans are taken.
     * Runs on the node's job thread, so never beside a job of the same node.
     */
    static int recoverInterrupted(ProfileService service) {
        int recovered = 0;
        for (Job orphan : service.store().jobs().jobs(TYPE, "RUNNING")) {
            try (ProfileStore.Claim claim = service.store().claim(claimName(orphan.id())).orElse(null)) {
                if (claim == null) continue;
                Job current = service.store().jobs().job(orphan.organization(), orphan.id()).orElse(orphan);
                if (!current.status().equals("RUNNING")) continue; // it finished between the two reads
                LOG.warn("re-resolution job {} was interrupted; re-resolving every profile of its organization under the active configuration", current.id());
                ActivationJob repair = new ActivationJob(service, current, null, 0);
                repair.pagesStarted = true;
                repair.fail(new IllegalStateException("interrupted: the node running the job stopped before it finished"),
                        current.result().path("profiles_changed").asLong());
                recovered++;
            }
        }
        return recovered;
    }

    Job job() {
        return service.store().jobs().job(org, job.id()).orElse(job);
    }

    @Override
    public void run() {
        if (!job().status().equals("RUNNING")) return;
        long changed = 0;
        try {
            index = ActivationSearchIndex.of(org, service.configuration(org, service.store()).template().searchable(),
                    candidate(service.store()).template().searchable());
            changed = pages();
            long mark = startPosition;
            for (int round = 0; round < MAX_ROUNDS; round++) {
                long latest = service.store().profiles().latestPosition(org);
                Set<String> written = profilesWrittenAfter(service.store(), mark, latest);
                if (written.size() <= FEW) break;
                changed += catchUp(written);
                mark = latest;
            }
            long caughtTo = mark;
            long total = changed;
            Set<String> finalMissed = new TreeSet<>();
            service.writer().executeAlone(ctx -> {
                stillClaimed();
                WriteSession s = ctx.session();
                // first: on PostgreSQL this waits for every other batch and holds new ones back until the commit
                activateTarget(s);
                long last = reResolve(s, profilesWrittenAfter(s, caughtTo, Long.MAX_VALUE), candidate(s), finalMissed);
                index.activated(s);
                succeed(ctx, total + last);
                return null;
            });
        } catch (ClaimLost e) {
            LOG.warn("re-resolution job {} lost its claim (a database restart?); it stops here and the next node to claim it repairs it", job.id());
        } catch (RuntimeException e) {
            LOG.error("re-resolution job {} failed; re-resolving its profiles back under the active configuration", job.id(), e);
            fail(e, changed);
        }
    }

    // ------------------------------------------------------------------------------------------------ steps

    /** Step 1: every active profile, page by page, under the candidate. Returns how many changed. */
    private long pages() {
        long done = 0;
        long changed = 0;
        String after = null;
        while (true) {
            stillClaimed();
            List<String> page = service.store().profiles().activeProfileIds(org, after, PAGE);
            if (page.isEmpty()) return changed;
            after = page.get(page.size() - 1);
            pagesStarted = true;
            pagesUpTo = after;
            changed += reResolveInWriter(page, this::candidate);
            done += page.size();
            progress(done, changed);
        }
    }

    /** Step 2: profiles others wrote meanwhile, under the candidate. */
    private long catchUp(Set<String> written) {
        List<String> ids = new ArrayList<>(written);
        long changed = 0;
        for (int i = 0; i < ids.size(); i += PAGE) {
            stillClaimed();
            List<String> batch = ids.subList(i, Math.min(ids.size(), i + PAGE));
            caughtUp.addAll(batch);
            changed += reResolveInWriter(batch, this::candidate);
        }
        return changed;
    }

    /** Step 3, in the writer: the version re-resolved becomes the active one. */
    private void activateTarget(WriteSession s) {
        if (!s.configuration().activate(org, target.kind(), target.name(), target.version())) {
            throw new IllegalStateException("version " + target.version() + " of '" + target.name() + "' was deleted during the job");
        }
    }

    /** Step 3, after the last catch-up in the same transaction: announce the activation and record success. */
    private void succeed(SingleWriter.Context ctx, long changed) {
        WriteSession s = ctx.session();
        Instant now = service.clock().get();
        ObjectNode event = Json.object().put("type", ChangeEvents.RULES_ACTIVATED);
        event.put("kind", target.kind().name().toLowerCase(Locale.ROOT));
        event.put("name", target.name());
        event.put("version", target.version());
        event.put("job_id", job.id());
        service.append(s, new ChangeEvent(0, org, "", ChangeEvents.RULES_ACTIVATED, now, event));
        long done = Math.max(job.total(), job().done());
        s.jobs().putJob(new Job(job.id(), org, TYPE, "SUCCEEDED", done, done, job.result().deepCopy().put("profiles_changed", changed), job.createdAt(), now));
        // on this node, at once and after the commit: the next operations read the new configuration
        service.forgetConfiguration();
        ctx.afterCommit(service::forgetConfiguration);
    }

    /** Step 4: nothing was activated; every profile the job may have written goes back to the active configuration. */
    private void fail(RuntimeException cause, long changed) {
        ObjectNode result = job.result().deepCopy().put("profiles_changed", changed).put("error", String.valueOf(cause.getMessage()));
        try {
            if (index == null) index = ActivationSearchIndex.unknownCandidate(org, service.configuration(org, service.store()).template().searchable());
            long restored = 0;
            if (pagesStarted) {
                String after = null;
                while (true) {
                    List<String> page = service.store().profiles().activeProfileIds(org, after, PAGE);
                    List<String> done = page.stream().filter(id -> pagesUpTo == null || id.compareTo(pagesUpTo) <= 0).toList();
                    if (done.isEmpty()) break;
                    after = done.get(done.size() - 1);
                    restored += reResolveInWriter(done, reads -> service.configuration(org, reads));
                    if (done.size() < page.size()) break;
                }
            }
            List<String> others = new ArrayList<>(caughtUp);
            for (int i = 0; i < others.size(); i += PAGE) {
                List<String> batch = others.subList(i, Math.min(others.size(), i + PAGE));
                restored += reResolveInWriter(batch, reads -> service.configuration(org, reads));
            }
            service.writer().execute(ctx -> {
                index.rolledBack(ctx.session());
                return null;
            });
            result.put("rolled_back", true).put("profiles_restored", restored);
        } catch (RuntimeException rollback) {
            LOG.error("re-resolution job {}: the roll-back failed too; activate the active configuration again to repair", job.id(), rollback);
            result.put("rolled_back", false).put("rollback_error", String.valueOf(rollback.getMessage()));
        }
        Job current = job();
        service.writer().execute(ctx -> {
            ctx.session().jobs().putJob(new Job(job.id(), org, TYPE, "FAILED", current.total(), current.done(), result, job.createdAt(), service.clock().get()));
            return null;
        });
    }

    private void progress(long done, long changed) {
        service.writer().execute(ctx -> {
            ctx.session().jobs().putJob(new Job(job.id(), org, TYPE, "RUNNING", Math.max(job.total(), done), done,
                    job.result().deepCopy().put("profiles_changed", changed), job.createdAt(), service.clock().get()));
            return null;
        });
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The configuration being activated, with the active one of the other kind (as this transaction sees it). */
    private ActiveConfiguration candidate(StoreReads reads) {
        StoredConfig other = reads.configuration().activeConfig(org, other(target.kind()))
                .orElseThrow(() -> new IllegalStateException("the organization has no active " + other(target.kind()).name().toLowerCase(Locale.ROOT)));
        return target.kind() == ConfigKind.TEMPLATE ? service.compile(target, other) : service.compile(other, target);
    }

    private static ConfigKind other(ConfigKind kind) {
        return kind == ConfigKind.TEMPLATE ? ConfigKind.RULES : ConfigKind.TEMPLATE;
    }

    /** The profiles named by the events in {@code (from, to]} that this job did not write. */
    private Set<String> profilesWrittenAfter(StoreReads reads, long from, long to) {
        Set<String> ids = new LinkedHashSet<>();
        long position = from;
        while (position < to) {
            List<ChangeEvent> events = reads.profiles().changesSince(org, position, 1000);
            if (events.isEmpty()) break;
            for (ChangeEvent e : events) {
                if (e.position() > to) return ids;
                position = e.position();
                if (!e.profileId().isEmpty() && !job.id().equals(e.payload().path("job_id").asText(null))) ids.add(e.profileId());
            }
        }
        return ids;
    }

    /** {@link #reResolve(WriteSession, Collection, ActiveConfiguration, Set)} as one operation of the writer. */
    private long reResolveInWriter(Collection<String> ids, java.util.function.Function<StoreReads, ActiveConfiguration> cfg) {
        // kept from one attempt to the next: a deferred attempt locks, in order, the members it missed (ProfileWrites.clusters)
        Set<String> missed = new TreeSet<>();
        return service.writer().execute(ctx -> reResolve(ctx.session(), ids, cfg.apply(ctx.session()), missed));
    }

    /** Re-resolves the active profiles among {@code ids} under {@code cfg}; returns how many changed. */
    private long reResolve(WriteSession s, Collection<String> ids, ActiveConfiguration cfg, Set<String> missed) {
        // the whole list and the members an earlier attempt missed, in order (may wait), then each cluster's other
        // members (only try)
        Set<String> first = new TreeSet<>(ids);
        first.addAll(missed);
        s.profiles().clusters(org, List.of(), first, true);
        long changed = 0;
        for (String id : ids) if (reResolve(s, id, cfg, missed)) changed++;
        return changed;
    }

    /**
     * Recomputes one profile under {@code cfg}; writes it and an event if its golden record changed. Not
     * {@link ClusterWrite}'s sequence: no identity changes — the graph only resolves the stored records again under
     * another configuration, so it has no changes to take ({@code changes()} tracks operations) and only the golden
     * row is written, one version later, with its search entries; and a page's clusters are locked together first, then
     * each only tried.
     */
    private boolean reResolve(WriteSession s, String id, ActiveConfiguration cfg, Set<String> missed) {
        Fragment f = s.profiles().clusters(org, List.of(id), missed, false);
        StoredProfile row = f.rows().get(id);
        if (row == null || row.status() != ProfileStatus.ACTIVE) return false;
        IdentityGraph g = cfg.graph(service.normalizer(), service.ids(), service.clock());
        g.load(f.nodes(), f.records(), f.links());
        ProfileView view = g.get(id).orElseThrow();
        ObjectNode diff = ChangeEvents.diff(row.attributes(), view.golden().attributes());
        if (ChangeEvents.isEmpty(diff)) {
            index.visited(s, id, row.attributes(), false);
            return false;
        }
        Instant now = service.clock().get();
        ProfileView bumped = new ProfileView(view.profileId(), view.identifiers(), view.golden(), view.createdAt(), row.version() + 1, null);
        s.profiles().updateGolden(org, bumped, now);
        index.visited(s, id, view.golden().attributes(), true);
        ObjectNode p = ChangeEvents.payload(ChangeEvents.UPDATED, id, bumped.version());
        p.put("reason", "re-resolution");
        p.put("rule_set", cfg.rulesRow().name());
        p.put("job_id", job.id());
        p.set("changes", diff);
        service.append(s, new ChangeEvent(0, org, id, ChangeEvents.UPDATED, now, p));
        return true;
    }
}
