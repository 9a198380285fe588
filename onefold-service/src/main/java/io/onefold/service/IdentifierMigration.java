package io.onefold.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.identity.GraphChanges;
import io.onefold.core.identity.IdentifierKey;
import io.onefold.core.identity.IdentifierRenormalization;
import io.onefold.core.identity.IdentifierRenormalization.Collision;
import io.onefold.core.identity.IdentifierRenormalization.Plan;
import io.onefold.core.identity.ProfileStatus;
import io.onefold.core.json.Json;
import io.onefold.core.schema.IdentifierNormalizer;
import io.onefold.store.ConfigKind;
import io.onefold.store.Fragment;
import io.onefold.store.Job;
import io.onefold.store.Organization;
import io.onefold.store.StoreReads;
import io.onefold.store.ProfileStore;
import io.onefold.store.StoredProfile;
import io.onefold.store.TransientStoreException;
import io.onefold.store.WriteKey;
import io.onefold.store.WriteSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the identifier values a store holds to the current normalization rules ({@link IdentifierNormalizer#VERSION})
 * when a newer Onefold opens a store an older one wrote: {@code serve} and {@code ingest} run it before they accept
 * work. Once per organization and rules version; the job {@code identifier-normalization-v<VERSION>} records that it
 * ran and what it found ({@code GET /jobs/{id}}).
 *
 * <p>Each active profile whose values change is rewritten in its own write — identifier entries, records, links, then
 * its golden profile re-derived and a {@code profile.updated} event ({@code reason: identifier normalization}) — so an
 * interrupted run leaves every profile either old or new and the next start carries on. A value whose new form another
 * profile already holds stays as it is: the pair is a <em>merge candidate</em>, listed in the job's result (ids and
 * attribute, never the value) and logged the same way, for an operator to merge ({@code POST /profiles/merge}) or not.
 * On a shared store the first node to start claims the run; the others serve meanwhile.
 */
public final class IdentifierMigration {
    private static final Logger LOG = LoggerFactory.getLogger(IdentifierMigration.class);
    static final String TYPE = "identifier-normalization";
    /** Merge candidates listed in the job's result; beyond it only counted. */
    static final int LISTED = 1000;
    private static final int PAGE = 200;

    private final ProfileService service;
    private final ProfileStore store;

    public IdentifierMigration(ProfileService service) {
        this.service = service;
        this.store = service.store();
    }

    /** The job that records the run of the current rules. */
    public static String jobId() {
        return TYPE + "-v" + IdentifierNormalizer.VERSION;
    }

    /** Runs for every organization not yet migrated; returns the jobs run now (none when all were done, or claimed elsewhere). */
    public List<Job> run() {
        List<Job> ran = new ArrayList<>();
        for (Organization o : store.configuration().organizations()) run(o.id()).ifPresent(ran::add);
        return ran;
    }

    Optional<Job> run(String org) {
        if (done(org)) return Optional.empty();
        try (ProfileStore.Claim claim = store.claim(jobId() + "/" + org).orElse(null)) {
            if (claim == null || done(org)) return Optional.empty();
            return Optional.of(migrate(org));
        }
    }

    private boolean done(String org) {
        return store.jobs().job(org, jobId()).map(j -> j.status().equals("SUCCEEDED")).orElse(false);
    }

    private Job migrate(String org) {
        Instant started = service.clock().get();
        ObjectNode result = Json.object().put("normalization_version", IdentifierNormalizer.VERSION);
        Job job = new Job(jobId(), org, TYPE, "RUNNING", store.profiles().countActiveProfiles(org), 0, result, started, started);
        put(job);
        // profiles need a template and rules: without both the organization has nothing stored to migrate
        boolean configured = store.configuration().activeConfig(org, ConfigKind.TEMPLATE).isPresent() && store.configuration().activeConfig(org, ConfigKind.RULES).isPresent();
        long examined = 0;
        long changed = 0;
        Set<List<String>> candidates = new java.util.LinkedHashSet<>();
        try {
            String after = null;
            while (configured) {
                List<String> page = store.profiles().activeProfileIds(org, after, PAGE);
                if (page.isEmpty()) break;
                after = page.get(page.size() - 1);
                examined += page.size();
                if (examined % (50L * PAGE) == 0) put(finished(job, "RUNNING", examined, changed, candidates));
                // read first, a page at a time and outside the writer: most pages have nothing to change
                Fragment read = store.profiles().fragment(org, page);
                if (!renormalization(service.configuration(org, store)).stale(read.nodes(), read.records(), read.links())) continue;
                for (String id : page) {
                    Plan seen = plan(org, store, store.profiles().fragment(org, List.of(id)));
                    if (seen.isEmpty() && seen.collisions().isEmpty()) continue;
                    Rewritten r = rewrite(org, id, seen.claims());
                    if (r.changed()) changed++;
                    for (List<String> pair : r.candidates()) {
                        if (!candidates.add(pair)) continue;
                        LOG.warn("identifier normalization v{} of organization {}: profiles {} and {} would share a {} value; left apart as a merge candidate (job {})",
                                IdentifierNormalizer.VERSION, org, pair.get(1), pair.get(2), pair.get(0), jobId());
                    }
                }
            }
        } catch (RuntimeException e) {
            // the class only: a store error's message may quote a value
            LOG.error("identifier normalization v{} of organization {} failed after {} profiles ({}); the next start carries on",
                    IdentifierNormalizer.VERSION, org, examined, e.getClass().getName());
            Job failed = finished(job, "FAILED", examined, changed, candidates);
            failed.result().put("error", e.getClass().getSimpleName());
            put(failed);
            throw e;
        }
        Job done = put(finished(job, "SUCCEEDED", examined, changed, candidates));
        if (changed > 0 || !candidates.isEmpty()) {
            LOG.info("identifier normalization v{} of organization {}: {} profiles examined, {} rewritten, {} merge candidates (GET /jobs/{})",
                    IdentifierNormalizer.VERSION, org, examined, changed, candidates.size(), jobId());
        }
        return done;
    }

    /** One profile's values changed or reported, and the merge candidates found ({@code [attribute, id, id]}). */
    private record Rewritten(boolean changed, List<List<String>> candidates) {}

    private Rewritten rewrite(String org, String id, Set<IdentifierKey> claims) {
        Set<String> missed = new TreeSet<>();
        return service.writer().execute(ctx -> {
            WriteSession s = ctx.session();
            List<WriteKey> keys = claims.stream().map(k -> WriteKey.identifier(org, k.attribute(), k.value())).toList();
            s.exclude(keys, true);
            ActiveConfiguration cfg = service.configuration(org, s);
            // the decision is the plan, not an engine operation: its changes are the rewritten rows, with the golden
            // profile the graph (loaded with them, not with the stored cluster) derives
            ClusterWrite.Written<List<List<String>>> w = service.clusterWrite().run(s, org, cfg, List.of(id), missed, (f, empty) -> {
                Plan plan = plan(org, s, f);
                if (s.shared()) {
                    // the cluster changed since it was read: lock the values it takes now, without waiting
                    List<WriteKey> more = plan.claims().stream().map(k -> WriteKey.identifier(org, k.attribute(), k.value())).filter(k -> !keys.contains(k)).toList();
                    s.exclude(more, false);
                }
                List<List<String>> candidates = new ArrayList<>();
                for (Collision c : plan.collisions()) {
                    List<String> pair = new ArrayList<>(List.of(root(s, org, c.nodeId()), root(s, org, c.holderId())));
                    pair.sort(null);
                    pair.add(0, c.attribute());
                    if (!candidates.contains(pair)) candidates.add(pair);
                }
                if (plan.isEmpty()) return new ClusterWrite.Decision<>(candidates, ClusterWrite.NONE);
                GraphChanges changes = renormalization(cfg).changes(plan, f.nodes(), f.records(), f.links(), empty).orElse(ClusterWrite.NONE);
                return new ClusterWrite.Decision<>(candidates, changes);
            }, (written, v, diff) -> {
                ObjectNode p = ChangeEvents.payload(ChangeEvents.UPDATED, v.profileId(), v.version());
                p.put("reason", "identifier normalization");
                p.put("normalization_version", IdentifierNormalizer.VERSION);
                p.set("changes", diff);
                return p;
            });
            return new Rewritten(!w.changes().isEmpty(), w.result());
        });
    }

    private Plan plan(String org, StoreReads reads, Fragment f) {
        return renormalization(service.configuration(org, reads)).plan(f.nodes(), f.records(), f.links(),
                k -> reads.profiles().ownerOf(org, k.attribute(), k.value()));
    }

    private IdentifierRenormalization renormalization(ActiveConfiguration cfg) {
        return new IdentifierRenormalization(cfg.template(), service.normalizer());
    }

    /** The active profile a node belongs to (itself, or the survivor it was merged into). */
    private static String root(StoreReads reads, String org, String nodeId) {
        String id = nodeId;
        for (int hops = 0; hops < 1000; hops++) {
            Optional<StoredProfile> row = reads.profiles().profile(org, id);
            if (row.isEmpty() || row.get().status() != ProfileStatus.ABSORBED) return id;
            id = row.get().survivorId();
        }
        return id;
    }

    private Job finished(Job job, String status, long examined, long changed, Set<List<String>> candidates) {
        ObjectNode result = job.result().deepCopy();
        result.put("profiles_examined", examined);
        result.put("profiles_changed", changed);
        ArrayNode listed = result.putArray("merge_candidates");
        for (List<String> pair : candidates.stream().limit(LISTED).toList()) {
            ObjectNode c = listed.addObject().put("attribute", pair.get(0));
            c.putArray("profile_ids").add(pair.get(1)).add(pair.get(2));
        }
        result.put("merge_candidates_total", candidates.size());
        return new Job(job.id(), job.organization(), job.type(), status, Math.max(job.total(), examined), examined, result, job.createdAt(), service.clock().get());
    }

    private Job put(Job job) {
        service.writer().execute(ctx -> {
            ctx.session().jobs().putJob(job);
            return null;
        });
        return job;
    }
}
