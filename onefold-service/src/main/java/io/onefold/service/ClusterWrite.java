package io.onefold.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.identity.GraphChanges;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.identity.NodeState;
import io.onefold.core.identity.ProfileStatus;
import io.onefold.core.identity.ProfileView;
import io.onefold.store.ChangeEvent;
import io.onefold.store.Fragment;
import io.onefold.store.StoredProfile;
import io.onefold.store.WriteSession;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The one write sequence of the identity operations ({@link IdentityOperations}: alias, transfer, merge, never the
 * same, unmerge, record deletion), erasure ({@link ProfileErasure}) and the identifier migration
 * ({@link IdentifierMigration}), inside the caller's write transaction:
 * <ol>
 *   <li><b>load</b> the clusters the operation reaches, kept from other writers ({@link io.onefold.store.ProfileWrites#clusters});</li>
 *   <li><b>decide</b> on a graph under the organization's configuration — the pure engine, which refuses before it
 *       changes anything, so a refused operation writes nothing;</li>
 *   <li><b>write</b> what the decision changed ({@link WriteSession#apply}); nothing when it changed nothing;</li>
 *   <li><b>announce</b>: one change event per changed profile, carrying its golden diff.</li>
 * </ol>
 * What differs between operations is the decision, each event's type and fields, and the answer the caller builds
 * from {@link Written}. Upserts ({@link UpsertBatch}) and re-resolution ({@link ActivationJob}) have their own
 * paths: see their comments.
 */
final class ClusterWrite {
    /** Nothing to write. */
    static final GraphChanges NONE = new GraphChanges(List.of(), List.of(), List.of(), List.of(), Map.of());

    /** What a decision gives back: the operation's own result and the rows to write. */
    record Decision<R>(R result, GraphChanges changes) {}

    /** Decides on the loaded clusters {@code f}, given an empty graph under the operation's configuration. */
    @FunctionalInterface
    interface Decide<R> {
        Decision<R> decide(Fragment f, IdentityGraph empty);
    }

    /** The event of one changed profile, given its golden diff: the payload (its {@code type} names the event), or null for none. */
    @FunctionalInterface
    interface Announce<R> {
        ObjectNode event(Written<R> written, ProfileView changed, ObjectNode diff);
    }

    /** What was written: the clusters as loaded, the decision, and the time it was written at. */
    record Written<R>(Fragment before, R result, GraphChanges changes, Instant at) {
        /** Profiles the operation absorbed: active when loaded, absorbed now. */
        List<String> absorbed() {
            return changes.nodes().stream()
                    .filter(n -> n.status() == ProfileStatus.ABSORBED && before.rows().containsKey(n.id())
                            && before.rows().get(n.id()).status() == ProfileStatus.ACTIVE)
                    .map(NodeState::id).toList();
        }

        /** When the profile last changed: now, or its stored time when the operation changed nothing. */
        Instant updatedAt(String profileId) {
            StoredProfile row = before.rows().get(profileId);
            return changes.isEmpty() && row != null ? row.updatedAt() : at;
        }
    }

    private final ProfileService service;

    ClusterWrite(ProfileService service) {
        this.service = service;
    }

    /** A decision that loads the clusters into the graph, runs {@code op} on it and takes what it changed. */
    static <R> Decide<R> onGraph(Function<IdentityGraph, R> op) {
        return (f, g) -> {
            g.load(f.nodes(), f.records(), f.links());
            R result = op.apply(g);
            return new Decision<>(result, g.changes());
        };
    }

    /**
     * The sequence on the clusters of {@code seeds}, locked (waiting if need be). {@code missed} carries the members
     * a deferred attempt could not lock to the next attempt of the same operation ({@link io.onefold.store.ProfileWrites#clusters}).
     */
    <R> Written<R> run(WriteSession s, String org, ActiveConfiguration c, Collection<String> seeds, Set<String> missed,
                       Decide<R> decide, Announce<R> announce) {
        return run(s, org, c, s.profiles().clusters(org, seeds, missed, true), decide, announce);
    }

    /** The sequence on clusters the caller loaded itself (erasure: every cluster ever linked to the person). */
    <R> Written<R> run(WriteSession s, String org, ActiveConfiguration c, Fragment f, Decide<R> decide, Announce<R> announce) {
        Decision<R> d = decide.decide(f, c.graph(service.normalizer(), service.ids(), service.clock()));
        Written<R> written = new Written<>(f, d.result(), d.changes(), service.clock().get());
        if (d.changes().isEmpty()) return written;
        s.profiles().apply(org, f, d.changes(), c.nonLinkingAttributes(), c.template().searchable(), written.at());
        for (ProfileView v : d.changes().profiles().values()) {
            StoredProfile before = f.rows().get(v.profileId());
            ObjectNode p = announce.event(written, v, ChangeEvents.diff(before == null ? null : before.attributes(), v.golden().attributes()));
            if (p != null) service.append(s, new ChangeEvent(0, org, v.profileId(), p.get("type").textValue(), written.at(), p));
        }
        return written;
    }
}
