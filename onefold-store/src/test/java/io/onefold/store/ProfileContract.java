package io.onefold.store;

import static io.onefold.core.testing.Fixtures.obs;
import static io.onefold.core.testing.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onefold.core.error.IdentifierConflictException;
import io.onefold.core.identity.GraphChanges;
import io.onefold.core.identity.IdentifierKey;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.identity.ProfileStatus;
import io.onefold.core.identity.ProfileView;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.core.rules.MergeRuleSetParser;
import io.onefold.core.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The store contract for the clusters of {@link ProfileReads} and {@link ProfileWrites}: what {@code apply} and
 * {@code updateGolden} write, read back by row, owner, cluster, search and listing (the change stream:
 * {@link ChangeStreamContract}).
 */
public interface ProfileContract extends StoreFixture {
    @Test
    default void whatAnOperationChangedIsWrittenAndReadsBackAsTheSameGraph() {
        String[] ids = new String[2];
        write(s -> {
            ids[0] = upsert(s, record("salesforce_crm", "C-1", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\",\"loyalty_tier\":\"Gold\"}"));
            ids[1] = upsert(s, obs("voice_ivr", "2026-11-02T00:00:00Z", "{\"phone_number\":\"+14155550101\",\"household_phone\":\"+14155550999\"}"));
            upsert(s, obs("webchat_middleware", "2026-11-03T00:00:00Z", "{\"email\":\"a@example.com\",\"phone_number\":\"+14155550101\"}"));
        });
        Fragment f = store().profiles().fragment(ORG, List.of(ids[1]));
        assertThat(f.rows()).containsOnlyKeys(ids[0], ids[1]);
        assertThat(f.rows().get(ids[1]).status()).isEqualTo(ProfileStatus.ABSORBED);
        IdentityGraph reloaded = Fixtures.omnichannelGraph();
        reloaded.load(f.nodes(), f.records(), f.links());
        assertThat(reloaded.get(ids[1]).orElseThrow().profileId()).isEqualTo(ids[0]);
        StoredProfile row = store().profiles().profile(ORG, ids[0]).orElseThrow();
        assertThat(row.attributes().get("loyalty_tier").textValue()).isEqualTo("Gold");
        assertThat(row.identifiers().current("phone_number")).containsExactly("+14155550101");
        assertThat(reloaded.get(ids[0]).orElseThrow().golden().attributes()).as("the stored golden record is the cluster's").isEqualTo(row.attributes());
        assertThat(store().profiles().profile(ORG, ids[1])).hasValueSatisfying(p -> {
            assertThat(p.status()).isEqualTo(ProfileStatus.ABSORBED);
            assertThat(p.survivorId()).isEqualTo(ids[0]);
        });
        assertThat(store().profiles().ownerOf(ORG, "email", "a@example.com")).contains(ids[0]);
        assertThat(store().profiles().sharedOwners(ORG, "household_phone", "+14155550999")).containsExactly(ids[1]);
        assertThat(store().profiles().recordOwner(ORG, SourceRecordKey.explicit("salesforce_crm", "C-1"))).contains(ids[0]);
        assertThat(store().profiles().countActiveProfiles(ORG)).isEqualTo(1);
        assertThat(store().profiles().activeProfileIds(ORG, null, 10)).containsExactly(ids[0]);
    }

    @Test
    default void missingThingsReadAsEmpty() {
        write(s -> upsert(s, record("salesforce_crm", "C-1", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\",\"household_phone\":\"+14155550999\"}")));
        assertThat(store().profiles().profile(ORG, "nope")).isEmpty();
        assertThat(store().profiles().ownerOf(ORG, "email", "b@example.com")).isEmpty();
        assertThat(store().profiles().ownerOf(ORG, "phone_number", "a@example.com")).as("the value under another attribute").isEmpty();
        assertThat(store().profiles().sharedOwners(ORG, "household_phone", "+14155550000")).isEmpty();
        assertThat(store().profiles().recordOwner(ORG, SourceRecordKey.explicit("salesforce_crm", "C-2"))).isEmpty();
        assertThat(store().profiles().recordOwner(ORG, SourceRecordKey.explicit("voice_ivr", "C-1"))).isEmpty();
        assertThat(store().profiles().fragment(ORG, List.of("nope")).nodes()).isEmpty();
        assertThat(store().profiles().fragment(ORG, List.of()).nodes()).isEmpty();
        assertThat(store().profiles().search(ORG, new SearchQuery("loyalty_tier", "Gold", false, 10, null)).items()).isEmpty();
        assertThat(store().profiles().activeProfileIds("other", null, 10)).isEmpty();
        assertThat(store().profiles().countActiveProfiles("other")).isZero();
    }

    @Test
    default void manyOwnersReadAtOnceAreWhatEachReadAloneWouldBe() {
        String[] ids = new String[2];
        // a record key with a quote, a backslash, a control character and a non-ASCII letter: the keys travel as one
        // bound parameter, and must arrive as sent
        String oddKey = "C-\"3\\\u0001é";
        write(s -> {
            ids[0] = upsert(s, record("salesforce_crm", "C-1", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\",\"household_phone\":\"+14155550999\"}"));
            ids[1] = upsert(s, record("salesforce_crm", oddKey, "2026-11-02T00:00:00Z",
                    "{\"email\":\"b@example.com\",\"phone_number\":\"+14155550101\",\"household_phone\":\"+14155550999\"}"));
        });
        List<IdentifierKey> values = List.of(new IdentifierKey("email", "a@example.com"), new IdentifierKey("email", "b@example.com"),
                new IdentifierKey("email", "nobody@example.com"), new IdentifierKey("phone_number", "a@example.com"),
                new IdentifierKey("phone_number", "+14155550101"), new IdentifierKey("email", "a@example.com"));
        List<IdentifierKey> household = List.of(new IdentifierKey("household_phone", "+14155550999"), new IdentifierKey("household_phone", "+14155550000"));
        SourceRecordKey c1 = SourceRecordKey.explicit("salesforce_crm", "C-1");
        SourceRecordKey odd = SourceRecordKey.explicit("salesforce_crm", oddKey);
        List<SourceRecordKey> records = List.of(c1, odd, SourceRecordKey.explicit("voice_ivr", "C-1"), SourceRecordKey.explicit("salesforce_crm", "C-9"));
        Map<IdentifierKey, String> owners = Map.of(values.get(0), ids[0], values.get(1), ids[1], values.get(4), ids[1]);
        Map<IdentifierKey, Set<String>> holders = Map.of(household.get(0), Set.of(ids[0], ids[1]));
        Map<SourceRecordKey, String> recordOwners = Map.of(c1, ids[0], odd, ids[1]);

        ProfileReads readers = store().profiles();
        assertThat(readers.owners(ORG, values)).isEqualTo(owners);
        assertThat(readers.sharedOwners(ORG, household)).isEqualTo(holders);
        assertThat(readers.recordOwners(ORG, records)).isEqualTo(recordOwners);
        for (IdentifierKey k : values) {
            assertThat(readers.ownerOf(ORG, k.attribute(), k.value())).isEqualTo(java.util.Optional.ofNullable(owners.get(k)));
            // the one-read form a lookup uses: the owner's row, as profile() reads it
            assertThat(readers.profileOwning(ORG, k.attribute(), k.value()))
                    .isEqualTo(readers.ownerOf(ORG, k.attribute(), k.value()).flatMap(owner -> readers.profile(ORG, owner)));
        }
        assertThat(readers.owners("other", values)).as("another organization's").isEmpty();
        assertThat(readers.owners(ORG, List.of())).isEmpty();
        assertThat(readers.recordOwners(ORG, List.of())).isEmpty();
        assertThat(readers.sharedOwners(ORG, List.of())).isEmpty();
        // a write session answers the same, first when it reads the clusters, then when a later session may answer from
        // what the first one read (a store's writer cache)
        for (int round = 0; round < 2; round++) {
            write(s -> {
                assertThat(s.profiles().owners(ORG, values)).isEqualTo(owners);
                assertThat(s.profiles().sharedOwners(ORG, household)).isEqualTo(holders);
                assertThat(s.profiles().recordOwners(ORG, records)).isEqualTo(recordOwners);
                s.profiles().fragment(ORG, List.of(ids[0], ids[1]));
            });
        }
    }

    @Test
    default void aSessionSeesItsOwnClustersBeforeTheCommitAndReadersDoNot() {
        String[] id = new String[1];
        SourceRecordKey key = SourceRecordKey.explicit("salesforce_crm", "C-1");
        write(s -> id[0] = upsert(s, record("salesforce_crm", "C-1", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\",\"loyalty_tier\":\"Gold\"}")), s -> {
            assertThat(s.profiles().profile(ORG, id[0])).isPresent();
            assertThat(s.profiles().recordOwner(ORG, key)).contains(id[0]);
            assertThat(s.profiles().fragment(ORG, List.of(id[0])).rows()).containsOnlyKeys(id[0]);
            assertThat(s.profiles().countActiveProfiles(ORG)).isEqualTo(1);
            assertThat(s.profiles().activeProfileIds(ORG, null, 10)).containsExactly(id[0]);
            assertThat(s.profiles().search(ORG, new SearchQuery("loyalty_tier", "Gold", false, 10, null)).items()).extracting(StoredProfile::id).containsExactly(id[0]);
            assertThat(store().profiles().profile(ORG, id[0])).isEmpty();
            assertThat(store().profiles().recordOwner(ORG, key)).isEmpty();
            assertThat(store().profiles().fragment(ORG, List.of(id[0])).nodes()).isEmpty();
            assertThat(store().profiles().countActiveProfiles(ORG)).isZero();
        });
        assertThat(store().profiles().profile(ORG, id[0])).isPresent();
        assertThat(store().profiles().recordOwner(ORG, key)).contains(id[0]);
    }

    @Test
    default void aReResolutionReplacesTheGoldenRecordOfAnActiveProfile() {
        String[] id = new String[1];
        write(s -> id[0] = upsert(s, record("salesforce_crm", "C-1", "2026-11-01T00:00:00Z", "{\"email\":\"g@example.com\",\"loyalty_tier\":\"Gold\"}")));
        StoredProfile before = store().profiles().profile(ORG, id[0]).orElseThrow();
        // the view the engine resolves from the stored cluster and a later record, written without the record
        IdentityGraph g = Fixtures.omnichannelGraph();
        Fragment f = store().profiles().fragment(ORG, List.of(id[0]));
        g.load(f.nodes(), f.records(), f.links());
        g.upsert(record("salesforce_crm", "C-1", "2026-11-02T00:00:00Z", "{\"email\":\"g@example.com\",\"loyalty_tier\":\"Platinum\"}"));
        ProfileView view = g.get(id[0]).orElseThrow();
        write(s -> s.profiles().updateGolden(ORG, view, NOW.plusSeconds(60)), s -> {
            assertThat(s.profiles().profile(ORG, id[0])).hasValueSatisfying(p -> assertThat(p.attributes().get("loyalty_tier").textValue()).isEqualTo("Platinum"));
            assertThat(store().profiles().profile(ORG, id[0])).as("a reader, before the commit").contains(before);
        });
        StoredProfile after = store().profiles().profile(ORG, id[0]).orElseThrow();
        assertThat(after.attributes()).isEqualTo(view.golden().attributes());
        assertThat(after.identifiers()).isEqualTo(view.identifiers());
        assertThat(after.version()).isEqualTo(view.version());
        assertThat(after.status()).isEqualTo(ProfileStatus.ACTIVE);
        assertThat(after.createdAt()).isEqualTo(before.createdAt());
        assertThat(store().profiles().search(ORG, new SearchQuery("loyalty_tier", "Platinum", false, 10, null)).items()).extracting(StoredProfile::id).containsExactly(id[0]);
    }

    @Test
    default void aRecordReadsBackWithItsRetractionsTellingWithdrawnFromNeverSent() {
        // under replace_all the second payload withdraws the tier the record had sent, and omits attributes it never sent
        IdentityGraph g = Fixtures.graph(Fixtures.template("omnichannel-template.json"), MergeRuleSetParser.parse(Fixtures.json(
                "{\"rule_name\":\"r\",\"sources\":[{\"source_id\":\"salesforce_crm\",\"priority\":1,\"update_behavior\":\"replace_all\"}]}")));
        String id = g.upsert(record("salesforce_crm", "C-1", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\",\"loyalty_tier\":\"Gold\"}")).profileId();
        g.upsert(record("salesforce_crm", "C-1", "2026-11-02T00:00:00Z", "{\"email\":\"a@example.com\"}"));
        GraphChanges changes = g.changes();
        write(s -> s.profiles().apply(ORG, Fragment.EMPTY, changes, NON_LINKING, SEARCHABLE, NOW));
        SourceRecord written = changes.records().get(0);
        SourceRecord read = store().profiles().fragment(ORG, List.of(id)).records().get(0);
        assertThat(read.contributions()).isEqualTo(written.contributions());
        assertThat(read.contributions().get("loyalty_tier")).satisfies(c -> assertThat(c.retracted() && !c.implied()).as("withdrawn").isTrue());
        assertThat(read.contributions().get("recent_intent")).satisfies(c -> assertThat(c.retracted() && c.implied()).as("never sent").isTrue());
    }

    @Test
    default void anIdentifierValueBelongsToOneProfileByConstraint() {
        // two engines that each believe the value is free: the store's unique key refuses the second
        write(s -> upsert(s, obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"dup@example.com\"}")));
        assertThatThrownBy(() -> write(s -> {
            IdentityGraph blind = Fixtures.omnichannelGraph();
            blind.upsert(obs("webchat_middleware", "2026-11-02T00:00:00Z", "{\"email\":\"dup@example.com\"}"));
            s.profiles().apply(ORG, Fragment.EMPTY, blind.changes(), NON_LINKING, SEARCHABLE, NOW);
        })).isInstanceOf(IdentifierConflictException.class);
        assertThat(store().profiles().countActiveProfiles(ORG)).isEqualTo(1);
    }

    @Test
    default void activeProfilesAreListedAndSearchedInIdOrderInPages() {
        List<String> ids = new ArrayList<>();
        write(s -> {
            for (int i = 0; i < 5; i++) ids.add(upsert(s, obs("salesforce_crm", "2026-11-01T00:00:00Z", "{\"email\":\"s" + i + "@example.com\",\"loyalty_tier\":\"Gold\",\"interaction_channels\":[\"chat\"]}")));
        });
        List<String> sorted = ids.stream().sorted().toList();
        assertThat(store().profiles().countActiveProfiles(ORG)).isEqualTo(5);
        assertThat(store().profiles().activeProfileIds(ORG, null, 2)).containsExactlyElementsOf(sorted.subList(0, 2));
        assertThat(store().profiles().activeProfileIds(ORG, sorted.get(1), 2)).containsExactlyElementsOf(sorted.subList(2, 4));
        assertThat(store().profiles().activeProfileIds(ORG, sorted.get(4), 2)).isEmpty();
        SearchPage<StoredProfile> first = store().profiles().search(ORG, new SearchQuery("loyalty_tier", "Gold", false, 2, null));
        assertThat(first.items()).extracting(StoredProfile::id).containsExactlyElementsOf(sorted.subList(0, 2));
        SearchPage<StoredProfile> rest = store().profiles().search(ORG, new SearchQuery("loyalty_tier", "Gold", false, 10, first.nextCursor()));
        assertThat(rest.items()).extracting(StoredProfile::id).containsExactlyElementsOf(sorted.subList(2, 5));
        assertThat(rest.nextCursor()).isNull();
        assertThat(store().profiles().search(ORG, new SearchQuery("interaction_channels", "chat", true, 10, null)).items()).hasSize(5);
        assertThat(store().profiles().search(ORG, new SearchQuery("loyalty_tier", "Silver", false, 10, null)).items()).isEmpty();
        assertThat(store().profiles().search("other", new SearchQuery("loyalty_tier", "Gold", false, 10, null)).items()).isEmpty();
    }

    @Test
    default void theRecordsCarryingAValueAreFoundWhereverTheyLiveAndOnlyAsAWholeString() {
        String[] ids = new String[3];
        write(s -> {
            ids[0] = upsert(s, record("salesforce_crm", "C-1", "2026-11-01T00:00:00Z", "{\"email\":\"ann@example.com\"}"));
            ids[1] = upsert(s, obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"joann@example.com\"}"));
            ids[2] = upsert(s, obs("voice_ivr", "2026-11-01T00:00:00Z", "{\"phone_number\":\"+14155550101\",\"recent_intent\":\"ann@example.com\"}"));
        });
        assertThat(store().profiles().recordOwnersMentioning(ORG, List.of("ann@example.com")))
                .as("a string containing the value is not the value; the same string under another attribute passes (a filter)")
                .containsExactlyInAnyOrder(ids[0], ids[2]);
        assertThat(store().profiles().recordOwnersMentioning(ORG, List.of("nobody@example.com", "+14155550101"))).containsExactly(ids[2]);
        assertThat(store().profiles().recordOwnersMentioning("other", List.of("ann@example.com"))).isEmpty();
        assertThat(store().profiles().recordOwnersMentioning(ORG, List.of())).isEmpty();
    }
}
