package io.onefold.store;

import static io.onefold.core.testing.Fixtures.obs;
import static io.onefold.core.testing.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.core.identity.GraphChanges;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.identity.IdentityLink;
import io.onefold.core.identity.LinkKind;
import io.onefold.core.identity.LinkOrigin;
import io.onefold.core.identity.LinkState;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.core.testing.Fixtures;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The store contract for probabilistic matching: the blocking-key index {@code apply} keeps from
 * {@link GraphChanges#matchKeys}, read by {@link ProfileReads#matchCandidates}, and the review queue read by
 * {@link ProfileReads#links}.
 */
public interface MatchingContract extends StoreFixture {
    int CAP = 10;
    SourceRecordKey C1 = SourceRecordKey.explicit("salesforce_crm", "C-1");

    /** The engine's changes, with every record they write indexed under {@code keys}. */
    static UnaryOperator<GraphChanges> indexedUnder(String... keys) {
        return c -> {
            Map<SourceRecordKey, List<String>> listed = new HashMap<>();
            for (SourceRecord r : c.records()) listed.put(r.key(), List.of(keys));
            return withKeys(c, listed);
        };
    }

    static GraphChanges withKeys(GraphChanges c, Map<SourceRecordKey, List<String>> keys) {
        return new GraphChanges(c.nodes(), c.records(), c.deletedRecords(), c.links(), c.profiles(), keys);
    }

    private Map<String, Set<String>> candidates(String... keys) {
        return store().profiles().matchCandidates(ORG, List.of(keys), CAP);
    }

    @Test
    default void keysWrittenByApplyFindTheNodesHoldingTheirRecords() {
        String[] ids = new String[2];
        // a key with a quote, a backslash, a control character and a non-ASCII letter travels as sent
        String odd = "k:\"o\\d\u0001é";
        write(s -> {
            ids[0] = upsert(s, record("salesforce_crm", "C-1", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\"}"), indexedUnder("k:smith|jo", "k:shared"));
            ids[1] = upsert(s, record("voice_ivr", "V-1", "2026-11-02T00:00:00Z", "{\"phone_number\":\"+14155550101\"}"), indexedUnder("k:shared", odd));
        });
        assertThat(candidates("k:smith|jo", "k:shared", odd, "k:nobody"))
                .as("a key no record holds is absent")
                .isEqualTo(Map.of("k:smith|jo", Set.of(ids[0]), "k:shared", Set.of(ids[0], ids[1]), odd, Set.of(ids[1])));
        assertThat(store().profiles().matchCandidates("other", List.of("k:shared"), CAP)).as("another organization's").isEmpty();
        assertThat(store().profiles().matchCandidates(ORG, List.of(), CAP)).isEmpty();

        // a merge: the answer is each record's node as records holds it now, whichever side was absorbed
        write(s -> upsert(s, obs("webchat_middleware", "2026-11-03T00:00:00Z", "{\"email\":\"a@example.com\",\"phone_number\":\"+14155550101\"}")));
        assertThat(store().profiles().countActiveProfiles(ORG)).as("merged").isEqualTo(1);
        SourceRecordKey v1 = SourceRecordKey.explicit("voice_ivr", "V-1");
        Map<SourceRecordKey, String> owners = store().profiles().recordOwners(ORG, List.of(C1, v1));
        assertThat(candidates("k:shared", odd)).isEqualTo(Map.of("k:shared", new HashSet<>(owners.values()), odd, Set.of(owners.get(v1))));

        // the session sees its own keys before the commit; readers do not
        write(s -> upsert(s, record("salesforce_crm", "C-2", "2026-11-04T00:00:00Z", "{\"email\":\"b@example.com\"}"), indexedUnder("k:new")), s -> {
            assertThat(s.profiles().matchCandidates(ORG, List.of("k:new"), CAP)).containsOnlyKeys("k:new");
            assertThat(candidates("k:new")).isEmpty();
        });
        assertThat(candidates("k:new")).containsOnlyKeys("k:new");
    }

    @Test
    default void aRecordsListedKeysReplaceItsOldOnesAndAnUnlistedRecordKeepsThem() {
        String[] id = new String[1];
        write(s -> id[0] = upsert(s, record("salesforce_crm", "C-1", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\"}"), indexedUnder("k:old", "k:kept")));
        write(s -> upsert(s, record("salesforce_crm", "C-1", "2026-11-02T00:00:00Z", "{\"email\":\"a@example.com\",\"loyalty_tier\":\"Gold\"}"),
                indexedUnder("k:kept", "k:new", "k:new")));
        assertThat(candidates("k:old", "k:kept", "k:new")).isEqualTo(Map.of("k:kept", Set.of(id[0]), "k:new", Set.of(id[0])));

        write(s -> upsert(s, record("salesforce_crm", "C-1", "2026-11-03T00:00:00Z", "{\"email\":\"a@example.com\",\"loyalty_tier\":\"Silver\"}")));
        assertThat(candidates("k:kept", "k:new")).as("no keys listed (no matching): nothing written").containsOnlyKeys("k:kept", "k:new");

        write(s -> upsert(s, record("salesforce_crm", "C-1", "2026-11-04T00:00:00Z", "{\"email\":\"a@example.com\"}"), c -> withKeys(c, Map.of(C1, List.of()))));
        assertThat(candidates("k:old", "k:kept", "k:new")).as("an empty list: no keys any more").isEmpty();
    }

    @Test
    default void aDeletedOrErasedRecordLosesItsKeysListedOrNot() {
        String[] ids = new String[3];
        write(s -> {
            ids[0] = upsert(s, record("salesforce_crm", "C-1", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\"}"), indexedUnder("k:deleted"));
            upsert(s, record("voice_ivr", "V-1", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\",\"loyalty_tier\":\"Gold\"}"), indexedUnder("k:kept"));
            ids[1] = upsert(s, record("salesforce_crm", "C-2", "2026-11-02T00:00:00Z", "{\"email\":\"b@example.com\"}"), indexedUnder("k:erased", "k:deleted"));
            ids[2] = upsert(s, record("salesforce_crm", "C-3", "2026-11-03T00:00:00Z", "{\"email\":\"c@example.com\"}"), indexedUnder("k:deleted"));
        });
        assertThat(candidates("k:deleted")).isEqualTo(Map.of("k:deleted", Set.of(ids[0], ids[1], ids[2])));

        engine(ids[0], g -> g.deleteRecord("salesforce_crm", "C-1"));
        assertThat(candidates("k:deleted", "k:kept")).isEqualTo(Map.of("k:deleted", Set.of(ids[1], ids[2]), "k:kept", Set.of(ids[0])));

        engine(ids[1], g -> g.erase(ids[1]));
        assertThat(candidates("k:deleted", "k:erased")).isEqualTo(Map.of("k:deleted", Set.of(ids[2])));
    }

    /** Runs a command on a stored cluster and applies what it changed as the engine reports it (no keys listed). */
    private void engine(String profileId, Consumer<IdentityGraph> command) {
        write(s -> {
            IdentityGraph g = Fixtures.omnichannelGraph();
            Fragment f = s.profiles().fragment(ORG, List.of(profileId));
            g.load(f.nodes(), f.records(), f.links());
            command.accept(g);
            GraphChanges changes = g.changes();
            assertThat(changes.deletedRecords()).isNotEmpty();
            s.profiles().apply(ORG, f, changes, NON_LINKING, SEARCHABLE, NOW);
        });
    }

    @Test
    default void aKeyHeldByMoreRecordsThanTheCapAnswersAnEmptySetAndManyKeysAreEachKeyAlone() {
        String[] ids = new String[3];
        write(s -> {
            for (int i = 0; i < 3; i++) {
                ids[i] = upsert(s, record("salesforce_crm", "C-" + i, "2026-11-01T00:00:00Z", "{\"email\":\"s" + i + "@example.com\"}"),
                        i == 0 ? indexedUnder("k:common", "k:rare") : indexedUnder("k:common"));
            }
        });
        ProfileReads readers = store().profiles();
        assertThat(readers.matchCandidates(ORG, List.of("k:common", "k:rare"), 3)).isEqualTo(Map.of("k:common", Set.of(ids[0], ids[1], ids[2]), "k:rare", Set.of(ids[0])));
        assertThat(readers.matchCandidates(ORG, List.of("k:common", "k:rare"), 2)).as("too common to be evidence").isEqualTo(Map.of("k:common", Set.of(), "k:rare", Set.of(ids[0])));
        assertThat(readers.matchCandidates(ORG, List.of("k:common", "k:rare"), 0)).isEqualTo(Map.of("k:common", Set.of(), "k:rare", Set.of()));

        List<String> keys = List.of("k:rare", "k:common", "k:nobody", "k:rare");
        for (int cap : new int[] {1, 2, 3}) {
            Map<String, Set<String>> alone = new HashMap<>();
            for (String k : keys) alone.putAll(readers.matchCandidates(ORG, List.of(k), cap));
            assertThat(readers.matchCandidates(ORG, keys, cap)).as("cap " + cap).isEqualTo(alone);
        }
    }

    @Test
    default void candidateRecordsAreTheRecordsAsStoredWithTheirNodesAndTheSameCap() {
        String[] ids = new String[2];
        write(s -> {
            ids[0] = upsert(s, record("salesforce_crm", "C-1", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\",\"loyalty_tier\":\"Gold\"}"), indexedUnder("k:shared", "k:rare"));
            ids[1] = upsert(s, record("voice_ivr", "V-1", "2026-11-02T00:00:00Z", "{\"phone_number\":\"+14155550101\"}"), indexedUnder("k:shared"));
        });
        List<CandidateRecord> found = store().profiles().matchCandidateRecords(ORG, List.of("k:shared", "k:rare", "k:nobody"), CAP);
        assertThat(found).extracting(c -> c.key() + " " + c.nodeId() + " " + c.record().key())
                .containsExactly("k:rare " + ids[0] + " " + C1, "k:shared " + ids[0] + " " + C1,
                        "k:shared " + ids[1] + " " + SourceRecordKey.explicit("voice_ivr", "V-1"));
        assertThat(found.getFirst().record().contributions().get("loyalty_tier").value().asText()).as("the record as stored").isEqualTo("Gold");
        assertThat(store().profiles().matchCandidateRecords(ORG, List.of("k:shared", "k:rare"), 1)).as("a key over the cap finds nothing")
                .extracting(CandidateRecord::key).containsExactly("k:rare");
        assertThat(store().profiles().matchCandidateRecords(ORG, List.of(), CAP)).isEmpty();
    }

    @Test
    default void linksOfAKindAndStateArePagedOldestFirstAfterTheCursor() {
        write(s -> s.configuration().createOrganization(new Organization("other", "Other", NOW)));
        // 0.1 s and 0.100001 s print as ".100Z" and ".100001Z", and a whole second prints no fraction: time order,
        // not the order of those texts
        IdentityLink second = possible("l-a", NOW.plusSeconds(1)), secondToo = possible("l-b", NOW.plusSeconds(1));
        IdentityLink tenth = possible("l-z", NOW.plusMillis(100)), tenthAndAMicro = possible("l-y", NOW.plusNanos(100_001_000));
        IdentityLink first = possible("l-m", NOW);
        IdentityLink same = new IdentityLink("l-same", "p-1", "p-2", LinkKind.SAME, LinkOrigin.AUTOMATIC, LinkState.ASSERTED, "email", NOW.minusSeconds(5),
                List.of(new io.onefold.core.identity.IdentifierKey("email", "old@example.com")));
        IdentityLink rejected = possible("l-rejected", NOW.minusSeconds(5)).retract();
        applyLinks(ORG, List.of(secondToo, tenth, same, first, rejected, second, tenthAndAMicro));
        applyLinks("other", List.of(possible("l-other", NOW.minusSeconds(9))));

        ProfileReads readers = store().profiles();
        List<IdentityLink> queue = List.of(first, tenth, tenthAndAMicro, second, secondToo);
        assertThat(readers.links(ORG, LinkKind.POSSIBLE_MATCH, LinkState.ASSERTED, null, null, 10)).isEqualTo(queue);
        assertThat(readers.links(ORG, LinkKind.POSSIBLE_MATCH, LinkState.ASSERTED, null, null, 2)).isEqualTo(queue.subList(0, 2));
        assertThat(readers.links(ORG, LinkKind.POSSIBLE_MATCH, LinkState.ASSERTED, tenth.at(), tenth.id(), 2)).isEqualTo(queue.subList(2, 4));
        assertThat(readers.links(ORG, LinkKind.POSSIBLE_MATCH, LinkState.ASSERTED, second.at(), second.id(), 2)).as("the same instant, a later id").isEqualTo(queue.subList(4, 5));
        assertThat(readers.links(ORG, LinkKind.POSSIBLE_MATCH, LinkState.ASSERTED, secondToo.at(), secondToo.id(), 2)).isEmpty();
        assertThat(readers.links(ORG, LinkKind.POSSIBLE_MATCH, LinkState.ASSERTED, second.at(), null, 10)).as("no id: the whole instant").isEqualTo(queue.subList(3, 5));
        assertThat(readers.links(ORG, LinkKind.POSSIBLE_MATCH, LinkState.RETRACTED, null, null, 10)).containsExactly(rejected);
        assertThat(readers.links(ORG, LinkKind.SAME, LinkState.ASSERTED, null, null, 10)).containsExactly(same);
        assertThat(readers.links(ORG, LinkKind.DIFFERENT, LinkState.ASSERTED, null, null, 10)).isEmpty();
        assertThat(readers.links("other", LinkKind.POSSIBLE_MATCH, LinkState.ASSERTED, null, null, 10)).extracting(IdentityLink::id).containsExactly("l-other");

        // a decision retracts the link: it leaves the queue
        applyLinks(ORG, List.of(first.retract()));
        assertThat(readers.links(ORG, LinkKind.POSSIBLE_MATCH, LinkState.ASSERTED, null, null, 10)).isEqualTo(queue.subList(1, 5));
        assertThat(readers.links(ORG, LinkKind.POSSIBLE_MATCH, LinkState.RETRACTED, null, null, 10)).containsExactly(rejected, first.retract());
    }

    private static IdentityLink possible(String id, Instant at) {
        return new IdentityLink(id, "p-" + id, "q-" + id, LinkKind.POSSIBLE_MATCH, LinkOrigin.AUTOMATIC, LinkState.ASSERTED, "name,birth_date", at, List.of());
    }

    private void applyLinks(String org, List<IdentityLink> links) {
        write(s -> s.profiles().apply(org, Fragment.EMPTY, new GraphChanges(List.of(), List.of(), List.of(), links, Map.of()), NON_LINKING, SEARCHABLE, NOW));
    }
}
