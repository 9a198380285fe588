package io.onefold.store;

import static io.onefold.core.testing.Fixtures.obs;
import static io.onefold.core.testing.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The store contract for search: the index of the searchable attributes' golden values ({@code search_values}) as
 * {@code apply}, {@code reindex} and {@code dropSearchIndex} keep it, the indexed search, and the bounded scan of the
 * others. {@link StoreFixture#upsert} indexes {@link StoreFixture#SEARCHABLE}.
 */
public interface SearchContract extends StoreFixture {
    /** A new connection to the store's database, to read and change its tables behind the store's back. */
    java.sql.Connection connect() throws java.sql.SQLException;

    /** The organization's index entries as {@code attribute=value@profile}, sorted. */
    default List<String> searchEntries(String org) {
        List<String> out = new ArrayList<>();
        try (var c = connect(); var ps = c.prepareStatement("SELECT attribute, value, profile_id FROM search_values WHERE org = ?")) {
            ps.setString(1, org);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1) + "=" + rs.getString(2) + "@" + rs.getString(3));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        out.sort(null);
        return out;
    }

    /** Deletes index entries behind the store's back (an entry the pipeline rewrites would come back). */
    private void forget(String org, String attribute) {
        try (var c = connect(); var ps = c.prepareStatement("DELETE FROM search_values WHERE org = ? AND attribute = ?")) {
            ps.setString(1, org);
            ps.setString(2, attribute);
            ps.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SearchQuery indexed(String attribute, Object value, boolean list, int limit, String cursor) {
        return new SearchQuery(attribute, value, list, limit, cursor, true, SearchQuery.SCAN_LIMIT);
    }

    private static SearchQuery scan(String attribute, Object value, int limit, String cursor, int scanLimit) {
        return new SearchQuery(attribute, value, false, limit, cursor, false, scanLimit);
    }

    @Test
    default void searchableValuesAreFoundThroughTheIndexInIdOrderInPages() {
        List<String> ids = new ArrayList<>();
        write(s -> {
            for (int i = 0; i < 5; i++) {
                ids.add(upsert(s, obs("salesforce_crm", "2026-11-01T00:00:00Z", "{\"email\":\"s" + i + "@example.com\",\"loyalty_tier\":\"Gold\","
                        + "\"interaction_channels\":[\"chat\",\"email\"],\"lifetime_value\":" + (i == 0 ? "2" : "12.5") + "}")));
            }
            upsert(s, obs("salesforce_crm", "2026-11-01T00:00:00Z", "{\"email\":\"silver@example.com\",\"loyalty_tier\":\"Silver\"}"));
        });
        List<String> sorted = ids.stream().sorted().toList();
        assertThat(searchEntries(ORG)).as("one entry per value and element").hasSize(5 * 4 + 1)
                .contains("loyalty_tier=s:Gold@" + ids.get(0), "interaction_channels=s:chat@" + ids.get(0), "lifetime_value=n:2@" + ids.get(0));
        SearchPage<StoredProfile> first = store().profiles().search(ORG, indexed("loyalty_tier", "Gold", false, 2, null));
        assertThat(first.items()).extracting(StoredProfile::id).containsExactlyElementsOf(sorted.subList(0, 2));
        assertThat(first.scanned()).isFalse();
        SearchPage<StoredProfile> rest = store().profiles().search(ORG, indexed("loyalty_tier", "Gold", false, 10, first.nextCursor()));
        assertThat(rest.items()).extracting(StoredProfile::id).containsExactlyElementsOf(sorted.subList(2, 5));
        assertThat(rest.nextCursor()).isNull();
        assertThat(store().profiles().search(ORG, indexed("interaction_channels", "email", true, 10, null)).items()).hasSize(5);
        assertThat(store().profiles().search(ORG, indexed("lifetime_value", 2.0, false, 10, null)).items())
                .as("a number equals the same number however written").extracting(StoredProfile::id).containsExactly(ids.get(0));
        assertThat(store().profiles().search(ORG, indexed("lifetime_value", 12.5, false, 10, null)).items()).hasSize(4);
        assertThat(store().profiles().search(ORG, indexed("loyalty_tier", "gold", false, 10, null)).items()).as("as the scan: exact").isEmpty();
        assertThat(store().profiles().search("other", indexed("loyalty_tier", "Gold", false, 10, null)).items()).isEmpty();
    }

    @Test
    default void anUpdateReplacesTheValuesThatChangedAndAnAbsorbedProfileLeavesTheIndex() {
        String[] id = new String[2];
        write(s -> {
            id[0] = upsert(s, record("salesforce_crm", "C-1", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\",\"loyalty_tier\":\"Gold\",\"interaction_channels\":[\"chat\"]}"));
            id[1] = upsert(s, obs("voice_ivr", "2026-11-02T00:00:00Z", "{\"phone_number\":\"+14155550101\",\"interaction_channels\":[\"voice\"]}"));
        });
        write(s -> upsert(s, record("salesforce_crm", "C-1", "2026-11-03T00:00:00Z", "{\"email\":\"a@example.com\",\"loyalty_tier\":\"Platinum\"}")));
        assertThat(searchEntries(ORG)).containsExactly("interaction_channels=s:chat@" + id[0], "interaction_channels=s:voice@" + id[1], "loyalty_tier=s:Platinum@" + id[0]);
        // the two profiles are one person: the second is absorbed into the first
        write(s -> upsert(s, obs("webchat_middleware", "2026-11-04T00:00:00Z", "{\"email\":\"a@example.com\",\"phone_number\":\"+14155550101\"}")));
        assertThat(searchEntries(ORG)).containsExactly("interaction_channels=s:chat@" + id[0], "interaction_channels=s:voice@" + id[0], "loyalty_tier=s:Platinum@" + id[0]);
        assertThat(store().profiles().search(ORG, indexed("interaction_channels", "voice", true, 10, null)).items())
                .extracting(StoredProfile::id).containsExactly(id[0]);
    }

    @Test
    default void anUpdateThatChangesNoSearchableValueWritesNoEntry() {
        String[] id = new String[1];
        write(s -> id[0] = upsert(s, record("salesforce_crm", "C-1", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\",\"loyalty_tier\":\"Gold\",\"lifetime_value\":10}")));
        forget(ORG, "loyalty_tier");
        write(s -> upsert(s, record("salesforce_crm", "C-1", "2026-11-02T00:00:00Z", "{\"email\":\"a@example.com\",\"loyalty_tier\":\"Gold\",\"lifetime_value\":20}")));
        assertThat(searchEntries(ORG)).as("the unchanged tier was not written again; the changed value was replaced")
                .containsExactly("lifetime_value=n:20@" + id[0]);
    }

    @Test
    default void anErasedProfileLeavesTheIndex() {
        String[] id = new String[2];
        write(s -> {
            id[0] = upsert(s, record("salesforce_crm", "C-1", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\",\"loyalty_tier\":\"Gold\"}"));
            id[1] = upsert(s, record("salesforce_crm", "C-2", "2026-11-01T00:00:00Z", "{\"email\":\"b@example.com\",\"loyalty_tier\":\"Gold\"}"));
        });
        write(s -> {
            IdentityGraph g = Fixtures.omnichannelGraph();
            Fragment f = s.profiles().fragment(ORG, List.of(id[0]));
            g.load(f.nodes(), f.records(), f.links());
            g.erase(id[0]);
            s.profiles().apply(ORG, f, g.changes(), NON_LINKING, SEARCHABLE, NOW);
        });
        assertThat(searchEntries(ORG)).containsExactly("loyalty_tier=s:Gold@" + id[1]);
    }

    @Test
    default void aScanReadsAtMostItsBoundAndItsCursorResumesWhereItStopped() {
        List<String> ids = new ArrayList<>();
        write(s -> {
            for (int i = 0; i < 5; i++) ids.add(upsert(s, record("salesforce_crm", "C-" + i, "2026-11-01T00:00:00Z", "{\"email\":\"s" + i + "@example.com\"}")));
        });
        List<String> sorted = ids.stream().sorted().toList();
        write(s -> {
            for (String gold : sorted.subList(3, 5)) {
                upsert(s, record("salesforce_crm", "C-" + ids.indexOf(gold), "2026-11-02T00:00:00Z", "{\"email\":\"s" + ids.indexOf(gold) + "@example.com\",\"loyalty_tier\":\"Gold\"}"));
            }
        });
        SearchPage<StoredProfile> first = store().profiles().search(ORG, scan("loyalty_tier", "Gold", 10, null, 2));
        assertThat(first.items()).as("the first two profiles hold no match").isEmpty();
        assertThat(first.scanned()).isTrue();
        assertThat(first.nextCursor()).as("the scan stopped at its bound: the next page resumes after it").isEqualTo(sorted.get(1));
        SearchPage<StoredProfile> second = store().profiles().search(ORG, scan("loyalty_tier", "Gold", 10, first.nextCursor(), 2));
        assertThat(second.items()).extracting(StoredProfile::id).containsExactly(sorted.get(3));
        assertThat(second.nextCursor()).isEqualTo(sorted.get(3));
        SearchPage<StoredProfile> last = store().profiles().search(ORG, scan("loyalty_tier", "Gold", 10, second.nextCursor(), 2));
        assertThat(last.items()).extracting(StoredProfile::id).containsExactly(sorted.get(4));
        assertThat(last.nextCursor()).as("nothing left after the scan").isNull();

        SearchPage<StoredProfile> byLimit = store().profiles().search(ORG, scan("loyalty_tier", "Gold", 1, null, 10));
        assertThat(byLimit.items()).extracting(StoredProfile::id).containsExactly(sorted.get(3));
        assertThat(byLimit.nextCursor()).isEqualTo(sorted.get(3));
        assertThat(store().profiles().search(ORG, scan("loyalty_tier", "Gold", 10, null, 10)).nextCursor())
                .as("a scan that read every profile has no next page").isNull();
    }

    @Test
    default void reindexMakesAProfilesEntriesItsGoldenValuesAndDroppingKeepsOnlyTheNamedAttributes() {
        String[] id = new String[1];
        write(s -> id[0] = upsert(s, obs("salesforce_crm", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\",\"loyalty_tier\":\"Gold\",\"recent_intent\":\"upgrade\"}")));
        assertThat(searchEntries(ORG)).containsExactly("loyalty_tier=s:Gold@" + id[0]);
        StoredProfile row = store().profiles().profile(ORG, id[0]).orElseThrow();
        write(s -> s.profiles().reindex(ORG, id[0], row.attributes(), Set.of("loyalty_tier", "recent_intent")));
        assertThat(searchEntries(ORG)).containsExactly("loyalty_tier=s:Gold@" + id[0], "recent_intent=s:upgrade@" + id[0]);
        assertThat(store().profiles().search(ORG, indexed("recent_intent", "upgrade", false, 10, null)).items()).extracting(StoredProfile::id).containsExactly(id[0]);
        write(s -> s.profiles().dropSearchIndex(ORG, Set.of("recent_intent")));
        assertThat(searchEntries(ORG)).containsExactly("recent_intent=s:upgrade@" + id[0]);
        write(s -> s.profiles().reindex(ORG, id[0], row.attributes(), Set.of()));
        assertThat(searchEntries(ORG)).isEmpty();
    }
}
