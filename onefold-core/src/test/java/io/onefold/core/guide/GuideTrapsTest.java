package io.onefold.core.guide;

import static io.onefold.core.testing.Fixtures.explicit;
import static io.onefold.core.testing.Fixtures.obs;
import static io.onefold.core.testing.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onefold.core.error.IdentifierConflictException;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.identity.Outcome;
import io.onefold.core.identity.ProfileView;
import io.onefold.core.identity.UpsertResult;
import io.onefold.core.resolution.AttributeLineage;
import io.onefold.core.resolution.LossReason;
import io.onefold.core.rules.MergeRuleSetParser;
import io.onefold.core.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One test per trap and edge case of the guide (shared/seeds/000_b640930ee7ff076d.txt) that the engine covers.
 * Edge case 2 (identifier collision across tenants) and edge case 3 (read latency) are properties of the
 * service and its stores; their tests live with the server and store modules.
 */
class GuideTrapsTest {

    @Test
    void theGuidesTemplateMergeRulesAndNodeClientPayloadWorkAsWritten() {
        IdentityGraph graph = Fixtures.guideGraph();
        // the payload of the guide's Node.js client, with its sample customer
        UpsertResult created = graph.upsert(obs("salesforce_crm", "2026-11-28T10:00:00Z",
                "{\"email\":\"customer@example.com\",\"phone_number\":\"+15550199\",\"loyalty_tier\":\"Gold\","
                        + "\"last_interaction_timestamp\":\"2026-11-28T10:00:00.000Z\"}"));
        assertThat(created.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(created.profile().identifiers().current("phone_number")).containsExactly("+15550199");
        assertThat(created.profile().golden().attributes().get("last_interaction_timestamp").textValue()).isEqualTo("2026-11-28T10:00:00Z");
        assertThat(Fixtures.rules("merge-rules.json").warningsAgainst(Fixtures.template("template.json")))
                .singleElement().satisfies(w -> assertThat(w.reason()).contains("preferred_contact_method"));
    }

    /** The Trap: Mutable Identifiers — an identifier that changes must not create a duplicate profile. */
    @Test
    void trapMutableIdentifiers_anEmailChangeFromTheAuthorityIsATransferNotANewProfile() {
        IdentityGraph graph = Fixtures.omnichannelGraph();
        String id = graph.upsert(record("salesforce_crm", "C-200", "2026-10-01T09:00:00Z",
                "{\"email\":\"john.doe_old@gmail.com\",\"loyalty_tier\":\"Silver\"}")).profileId();
        UpsertResult changed = graph.upsert(record("salesforce_crm", "C-200", "2026-11-10T09:00:00Z",
                "{\"email\":\"john.doe_new@gmail.com\",\"loyalty_tier\":\"Platinum\"}"));

        assertThat(changed.profileId()).isEqualTo(id);
        assertThat(graph.profiles()).hasSize(1);
        assertThat(changed.profile().identifiers().current("email")).containsExactly("john.doe_new@gmail.com");
        assertThat(changed.profile().identifiers().aliases("email")).containsExactly("john.doe_old@gmail.com");
    }

    /** Without an authority, a different value for a single identifier is refused, never silently a new profile. */
    @Test
    void trapMutableIdentifiers_aDifferentEmailFromAnotherSourceIsAConflictThatWritesNothing() {
        IdentityGraph graph = Fixtures.omnichannelGraph();
        String id = graph.upsert(obs("salesforce_crm", "2026-10-01T09:00:00Z",
                "{\"email\":\"john@example.com\",\"phone_number\":\"+14155550202\"}")).profileId();
        String before = Fixtures.state(graph);

        assertThatThrownBy(() -> graph.upsert(obs("webchat_middleware", "2026-11-16T09:00:00Z",
                "{\"email\":\"jdoe@yahoo.com\",\"phone_number\":\"+1 415 555 0202\"}")))
                .isInstanceOfSatisfying(IdentifierConflictException.class, e -> {
                    assertThat(e.attribute()).isEqualTo("email");
                    assertThat(e.profileIds()).containsExactly(id);
                    assertThat(e.getMessage()).contains("identifier-transfers");
                });
        assertThat(Fixtures.state(graph)).isEqualTo(before);
    }

    /** The Trap: Ignoring Source Staleness — a CRM value six months old loses to yesterday's chat value. */
    @Test
    void trapIgnoringSourceStaleness_aFresherLowerPrioritySourceBeatsAStaleAuthoritativeOne() {
        IdentityGraph graph = Fixtures.omnichannelGraph();
        graph.upsert(record("salesforce_crm", "C-300", "2026-05-01T09:00:00Z",
                "{\"email\":\"cara@example.com\",\"postal_address\":{\"city\":\"Fresno\"},\"loyalty_tier\":\"Bronze\"}"));
        ProfileView p = graph.upsert(obs("webchat_middleware", "2026-11-26T18:00:00Z",
                "{\"email\":\"cara@example.com\",\"postal_address\":{\"city\":\"Oakland\"},\"loyalty_tier\":\"Gold\"}")).profile();

        assertThat(p.golden().attributes().get("postal_address").get("city").textValue()).isEqualTo("Oakland");
        AttributeLineage address = p.golden().lineage().get("postal_address");
        assertThat(address.losers()).singleElement().satisfies(l -> {
            assertThat(l.source()).isEqualTo("salesforce_crm");
            assertThat(l.reason()).isEqualTo(LossReason.STALE);
        });
        // loyalty_tier has no staleness threshold: the CRM keeps it, however old
        assertThat(p.golden().attributes().get("loyalty_tier").textValue()).isEqualTo("Bronze");
    }

    /** Staleness is measured against the freshest contribution, not the clock: time passing changes nothing. */
    @Test
    void trapIgnoringSourceStaleness_aLoneOldValueIsNeverStale() {
        IdentityGraph graph = Fixtures.omnichannelGraph();
        ProfileView p = graph.upsert(record("salesforce_crm", "C-300", "2020-01-01T00:00:00Z",
                "{\"email\":\"cara@example.com\",\"postal_address\":{\"city\":\"Fresno\"}}")).profile();
        assertThat(p.golden().attributes().get("postal_address").get("city").textValue()).isEqualTo("Fresno");
        assertThat(p.golden().lineage().get("postal_address").winners().get(0).stale()).isFalse();
    }

    /** The Trap: Identifier Drift — chat still sends the old email after the CRM changed it. */
    @Test
    void trapIdentifierDrift_chatSendingTheOldEmailReachesTheSameProfileAndLeavesTheNewOneCurrent() {
        IdentityGraph graph = Fixtures.omnichannelGraph();
        graph.upsert(record("salesforce_crm", "C-200", "2026-10-01T09:00:00Z", "{\"email\":\"john.doe_old@gmail.com\"}"));
        String id = graph.upsert(record("salesforce_crm", "C-200", "2026-11-10T09:00:00Z", "{\"email\":\"john.doe_new@gmail.com\"}")).profileId();

        UpsertResult chat = graph.upsert(obs("webchat_middleware", "2026-11-15T12:00:00Z",
                "{\"email\":\"John.Doe_Old@gmail.com\",\"recent_intent\":\"billing question\"}"));

        assertThat(chat.outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(chat.profileId()).isEqualTo(id);
        assertThat(graph.profiles()).hasSize(1);
        assertThat(chat.profile().identifiers().current("email")).containsExactly("john.doe_new@gmail.com");
        assertThat(chat.profile().golden().attributes().get("recent_intent").textValue()).isEqualTo("billing question");
    }

    /** Identifier drift in the other arrival order: the old value arriving late becomes an alias, not a conflict. */
    @Test
    void trapIdentifierDrift_theAuthoritysOlderValueArrivingLateBecomesAnAlias() {
        IdentityGraph graph = Fixtures.omnichannelGraph();
        graph.upsert(record("salesforce_crm", "C-200", "2026-11-10T09:00:00Z", "{\"email\":\"john.doe_new@gmail.com\"}"));
        ProfileView p = graph.upsert(record("salesforce_crm", "C-200", "2026-10-01T09:00:00Z", "{\"email\":\"john.doe_old@gmail.com\"}")).profile();
        assertThat(p.identifiers().current("email")).containsExactly("john.doe_new@gmail.com");
        assertThat(p.identifiers().aliases("email")).containsExactly("john.doe_old@gmail.com");
    }

    /** Edge Case 1: The "Phantom" Merge — partial chat updates and explicit nulls never erase the CRM's loyalty tier. */
    @Test
    void edgeCasePhantomMerge_partialUpdatesAndNullsNeverEraseLoyaltyTier() {
        IdentityGraph graph = Fixtures.guideGraph();
        graph.upsert(obs("salesforce_crm", "2026-11-01T09:00:00Z", "{\"email\":\"ava@example.com\",\"loyalty_tier\":\"Gold\"}"));
        graph.upsert(obs("webchat_middleware", "2026-11-20T10:00:00Z",
                "{\"email\":\"ava@example.com\",\"last_interaction_timestamp\":\"2026-11-20T10:00:00Z\"}"));
        ProfileView p = graph.upsert(obs("webchat_middleware", "2026-11-21T10:00:00Z",
                "{\"email\":\"ava@example.com\",\"loyalty_tier\":null,\"last_interaction_timestamp\":\"2026-11-21T10:00:00Z\"}")).profile();

        assertThat(p.golden().attributes().get("loyalty_tier").textValue()).isEqualTo("Gold");
        assertThat(p.golden().attributes().get("last_interaction_timestamp").textValue()).isEqualTo("2026-11-21T10:00:00Z");
    }

    /** The guide's second cause: with MOST_RECENT and a newer chat payload, a null still cannot win. */
    @Test
    void edgeCasePhantomMerge_aNewerNullUnderMostRecentDoesNotWin() {
        var rules = MergeRuleSetParser.parse(Fixtures.json("""
                {"rule_name":"misconfigured","sources":[{"source_id":"salesforce_crm","priority":2},{"source_id":"webchat_middleware","priority":1}],
                 "attribute_rules":[{"attribute_name":"loyalty_tier","resolution_strategy":"MOST_RECENT"}]}"""));
        IdentityGraph graph = Fixtures.graph(Fixtures.template("template.json"), rules);
        graph.upsert(obs("salesforce_crm", "2026-11-01T09:00:00Z", "{\"email\":\"ava@example.com\",\"loyalty_tier\":\"Gold\"}"));
        ProfileView p = graph.upsert(obs("webchat_middleware", "2026-11-21T10:00:00Z", "{\"email\":\"ava@example.com\",\"loyalty_tier\":null}")).profile();
        assertThat(p.golden().attributes().get("loyalty_tier").textValue()).isEqualTo("Gold");
    }

    /** The guide's preferred_contact_method rule: CRM defines it, an explicit user action in chat overrides it. */
    @Test
    void preferredContactMethod_anExplicitChatChoiceOverridesTheCrmUntilTheCrmSpeaksAgain() {
        IdentityGraph graph = Fixtures.omnichannelGraph();
        graph.upsert(obs("salesforce_crm", "2026-11-01T09:00:00Z", "{\"email\":\"ava@example.com\",\"preferred_contact_method\":\"email\"}"));
        graph.upsert(obs("webchat_middleware", "2026-11-05T09:00:00Z", "{\"email\":\"ava@example.com\",\"preferred_contact_method\":\"phone\"}"));
        assertThat(graph.lookup("email", "ava@example.com").orElseThrow().golden().attributes().get("preferred_contact_method").textValue())
                .as("a chat value without an explicit flag does not override").isEqualTo("email");

        ProfileView p = graph.upsert(explicit("webchat_middleware", "2026-11-22T08:00:00Z",
                "{\"email\":\"ava@example.com\",\"preferred_contact_method\":\"sms\"}", "preferred_contact_method")).profile();
        assertThat(p.golden().attributes().get("preferred_contact_method").textValue()).isEqualTo("sms");
        assertThat(p.golden().lineage().get("preferred_contact_method").losers())
                .filteredOn(l -> l.source().equals("salesforce_crm")).singleElement()
                .satisfies(l -> assertThat(l.reason()).isEqualTo(LossReason.OVERRIDDEN));

        p = graph.upsert(obs("salesforce_crm", "2026-11-25T09:00:00Z", "{\"email\":\"ava@example.com\",\"preferred_contact_method\":\"post\"}")).profile();
        assertThat(p.golden().attributes().get("preferred_contact_method").textValue()).isEqualTo("post");
    }

    /** Omnichannel: an IVR caller known only by phone and a chat visitor known only by email merge when one observation names both. */
    @Test
    void omnichannel_anIvrCallerAndAChatVisitorMergeWhenTheCustomerIdentifies() {
        IdentityGraph graph = Fixtures.omnichannelGraph();
        String ivr = graph.upsert(obs("voice_ivr", "2026-11-02T16:30:00Z", "{\"phone_number\":\"415-555-0404\",\"recent_intent\":\"order status\"}")).profileId();
        String chat = graph.upsert(obs("webchat_middleware", "2026-11-03T11:00:00Z", "{\"email\":\"dev@example.com\"}")).profileId();
        UpsertResult bridge = graph.upsert(obs("webchat_middleware", "2026-11-04T08:15:00Z",
                "{\"email\":\"dev@example.com\",\"phone_number\":\"+14155550404\",\"recent_intent\":\"return\"}"));

        assertThat(bridge.outcome()).isEqualTo(Outcome.MERGED);
        assertThat(bridge.profileId()).as("the oldest profile survives").isEqualTo(ivr);
        assertThat(bridge.mergedProfileIds()).containsExactly(chat);
        assertThat(graph.get(chat).orElseThrow().redirectedFrom()).isEqualTo(chat);
        assertThat(graph.get(chat).orElseThrow().profileId()).isEqualTo(ivr);
        assertThat(graph.profiles()).hasSize(1);
        assertThat(bridge.profile().identifiers().current()).containsOnlyKeys("email", "phone_number");
        assertThat(List.copyOf(bridge.profile().identifiers().current("phone_number"))).containsExactly("+14155550404");
    }
}
