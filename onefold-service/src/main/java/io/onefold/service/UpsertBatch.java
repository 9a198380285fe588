package io.onefold.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.error.ErasedException;
import io.onefold.core.error.IdempotencyKeyReusedException;
import io.onefold.core.error.OnefoldException;
import io.onefold.core.identity.GraphChanges;
import io.onefold.core.identity.IdentifierKey;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.identity.MatchMemo;
import io.onefold.core.identity.Outcome;
import io.onefold.core.identity.UpsertResult;
import io.onefold.core.json.CanonicalJson;
import io.onefold.core.json.Json;
import io.onefold.core.matching.MatchDecision;
import io.onefold.core.matching.MatchingRules;
import io.onefold.core.model.NormalizedObservation;
import io.onefold.core.model.Observation;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.core.schema.AttributeDefinition;
import io.onefold.store.CandidateRecord;
import io.onefold.store.ChangeEvent;
import io.onefold.store.Fragment;
import io.onefold.store.IdempotencyRecord;
import io.onefold.store.StoredProfile;
import io.onefold.store.WriteKey;
import io.onefold.store.WriteSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Upserts of one organization through the write pipeline's phases, as one unit of the writer's transaction: what
 * {@code POST /profiles} (a batch of whatever queued), {@code /profiles/bulk} and {@code onefold ingest} (a batch of
 * thousands) all run.
 *
 * <ol>
 *   <li><b>gather</b> every key the batch names — identifier values, record keys, profile ids, idempotency keys;</li>
 *   <li><b>read</b> their owners and whole clusters once for the batch (the write session answers from its exact
 *       cluster cache first; on a shared store the keys are excluded first, see {@link WriteSession#exclude});</li>
 *   <li><b>decide</b> in memory, upsert after upsert in arrival order, on one {@link IdentityGraph}: a later upsert
 *       sees an earlier one's profile, a repeated idempotency key is answered from the first; a refused upsert (400,
 *       409) leaves the graph as it was, so it affects nothing else;</li>
 *   <li><b>write</b> what changed once ({@link WriteSession#apply}), one change event per upsert that changed
 *       something, in arrival order, and the idempotency records.</li>
 * </ol>
 * The writer commits, then answers every caller. Should the store refuse the batch's writes (its unique constraint
 * is the last word, on a store other nodes write), the batch is rolled back and run upsert by upsert, each alone in
 * its own savepoint — exactly the one-by-one path. The results are those of the same upserts sent one by one
 * ({@code UpsertBatchProperties}).
 */
final class UpsertBatch {
    /**
     * An upsert as the caller's thread prepared it: parsed, validated against {@code cfg}, its request hashed when it
     * has an idempotency key; {@code withProfile}: the answer carries the profile (a bulk line's does not);
     * {@code missed} (mutable): on a shared store, the cluster members another node held when an attempt was deferred,
     * which the next attempt locks in order with the others.
     */
    record Request(Observation observation, NormalizedObservation checked, ActiveConfiguration cfg, String idempotencyKey,
                   String requestHash, Instant receivedAt, boolean withProfile, Set<String> missed) {
        Request(Observation observation, NormalizedObservation checked, ActiveConfiguration cfg, String idempotencyKey,
                String requestHash, Instant receivedAt, boolean withProfile) {
            this(observation, checked, cfg, idempotencyKey, requestHash, receivedAt, withProfile, new TreeSet<>());
        }
    }

    private final ProfileService service;
    private final String org;

    UpsertBatch(ProfileService service, String org) {
        this.service = service;
        this.org = org;
    }

    /**
     * Runs the requests in the writer's transaction; one outcome per request, in order: its {@link UpsertResponse}, or
     * the {@link OnefoldException} that refused it alone.
     */
    List<Object> run(SingleWriter.Context ctx, List<Request> requests) {
        WriteSession s = ctx.session();
        ActiveConfiguration c = service.configuration(org, s);
        Object[] outcomes = new Object[requests.size()];
        List<NormalizedObservation> checked = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            Request r = requests.get(i);
            NormalizedObservation n = null;
            try {
                // validated on the caller's thread against the same configuration: not again here
                n = r.cfg() == c ? r.checked() : c.validator().validate(r.observation());
            } catch (OnefoldException e) {
                outcomes[i] = e;
            }
            checked.add(n);
        }
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) if (outcomes[i] == null) todo.add(i);
        if (todo.isEmpty()) return Arrays.asList(outcomes);
        if (requests.size() == 1) {
            // alone: what the store refuses undoes the writer's unit of work for this operation
            decideAndWrite(s, c, requests, checked, todo, outcomes);
            return Arrays.asList(outcomes);
        }
        try {
            s.atomically(() -> decideAndWrite(s, c, requests, checked, todo, outcomes));
        } catch (OnefoldException storeRefused) {
            // the store's unique constraint disagreed with the graph: redo the batch the one-by-one way
            for (int i : todo) {
                try {
                    outcomes[i] = null;
                    s.atomically(() -> decideAndWrite(s, c, requests, checked, List.of(i), outcomes));
                } catch (OnefoldException e) {
                    outcomes[i] = e;
                }
            }
        }
        return Arrays.asList(outcomes);
    }

    /** Phases 1 to 4 for the requests {@code todo}; throws only when the store refuses the writes. */
    private Void decideAndWrite(WriteSession s, ActiveConfiguration c, List<Request> requests, List<NormalizedObservation> checked,
                                List<Integer> todo, Object[] outcomes) {
        Instant at = service.clock().get();
        // on a store other nodes write: the keys, then the clusters, kept from the other nodes before they are read (WriteSession.exclude, ProfileWrites.clusters)
        BlockingKeys blocking = new BlockingKeys(c, checked);
        if (s.shared()) s.exclude(lockKeys(c, requests, checked, todo, blocking), true);
        Set<String> missed = new TreeSet<>();
        for (int i : todo) missed.addAll(requests.get(i).missed());
        Fragment f;
        try {
            f = s.profiles().clusters(org, seeds(s, c, checked, todo, blocking), missed, true);
        } finally {
            // a deferred attempt tells the next one what to lock first, whichever batch the requests meet again in
            for (int i : todo) requests.get(i).missed().addAll(missed);
        }
        IdentityGraph g = c.graph(service.normalizer(), service.ids(), service.clock());
        blocking.shareWith(g);
        g.load(f.nodes(), f.records(), f.links());
        // the golden record each profile had before the upsert about to run: the event's "old" values
        Map<String, JsonNode> latest = new HashMap<>();
        List<ChangeEvent> events = new ArrayList<>();
        List<IdempotencyRecord> answers = new ArrayList<>();
        Map<String, IdempotencyRecord> answered = new HashMap<>();
        for (int i : todo) {
            Request req = requests.get(i);
            String key = req.idempotencyKey();
            if (key != null) {
                // the batch's own earlier answer first, then the stored one: a repeated key is never applied twice
                Optional<IdempotencyRecord> seen = Optional.ofNullable(answered.get(key)).or(() -> s.idempotency().idempotency(org, key)
                        .filter(x -> x.erased() || x.createdAt().isAfter(req.receivedAt().minus(ProfileService.IDEMPOTENCY_WINDOW))));
                if (seen.isPresent()) {
                    if (seen.get().erased()) outcomes[i] = new ErasedException(key);
                    else if (!seen.get().requestHash().equals(req.requestHash())) outcomes[i] = new IdempotencyKeyReusedException(key);
                    else outcomes[i] = new UpsertResponse(seen.get().status(), (ObjectNode) io.onefold.store.StoreCodec.parse(seen.get().response()), true);
                    continue;
                }
            }
            UpsertResult r;
            try {
                r = g.upsert(checked.get(i));
            } catch (OnefoldException e) {
                outcomes[i] = e;
                continue;
            }
            StoredProfile row = f.rows().get(r.profileId());
            if (r.outcome() != Outcome.UNCHANGED) {
                JsonNode before = latest.containsKey(r.profileId()) ? latest.get(r.profileId()) : row == null ? null : row.attributes();
                ChangeEvents.ofUpsert(org, r, req.observation(), c.rulesRow().name(), before, at).ifPresent(events::add);
                latest.put(r.profileId(), r.profile().golden().attributes());
            }
            ObjectNode body = Json.object();
            body.put("profile_id", r.profileId());
            body.put("outcome", r.outcome().code());
            body.set("merged_profile_ids", ChangeEvents.ids(r.mergedProfileIds()));
            // the stored row's update time moves with its version (WriteSession.apply), this batch's upserts included
            Instant updatedAt = row != null && row.version() == r.profile().version() ? row.updatedAt() : at;
            if (req.withProfile()) body.set("profile", ProfileDocuments.of(r.profile(), updatedAt));
            int status = r.outcome() == Outcome.CREATED ? 201 : 200;
            if (key != null) {
                IdempotencyRecord answer = new IdempotencyRecord(org, key, req.requestHash(), status, CanonicalJson.of(body), r.profileId(), req.receivedAt());
                answers.add(answer);
                answered.put(key, answer);
            }
            outcomes[i] = new UpsertResponse(status, body, false);
        }

        GraphChanges changes = g.changes();
        if (!changes.isEmpty()) s.profiles().apply(org, f, changes, c.nonLinkingAttributes(), c.template().searchable(), at);
        for (ChangeEvent e : events) service.append(s, e);
        for (IdempotencyRecord a : answers) s.idempotency().putIdempotency(a);
        return null;
    }

    /**
     * Each request's blocking keys under the active matching rules (none without them), computed at most once per batch
     * and only for the requests that need them: the ones scored (naming no profile), and on a shared store every one
     * (they are locked before anything is read). What it computes — values, keys, candidate records' scores — is the
     * batch's {@link MatchMemo}, which the graph then reuses: a candidate record is scored once per upsert.
     */
    private static final class BlockingKeys {
        private final MatchMemo memo;
        private final List<NormalizedObservation> checked;

        BlockingKeys(ActiveConfiguration c, List<NormalizedObservation> checked) {
            this.memo = c.rules().matching().map(MatchMemo::of).orElse(null);
            this.checked = checked;
        }

        boolean active() {
            return memo != null;
        }

        boolean scoresAll() {
            return memo.rules().scoreMatchedProfiles();
        }

        List<String> of(int request) {
            if (memo == null) return List.of();
            return memo.keys(memo.values(checked.get(request)));
        }

        /** Whether a candidate record scores at the review threshold or above against the request: its cluster is then read. */
        boolean worthReading(int request, SourceRecord candidate) {
            return memo.score(checked.get(request), candidate).decision() != MatchDecision.NO_MATCH;
        }

        /** Hands the batch's memo to the graph that decides: it scores the same records against the same observations. */
        void shareWith(IdentityGraph g) {
            if (memo != null) g.reuse(memo);
        }
    }

    /** The linking identifier values, source records and idempotency keys the requests name, as lock keys. */
    private List<WriteKey> lockKeys(ActiveConfiguration c, List<Request> requests, List<NormalizedObservation> checked, List<Integer> todo,
                                    BlockingKeys blocking) {
        Set<WriteKey> keys = new TreeSet<>();
        for (int i : todo) {
            NormalizedObservation obs = checked.get(i);
            if (obs.sourceRecordId() != null) keys.add(WriteKey.record(org, SourceRecordKey.explicit(obs.source(), obs.sourceRecordId())));
            // linking values only: a non-linking one (a household phone) never bridges profiles, and locking it would
            // serialize every household's members for nothing
            for (var e : obs.identifiers().entrySet()) {
                if (!c.template().attribute(e.getKey()).map(AttributeDefinition::linksProfiles).orElse(true)) continue;
                for (String v : e.getValue()) keys.add(WriteKey.identifier(org, e.getKey(), v));
            }
            if (requests.get(i).idempotencyKey() != null) keys.add(WriteKey.idempotency(org, requests.get(i).idempotencyKey()));
            // two nodes creating the same new person at once would each miss the other's record: its blocking keys serialize them
            for (String k : blocking.of(i)) keys.add(WriteKey.identifier(org, "~match", k));
        }
        return List.copyOf(keys);
    }

    /**
     * Every profile the requests can reach: the ids they name, the owners of their records and identifier values —
     * read for the whole batch at once, one set-based read per kind of key.
     */
    private Set<String> seeds(WriteSession s, ActiveConfiguration c, List<NormalizedObservation> checked, List<Integer> todo,
                              BlockingKeys blocking) {
        Set<String> seeds = new LinkedHashSet<>();
        // sorted and distinct: neighbouring keys share index pages, and a hot customer is looked up once
        Set<SourceRecordKey> records = new TreeSet<>();
        Set<IdentifierKey> linking = new TreeSet<>(UpsertBatch::compare);
        Set<IdentifierKey> shared = new TreeSet<>(UpsertBatch::compare);
        for (int i : todo) {
            NormalizedObservation obs = checked.get(i);
            if (obs.profileId() != null) seeds.add(obs.profileId());
            if (obs.sourceRecordId() != null) records.add(SourceRecordKey.explicit(obs.source(), obs.sourceRecordId()));
            for (var e : obs.identifiers().entrySet()) {
                AttributeDefinition def = c.template().attributes().get(e.getKey());
                for (String v : e.getValue()) (def.linksProfiles() ? linking : shared).add(new IdentifierKey(def.name(), v));
            }
        }
        // taken in key order, as the keys were sorted: the seeds' order does not depend on how the store answered
        Map<SourceRecordKey, String> recordOwners = records.isEmpty() ? Map.of() : s.profiles().recordOwners(org, records);
        for (SourceRecordKey k : records) if (recordOwners.containsKey(k)) seeds.add(recordOwners.get(k));
        Map<IdentifierKey, String> owners = linking.isEmpty() ? Map.of() : s.profiles().owners(org, linking);
        for (IdentifierKey k : linking) if (owners.containsKey(k)) seeds.add(owners.get(k));
        Map<IdentifierKey, Set<String>> holders = shared.isEmpty() ? Map.of() : s.profiles().sharedOwners(org, shared);
        for (IdentifierKey k : shared) seeds.addAll(holders.getOrDefault(k, Set.of()));
        if (blocking.active()) {
            // probabilistic matching scores an observation that names no profile (or every one, if the rules say so)
            // against the records sharing one of its blocking keys; only the nodes of records scoring at the review
            // threshold or above are read whole — the graph then finds the same records and reuses these scores
            Map<String, List<Integer>> scoredBy = new TreeMap<>();
            for (int i : todo) {
                if (blocking.scoresAll() || !names(checked.get(i), recordOwners, owners)) {
                    for (String k : blocking.of(i)) scoredBy.computeIfAbsent(k, x -> new ArrayList<>()).add(i);
                }
            }
            if (!scoredBy.isEmpty()) {
                for (CandidateRecord r : s.profiles().matchCandidateRecords(org, scoredBy.keySet(), MatchingRules.MAX_RECORDS_PER_KEY)) {
                    for (int i : scoredBy.get(r.key())) if (blocking.worthReading(i, r.record())) seeds.add(r.nodeId());
                }
            }
        }
        return seeds;
    }

    /** Whether the observation certainly names a stored profile (its id, its record's owner, an owned linking value): then it is not scored. */
    private static boolean names(NormalizedObservation obs, Map<SourceRecordKey, String> recordOwners, Map<IdentifierKey, String> owners) {
        if (obs.profileId() != null) return true;
        if (obs.sourceRecordId() != null && recordOwners.containsKey(SourceRecordKey.explicit(obs.source(), obs.sourceRecordId()))) return true;
        for (var e : obs.identifiers().entrySet()) {
            for (String v : e.getValue()) if (owners.containsKey(new IdentifierKey(e.getKey(), v))) return true;
        }
        return false;
    }

    private static int compare(IdentifierKey a, IdentifierKey b) {
        int c = a.attribute().compareTo(b.attribute());
        return c != 0 ? c : a.value().compareTo(b.value());
    }
}
