package io.onefold.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.error.NotFoundException;
import io.onefold.core.identity.Erasure;
import io.onefold.core.identity.IdentifierKey;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.identity.IdentityLink;
import io.onefold.core.identity.LinkKind;
import io.onefold.core.identity.ProfileView;
import io.onefold.core.schema.AttributeDefinition;
import io.onefold.store.ChangeEvent;
import io.onefold.store.Fragment;
import io.onefold.store.IdempotencyRecord;
import io.onefold.store.WriteSession;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One erasure ({@code DELETE /profiles/{id}}), in one write transaction:
 * <ol>
 *   <li>Lock and load the profile's cluster; find the records that carry one of its linking identifier values anywhere
 *       in the organization (a scan of its records); load their clusters and, transitively, every cluster a merge —
 *       asserted or undone — ever linked to those, since their histories may hold the person's values.</li>
 *   <li>Run {@link Erasure} on them and write what changed ({@link ClusterWrite}, on these clusters rather than one
 *       seed's); a {@code profile.updated} event for each profile whose records lost values that its golden record
 *       showed.</li>
 *   <li>Scrub the erased profiles' events and make their idempotency records tombstones; redact the other loaded
 *       profiles' events and idempotent answers, by provenance ({@link ErasureRedaction}).</li>
 *   <li>Append {@code profile.deleted}: the erased ids, and the ids whose stored documents were redacted (a consumer
 *       purges what it received about them and reads them again).</li>
 *   <li>After the commit, {@linkplain io.onefold.store.ProfileStore#purge purge} the store's files; the caller is
 *       answered once that is done.</li>
 * </ol>
 */
final class ProfileErasure {
    private static final Logger LOG = LoggerFactory.getLogger(ProfileErasure.class);

    private final ProfileService service;
    private final ClusterWrite writes;
    private final String org;
    private final String profileId;
    /** Profiles a deferred attempt could not lock: the next attempt locks them first, in order, and may wait. */
    private final Set<String> missed = new TreeSet<>();

    ProfileErasure(ProfileService service, ClusterWrite writes, String org, String profileId) {
        this.service = service;
        this.writes = writes;
        this.org = org;
        this.profileId = profileId;
    }

    /** Erases, waits until the store's files are purged, and returns the erased profile ids. */
    List<String> run() {
        CompletableFuture<Void> purged = new CompletableFuture<>();
        List<String> erased = service.writer().execute(ctx -> {
            Erasure erasure = erase(ctx.session());
            ctx.afterCommit(() -> {
                try {
                    service.store().purge(erasure.texts()).whenComplete((done, failure) -> {
                        if (failure == null) purged.complete(null);
                        else purged.completeExceptionally(failure);
                    });
                } catch (RuntimeException e) {
                    purged.completeExceptionally(e);
                }
            });
            return erasure.erasedProfileIds();
        });
        try {
            purged.join();
        } catch (CompletionException e) {
            // committed: the rows are gone; only the files' free space may still hold old copies
            LOG.error("erasure committed, but purging the store's files failed: {}", e.getCause().getClass().getName());
        }
        return erased;
    }

    private Erasure erase(WriteSession s) {
        ActiveConfiguration c = service.configuration(org, s);
        Fragment cluster = s.profiles().clusters(org, List.of(profileId), missed, true);
        if (cluster.rows().isEmpty()) throw new NotFoundException("no profile '" + profileId + "'");
        Set<IdentifierKey> values = Erasure.linkingValues(graph(c, cluster), profileId);
        Set<String> seeds = new TreeSet<>(cluster.rows().keySet());
        seeds.addAll(s.profiles().recordOwnersMentioning(org, values.stream().map(IdentifierKey::value).toList()));
        Fragment f = everLinked(s, seeds);

        ClusterWrite.Written<Erased> w = writes.run(s, org, c, f, ClusterWrite.onGraph(g -> {
            String root = g.get(profileId).map(ProfileView::profileId).orElseThrow(() -> new NotFoundException("no profile '" + profileId + "'"));
            return new Erased(root, Erasure.run(g, profileId, heldElsewhere(s, c, g, root)));
        }), (written, v, diff) -> {
            // only the profiles whose records lost values: the erased ones are announced by profile.deleted below
            if (!written.result().erasure().rederivedProfileIds().contains(v.profileId())) return null;
            // only its records changed: profile.observed (consumers are told by profile.deleted, which names it among
            // the redacted), so that the change still has its event — an activation's catch-up reads them
            String type = ChangeEvents.isEmpty(diff) ? ChangeEvents.OBSERVED : ChangeEvents.UPDATED;
            ObjectNode p = ChangeEvents.payload(type, v.profileId(), v.version());
            p.put("reason", "erasure of another profile");
            if (type.equals(ChangeEvents.UPDATED)) p.set("changes", diff);
            return p;
        });
        Erasure erasure = w.result().erasure();
        Instant at = w.at();
        String root = w.result().root();

        List<String> erased = erasure.erasedProfileIds();
        Set<String> others = new TreeSet<>(f.rows().keySet());
        erased.forEach(others::remove);
        ErasureRedaction redaction = new ErasureRedaction(erasure);
        s.profiles().rewriteChanges(org, erased, ErasureRedaction::scrubbed);
        Set<String> redacted = new TreeSet<>(s.profiles().rewriteChanges(org, others, redaction::event));
        for (IdempotencyRecord r : s.idempotency().idempotencyOf(org, erased)) s.idempotency().putIdempotency(r.tombstone());
        for (IdempotencyRecord r : s.idempotency().idempotencyOf(org, others)) {
            IdempotencyRecord next = redaction.answer(r);
            if (next == r) continue;
            s.idempotency().putIdempotency(next);
            redacted.add(r.profileId());
        }
        redacted.addAll(erasure.rederivedProfileIds());

        ObjectNode p = ChangeEvents.payload(ChangeEvents.DELETED, root, 0);
        p.set("erased_profile_ids", ChangeEvents.ids(erased));
        p.set("redacted_profile_ids", ChangeEvents.ids(redacted));
        service.append(s, new ChangeEvent(0, org, root, ChangeEvents.DELETED, at, p));
        return erasure;
    }

    /** The erasure and the profile it started from: the root of the erased cluster. */
    private record Erased(String root, Erasure erasure) {}

    /**
     * The clusters of {@code seeds} and of every profile a SAME link (asserted or retracted) reaches from them, read
     * while locked. Members found after the first lock are only tried; a deferred attempt locks them all first.
     */
    private Fragment everLinked(WriteSession s, Set<String> seeds) {
        while (true) {
            missed.addAll(seeds);
            Fragment f = s.profiles().clusters(org, seeds, missed, false);
            Set<String> more = new TreeSet<>();
            for (IdentityLink l : f.links()) {
                if (l.kind() != LinkKind.SAME) continue;
                for (String id : List.of(l.fromProfileId(), l.toProfileId())) if (!f.rows().containsKey(id)) more.add(id);
            }
            if (more.isEmpty()) return f;
            seeds.addAll(more);
        }
    }

    /** Whether an identifier value belongs to a profile outside the erased cluster (asked of the store: it knows every owner). */
    private Predicate<IdentifierKey> heldElsewhere(WriteSession s, ActiveConfiguration c, IdentityGraph g, String root) {
        Predicate<String> outside = node -> !g.get(node).map(ProfileView::profileId).orElse("").equals(root);
        return key -> {
            boolean linking = c.template().attribute(key.attribute()).map(AttributeDefinition::linking).orElse(true);
            Collection<String> owners = linking ? s.profiles().ownerOf(org, key.attribute(), key.value()).stream().toList()
                    : s.profiles().sharedOwners(org, key.attribute(), key.value());
            return owners.stream().anyMatch(outside);
        };
    }

    private IdentityGraph graph(ActiveConfiguration c, Fragment f) {
        IdentityGraph g = c.graph(service.normalizer(), service.ids(), service.clock());
        g.load(f.nodes(), f.records(), f.links());
        return g;
    }
}
