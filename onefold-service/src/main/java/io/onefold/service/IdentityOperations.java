package io.onefold.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.error.NotFoundException;
import io.onefold.core.error.ValidationException;
import io.onefold.core.identity.IdentifierKey;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.identity.IdentityLink;
import io.onefold.core.identity.LinkKind;
import io.onefold.core.identity.ProfileView;
import io.onefold.core.json.Json;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.core.schema.AttributeDefinition;
import io.onefold.core.schema.IdentifierNormalizer;
import io.onefold.store.WriteKey;
import io.onefold.store.WriteSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The operations that change who is who (PRODUCT.md §1): aliases, identifier transfers, merges, "never the same",
 * unmerges, record deletion and erasure. Each is one operation of the writer running {@link ClusterWrite}'s sequence;
 * they differ in the clusters they reach, the engine operation, and the events they announce.
 */
final class IdentityOperations {
    private final ProfileService service;
    private final ClusterWrite writes;

    IdentityOperations(ProfileService service, ClusterWrite writes) {
        this.service = service;
        this.writes = writes;
    }

    /** The active rule set's {@code identifier_authority}, if it names one: the source trusted to change identifiers. */
    Optional<String> identifierAuthority(String org) {
        service.requireOrganization(org);
        return Optional.ofNullable(service.configuration(org, service.store()).rules().identifierAuthority());
    }

    ObjectNode addAlias(String org, String profileId, String attribute, String value) {
        return onProfiles(org, List.of(profileId), List.of(new IdentifierKey(attribute, value)), ChangeEvents.UPDATED,
                g -> g.addAlias(profileId, attribute, value), p -> p.put("reason", "alias added").put("attribute", attribute));
    }

    ObjectNode removeAlias(String org, String profileId, String attribute, String value) {
        return onProfiles(org, List.of(profileId), List.of(new IdentifierKey(attribute, value)), ChangeEvents.UPDATED,
                g -> g.removeAlias(profileId, attribute, value), p -> p.put("reason", "alias removed").put("attribute", attribute));
    }

    ObjectNode transferIdentifier(String org, String profileId, String attribute, String fromValue, String toValue) {
        return onProfiles(org, List.of(profileId), List.of(new IdentifierKey(attribute, toValue)), ChangeEvents.TRANSFERRED,
                g -> g.transferIdentifier(profileId, attribute, fromValue, toValue), p -> p.put("attribute", attribute));
    }

    ObjectNode merge(String org, List<String> profileIds, String reason) {
        if (profileIds == null || profileIds.size() < 2) throw ValidationException.of("profile_ids", "name at least two profiles");
        return onProfiles(org, profileIds, List.of(), ChangeEvents.MERGED,
                g -> g.merge(profileIds, reason), p -> p.put("reason", reason == null ? "manual merge" : reason));
    }

    ObjectNode neverTheSame(String org, String profileId, String otherId, String reason) {
        return onProfiles(org, List.of(profileId, otherId), List.of(), ChangeEvents.UPDATED,
                g -> {
                    g.neverTheSame(profileId, otherId, reason);
                    return g.get(profileId).orElseThrow();
                }, p -> p.put("reason", "never the same person as " + otherId));
    }

    /** Undoes a merge; returns {@code {profile, restored}}. */
    ObjectNode unmerge(String org, String profileId, String absorbedId) {
        service.requireOrganization(org);
        Set<String> missed = new TreeSet<>();
        return service.writer().execute(ctx -> {
            WriteSession s = ctx.session();
            ClusterWrite.Written<ProfileView> w = writes.run(s, org, service.configuration(org, s), List.of(profileId), missed, (f, g) -> {
                if (f.rows().isEmpty()) throw new NotFoundException("no profile '" + profileId + "'");
                return ClusterWrite.onGraph(graph -> graph.unmerge(profileId, absorbedId)).decide(f, g);
            }, (written, v, diff) -> {
                ObjectNode p = ChangeEvents.payload(ChangeEvents.UNMERGED, v.profileId(), v.version());
                p.put("restored_profile_id", written.result().profileId());
                p.set("changes", diff);
                return p;
            });
            ObjectNode out = Json.object();
            for (ProfileView v : w.changes().profiles().values()) {
                out.set(v.profileId().equals(w.result().profileId()) ? "restored" : "profile", ProfileDocuments.of(v, w.at()));
            }
            return out;
        });
    }

    ObjectNode deleteRecord(String org, String source, String sourceRecordId) {
        service.requireOrganization(org);
        Set<String> missed = new TreeSet<>();
        return service.writer().execute(ctx -> {
            WriteSession s = ctx.session();
            SourceRecordKey key = SourceRecordKey.explicit(source, sourceRecordId);
            s.exclude(List.of(WriteKey.record(org, key)), true);
            String owner = s.profiles().recordOwner(org, key)
                    .orElseThrow(() -> new NotFoundException("no record '" + sourceRecordId + "' from source '" + source + "'"));
            return write(s, org, List.of(owner), missed, ChangeEvents.UPDATED, g -> g.deleteRecord(source, sourceRecordId),
                    p -> p.put("reason", "source record deleted").put("source", source).put("source_record_id", sourceRecordId));
        });
    }

    /** Accepts a queued possible match (a manual merge of the two profiles); answers the merged profile. */
    ObjectNode acceptMatch(String org, String linkId, String reason) {
        String why = reason == null ? "possible match accepted" : reason;
        return onPossibleMatch(org, linkId, ChangeEvents.MERGED, g -> g.acceptMatch(linkId, why), p -> p.put("reason", why).put("link_id", linkId));
    }

    /** Rejects a queued possible match (the two profiles are never the same person); answers the link's first profile. */
    ObjectNode rejectMatch(String org, String linkId, String reason) {
        String why = reason == null ? "possible match rejected" : reason;
        return onPossibleMatch(org, linkId, ChangeEvents.UPDATED, g -> {
            IdentityLink link = g.links().stream().filter(l -> l.id().equals(linkId)).findFirst().orElseThrow();
            g.rejectMatch(linkId, why);
            return g.get(link.fromProfileId()).orElseThrow();
        }, p -> p.put("reason", why).put("link_id", linkId));
    }

    private ObjectNode onPossibleMatch(String org, String linkId, String type, Function<IdentityGraph, ProfileView> op, Consumer<ObjectNode> describe) {
        service.requireOrganization(org);
        Set<String> missed = new TreeSet<>();
        return service.writer().execute(ctx -> {
            WriteSession s = ctx.session();
            IdentityLink link = s.profiles().link(org, linkId).filter(l -> l.kind() == LinkKind.POSSIBLE_MATCH)
                    .orElseThrow(() -> new NotFoundException("no possible match '" + linkId + "'"));
            return write(s, org, List.of(link.fromProfileId(), link.toProfileId()), missed, type, op, describe);
        });
    }

    /** See {@link ProfileErasure}: its own loading (every cluster ever linked) and events, on the same sequence. */
    List<String> erase(String org, String profileId) {
        service.requireOrganization(org);
        return new ProfileErasure(service, writes, org, profileId).run();
    }

    /** An operation on {@code profileIds} and the owners of the linking values it names, in one write. */
    private ObjectNode onProfiles(String org, List<String> profileIds, List<IdentifierKey> values, String type,
                                  Function<IdentityGraph, ProfileView> op, Consumer<ObjectNode> describe) {
        service.requireOrganization(org);
        Set<String> missed = new TreeSet<>();
        return service.writer().execute(ctx -> {
            WriteSession s = ctx.session();
            ActiveConfiguration c = service.configuration(org, s);
            List<String> seeds = new ArrayList<>(profileIds);
            List<IdentifierKey> named = new ArrayList<>();
            List<IdentifierKey> linking = new ArrayList<>();
            for (IdentifierKey av : values) {
                c.template().attribute(av.attribute()).filter(AttributeDefinition::identifier).ifPresent(def -> {
                    if (av.value() != null && service.normalizer().normalize(def.normalization(), av.value()) instanceof IdentifierNormalizer.Result.Ok ok) {
                        IdentifierKey normalized = new IdentifierKey(def.name(), ok.value());
                        named.add(normalized);
                        if (def.linksProfiles()) linking.add(normalized);
                    }
                });
            }
            s.exclude(named.stream().map(av -> WriteKey.identifier(org, av.attribute(), av.value())).toList(), true);
            // the owners of the values it names: their clusters are loaded too (a transfer's target, say)
            Map<IdentifierKey, String> owners = linking.isEmpty() ? Map.of() : s.profiles().owners(org, linking);
            for (IdentifierKey k : linking) if (owners.containsKey(k)) seeds.add(owners.get(k));
            return write(s, org, seeds, missed, type, op, describe);
        });
    }

    /** The sequence with the identity operations' events ({@code merged_profile_ids} when it absorbed some) and answer. */
    private ObjectNode write(WriteSession s, String org, List<String> seeds, Set<String> missed, String type,
                             Function<IdentityGraph, ProfileView> op, Consumer<ObjectNode> describe) {
        ClusterWrite.Written<ProfileView> w = writes.run(s, org, service.configuration(org, s), seeds, missed, ClusterWrite.onGraph(op),
                (written, v, diff) -> {
                    ObjectNode p = ChangeEvents.payload(type, v.profileId(), v.version());
                    describe.accept(p);
                    List<String> absorbed = written.absorbed();
                    if (!absorbed.isEmpty()) p.set("merged_profile_ids", ChangeEvents.ids(absorbed));
                    p.set("changes", diff);
                    return p;
                });
        return ProfileDocuments.of(w.result(), w.updatedAt(w.result().profileId()));
    }
}
