package io.onefold.store.sqlite;

import static io.onefold.core.testing.Fixtures.obs;
import static io.onefold.core.testing.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onefold.core.error.IdentifierConflictException;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.identity.ProfileStatus;
import io.onefold.core.testing.Fixtures;
import io.onefold.store.Fragment;
import io.onefold.store.TransactionControl;
import io.onefold.store.WriteSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The writer's sets of holders of a non-linking value (a household phone, {@code ProfileReads.sharedOwners}) stay
 * complete whatever changes who holds it: each test caches the set, changes its holders one way, and requires the
 * next answer to come from the cache and to equal what a reader sees. (Every test also runs with
 * {@code -Donefold.cache.verify=true}, which reads each cached answer from the database too.)
 */
class SharedOwnersCacheTest extends SqliteStoreFixture {
    private static final String PHONE = "+14155550999";

    // ------------------------------------------------------------------ the holders change

    @Test
    void aMemberCreatedInALaterTransactionJoinsTheCachedSet() {
        open(100);
        String a = member("C-1", "a");
        assertThat(holders()).containsExactly(a);
        String b = member("C-2", "b");
        assertThat(cachedHolders()).containsExactlyInAnyOrder(a, b);
    }

    @Test
    void aMergeAndAnUnmergeKeepTheSetAsStored() {
        open(100);
        String caller = committed(s -> upsert(s, obs("voice_ivr", "2026-11-01T00:00:00Z", "{\"phone_number\":\"+14155550101\",\"household_phone\":\"" + PHONE + "\"}")));
        String customer = member("C-1", "a");
        assertThat(holders()).containsExactlyInAnyOrder(caller, customer);
        committed(s -> upsert(s, obs("webchat_middleware", "2026-11-03T00:00:00Z", "{\"email\":\"a@example.com\",\"phone_number\":\"+14155550101\"}")));
        String survivor = store.profiles().profile(ORG, caller).orElseThrow().status() == ProfileStatus.ABSORBED ? customer : caller;
        String absorbed = survivor.equals(caller) ? customer : caller;
        assertThat(store.profiles().profile(ORG, absorbed).orElseThrow().survivorId()).as("merged").isEqualTo(survivor);
        // the absorbed node keeps its entries (the survivor's identifiers are its members' union)
        assertThat(cachedHolders()).containsExactlyInAnyOrder(caller, customer);
        committed(s -> operate(s, List.of(survivor), g -> g.unmerge(survivor, absorbed).profileId()));
        assertThat(cachedHolders()).as("unmerged, both hold it again").containsExactlyInAnyOrder(caller, customer);
    }

    @Test
    void anErasedMemberLeavesTheCachedSet() {
        open(100);
        String a = member("C-1", "a");
        String b = member("C-2", "b");
        assertThat(holders()).containsExactlyInAnyOrder(a, b);
        committed(s -> operate(s, List.of(b), g -> String.join(",", g.erase(b))));
        assertThat(cachedHolders()).containsExactly(a);
    }

    @Test
    void aMemberWhoseRecordIsDeletedLeavesTheCachedSet() {
        open(100);
        String a = member("C-1", "a");
        String b = committed(s -> upsert(s, record("salesforce_crm", "C-2", "2026-11-01T00:00:00Z", "{\"email\":\"b@example.com\"}")));
        committed(s -> upsert(s, record("voice_ivr", "V-2", "2026-11-02T00:00:00Z", "{\"email\":\"b@example.com\",\"household_phone\":\"" + PHONE + "\"}")));
        assertThat(holders()).containsExactlyInAnyOrder(a, b);
        committed(s -> operate(s, List.of(b), g -> g.deleteRecord("voice_ivr", "V-2").profileId()));
        assertThat(cachedHolders()).containsExactly(a);
    }

    @Test
    void aTransferredValueLeavesTheCachedSet() {
        open(100);
        String a = member("C-1", "a");
        String b = member("C-2", "b");
        assertThat(holders()).containsExactlyInAnyOrder(a, b);
        committed(s -> operate(s, List.of(b), g -> g.transferIdentifier(b, "household_phone", PHONE, "+14155550888").profileId()));
        assertThat(cachedHolders()).containsExactly(a);
    }

    // ------------------------------------------------------------------ writes undone, writes the cache does not see

    @Test
    void aRolledBackTransactionLeavesTheCachedSetAsCommitted() {
        open(100);
        String a = member("C-1", "a");
        assertThat(holders()).containsExactly(a);
        try (WriteSession s = store.openWriteSession()) {
            TransactionControl tx = (TransactionControl) s;
            tx.begin();
            String b = upsert(s, record("salesforce_crm", "C-2", "2026-11-01T00:00:00Z", "{\"email\":\"b@example.com\",\"household_phone\":\"" + PHONE + "\"}"));
            assertThat(holders(s)).as("the transaction sees its own member").containsExactlyInAnyOrder(a, b);
            tx.rollback();
        }
        assertThat(cachedHolders()).containsExactly(a);
    }

    @Test
    void aSavepointRolledBackTakesItsMemberAwayAndKeepsTheOthers() {
        open(100);
        String a = member("C-1", "a");
        assertThat(holders()).containsExactly(a);
        String c;
        try (WriteSession s = store.openWriteSession()) {
            TransactionControl tx = (TransactionControl) s;
            tx.begin();
            tx.savepoint();
            upsert(s, record("salesforce_crm", "C-2", "2026-11-01T00:00:00Z", "{\"email\":\"b@example.com\",\"household_phone\":\"" + PHONE + "\"}"));
            tx.rollbackToSavepoint();
            tx.savepoint();
            c = upsert(s, record("salesforce_crm", "C-3", "2026-11-01T00:00:00Z", "{\"email\":\"c@example.com\",\"household_phone\":\"" + PHONE + "\"}"));
            tx.releaseSavepoint();
            tx.commit();
        }
        assertThat(cachedHolders()).containsExactlyInAnyOrder(a, c);
    }

    @Test
    void aMemberAddedWhileItsHouseholdsClustersWereEvictedStillJoinsTheSet() {
        open(1);
        String a = member("C-1", "a");
        assertThat(holders()).containsExactly(a);
        String other = committed(s -> upsert(s, record("salesforce_crm", "C-9", "2026-11-01T00:00:00Z", "{\"email\":\"z@example.com\"}")));
        committed(s -> s.profiles().fragment(ORG, List.of(other)));
        assertThat(store.cache().clusters(ORG, List.of(a), new ArrayList<>()).nodes()).as("a's cluster was evicted").isEmpty();
        String b = member("C-2", "b");
        assertThat(cachedHolders()).containsExactlyInAnyOrder(a, b);
    }

    @Test
    void aCommitByAnotherConnectionIsNeverHiddenByTheCachedSet() {
        open(100);
        String a = member("C-1", "a");
        assertThat(holders()).containsExactly(a);
        String[] b = new String[1];
        try (SqliteProfileStore other = SqliteProfileStore.open(dir, 1)) {
            try (WriteSession s = other.openWriteSession()) {
                TransactionControl tx = (TransactionControl) s;
                tx.begin();
                b[0] = upsert(s, record("salesforce_crm", "C-2", "2026-11-01T00:00:00Z", "{\"email\":\"b@example.com\",\"household_phone\":\"" + PHONE + "\"}"));
                tx.commit();
            }
        }
        assertThat(holders()).containsExactlyInAnyOrder(a, b[0]);
    }

    @Test
    void aWriteThatFailedHalfWayAndWasKeptDropsTheSet() {
        open(100);
        String a = member("C-1", "a");
        committed(s -> upsert(s, record("salesforce_crm", "C-2", "2026-11-01T00:00:00Z", "{\"email\":\"b@example.com\"}")));
        assertThat(holders()).containsExactly(a);
        committed(s -> {
            // the email's owner is not loaded: the new profile's email entry (written before its household phone's, in
            // key order) is refused, and the transaction goes on without undoing what was written
            assertThatThrownBy(() -> operate(s, List.of(), g -> g.upsert(record("salesforce_crm", "C-3", "2026-11-02T00:00:00Z",
                    "{\"email\":\"b@example.com\",\"household_phone\":\"" + PHONE + "\"}")).profileId()))
                    .isInstanceOf(IdentifierConflictException.class);
            return null;
        });
        assertThat(store.profiles().sharedOwners(ORG, "household_phone", PHONE)).as("the phone's row was never written").containsExactly(a);
        long misses = store.cache().misses();
        assertThat(holders()).containsExactly(a);
        assertThat(store.cache().misses()).as("the set was dropped, not trusted").isEqualTo(misses + 1);
    }

    // ------------------------------------------------------------------ helpers

    private String member(String recordId, String name) {
        return committed(s -> upsert(s, record("salesforce_crm", recordId, "2026-11-01T00:00:00Z",
                "{\"email\":\"" + name + "@example.com\",\"household_phone\":\"" + PHONE + "\"}")));
    }

    /** The holders as the writer's session answers them, in a transaction of their own. */
    private Set<String> holders() {
        return committed(SharedOwnersCacheTest::holders);
    }

    private static Set<String> holders(WriteSession s) {
        return s.profiles().sharedOwners(ORG, "household_phone", PHONE);
    }

    /** As {@link #holders()}, answered from the cache, and what a reader sees. */
    private Set<String> cachedHolders() {
        long hits = store.cache().hits();
        Set<String> answer = holders();
        assertThat(store.cache().hits()).as("answered from the cache").isEqualTo(hits + 1);
        assertThat(answer).as("what a reader sees").isEqualTo(store.profiles().sharedOwners(ORG, "household_phone", PHONE));
        return answer;
    }

    private <T> T committed(Function<WriteSession, T> work) {
        try (WriteSession s = store.openWriteSession()) {
            TransactionControl tx = (TransactionControl) s;
            tx.begin();
            T value;
            try {
                value = work.apply(s);
            } catch (RuntimeException e) {
                tx.rollback();
                throw e;
            }
            tx.commit();
            return value;
        }
    }

    /** An engine operation on the clusters of {@code seeds}, written. */
    private static String operate(WriteSession s, List<String> seeds, Function<IdentityGraph, String> operation) {
        IdentityGraph g = Fixtures.omnichannelGraph();
        Fragment f = s.profiles().fragment(ORG, seeds);
        g.load(f.nodes(), f.records(), f.links());
        String out = operation.apply(g);
        s.profiles().apply(ORG, f, g.changes(), NON_LINKING, Set.of(), NOW);
        return out;
    }
}
