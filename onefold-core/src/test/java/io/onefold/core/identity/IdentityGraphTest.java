package io.onefold.core.identity;

import static io.onefold.core.testing.Fixtures.obs;
import static io.onefold.core.testing.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onefold.core.error.FromValueConflictException;
import io.onefold.core.error.IdentifierConflictException;
import io.onefold.core.error.NotFoundException;
import io.onefold.core.error.StateConflictException;
import io.onefold.core.error.ValidationException;
import io.onefold.core.resolution.LineageEntry;
import io.onefold.core.resolution.LossReason;
import io.onefold.core.rules.MergeRuleSetParser;
import io.onefold.core.schema.TemplateParser;
import io.onefold.core.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The identity graph's operations, each checked against PRODUCT.md "Identity". */
class IdentityGraphTest {
    private IdentityGraph graph = Fixtures.omnichannelGraph();

    /** The shared invariant: the cached golden profile is exactly what a rebuild from nothing gives. */
    @AfterEach
    void everyProfileRebuildsToItsCachedGoldenRecord() {
        for (ProfileView p : graph.profiles()) {
            assertThat(Fixtures.describe(new ProfileView(p.profileId(), p.identifiers(), graph.rebuild(p.profileId()), p.createdAt(), p.version(), null)))
                    .isEqualTo(Fixtures.describe(new ProfileView(p.profileId(), p.identifiers(), graph.cached(p.profileId()), p.createdAt(), p.version(), null)));
        }
    }

    @Test
    void anObservationMatchingNothingCreatesMatchingOneUpdatesAndAReplayChangesNothing() {
        var first = graph.upsert(obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\",\"recent_intent\":\"x\"}"));
        var second = graph.upsert(obs("webchat_middleware", "2026-11-02T00:00:00Z", "{\"email\":\"A@Example.com\",\"recent_intent\":\"y\"}"));
        var replay = graph.upsert(obs("webchat_middleware", "2026-11-02T00:00:00Z", "{\"email\":\"a@example.com\",\"recent_intent\":\"y\"}"));

        assertThat(first.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(second.outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(second.changedAttributes()).containsExactly("recent_intent");
        assertThat(replay.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(replay.profile().version()).isEqualTo(second.profile().version());
        assertThat(replay.changedAttributes()).isEmpty();
    }

    @Test
    void anOlderObservationArrivingLateChangesNothing() {
        graph.upsert(record("salesforce_crm", "C-1", "2026-11-10T00:00:00Z", "{\"email\":\"a@example.com\",\"loyalty_tier\":\"Gold\"}"));
        var late = graph.upsert(record("salesforce_crm", "C-1", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\",\"loyalty_tier\":\"Silver\"}"));
        assertThat(late.outcome()).isEqualTo(Outcome.UNCHANGED);
        assertThat(late.profile().golden().attributes().get("loyalty_tier").textValue()).isEqualTo("Gold");
    }

    @Test
    void aRequiredAttributeIsCheckedOnCreationOnly() {
        graph = Fixtures.guideGraph(); // email is_required
        assertThatThrownBy(() -> graph.upsert(obs("voice_ivr", "2026-11-01T00:00:00Z", "{\"phone_number\":\"+14155550101\"}")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.details()).singleElement()
                        .satisfies(v -> assertThat(v.field()).isEqualTo("profile_data.email")));
        graph.upsert(obs("salesforce_crm", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\",\"phone_number\":\"+14155550101\"}"));
        var update = graph.upsert(obs("voice_ivr", "2026-11-02T00:00:00Z", "{\"phone_number\":\"(415) 555-0101\",\"loyalty_tier\":\"Gold\"}"));
        assertThat(update.outcome()).isEqualTo(Outcome.UPDATED);
    }

    @Test
    void anUnknownSourceIsRefusedUnlessTheRuleSetAcceptsUnknownSourcesAtTheLowestPriority() {
        assertThatThrownBy(() -> graph.upsert(obs("marketing_db", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\"}")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.details().get(0).field()).isEqualTo("source"));
        var rules = MergeRuleSetParser.parse(Fixtures.json("""
                {"rule_name":"open","accept_unknown_sources":true,"sources":[{"source_id":"salesforce_crm","priority":1}]}"""));
        graph = Fixtures.graph(Fixtures.template("omnichannel-template.json"), rules);
        graph.upsert(obs("marketing_db", "2026-11-05T00:00:00Z", "{\"email\":\"a@example.com\",\"loyalty_tier\":\"Bronze\"}"));
        var p = graph.upsert(obs("salesforce_crm", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\",\"loyalty_tier\":\"Gold\"}")).profile();
        assertThat(p.golden().attributes().get("loyalty_tier").textValue()).isEqualTo("Gold");
        assertThat(p.golden().lineage().get("loyalty_tier").losers().get(0).priority()).isEqualTo(2);
    }

    @Test
    void mergeProtectionRefusesTwoCurrentValuesForASingleIdentifierAndWritesNothing() {
        String a = graph.upsert(obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\",\"phone_number\":\"+14155550101\"}")).profileId();
        String b = graph.upsert(obs("webchat_middleware", "2026-11-02T00:00:00Z", "{\"email\":\"b@example.com\",\"phone_number\":\"+14155550202\"}")).profileId();
        String before = Fixtures.state(graph);
        assertThatThrownBy(() -> graph.upsert(obs("voice_ivr", "2026-11-03T00:00:00Z", "{\"phone_number\":[\"+14155550101\",\"+14155550202\"]}")))
                .isInstanceOfSatisfying(IdentifierConflictException.class, e -> {
                    assertThat(e.attribute()).isEqualTo("email");
                    assertThat(e.profileIds()).containsExactlyInAnyOrder(a, b);
                });
        assertThat(Fixtures.state(graph)).isEqualTo(before);
    }

    @Test
    void mergeProtectionHoldsMaxValues() {
        var template = new TemplateParser(Fixtures.US).parse(Fixtures.json("""
                {"template_name":"t","attributes":[{"name":"phone","type":"string","is_identifier":true,"cardinality":"multiple","max_values":2}]}"""));
        var rules = MergeRuleSetParser.parse(Fixtures.json("{\"rule_name\":\"r\",\"sources\":[{\"source_id\":\"s\",\"priority\":1}]}"));
        graph = Fixtures.graph(template, rules);
        graph.upsert(obs("s", "2026-11-01T00:00:00Z", "{\"phone\":[\"+14155550101\",\"+14155550102\"]}"));
        graph.upsert(obs("s", "2026-11-01T00:00:00Z", "{\"phone\":[\"+14155550103\"]}"));
        assertThatThrownBy(() -> graph.upsert(obs("s", "2026-11-02T00:00:00Z", "{\"phone\":[\"+14155550101\",\"+14155550103\"]}")))
                .isInstanceOfSatisfying(IdentifierConflictException.class, e -> assertThat(e.attribute()).isEqualTo("phone"));
        assertThatThrownBy(() -> graph.upsert(obs("s", "2026-11-02T00:00:00Z", "{\"phone\":[\"+14155550101\",\"+14155550109\"]}")))
                .isInstanceOf(IdentifierConflictException.class);
        assertThat(graph.profiles()).hasSize(2);
    }

    @Test
    void aNonLinkingIdentifierFindsAProfileOnlyWhenExactlyOneHoldsItAndNeverBridges() {
        String a = graph.upsert(obs("salesforce_crm", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\",\"household_phone\":\"+14155550999\"}")).profileId();
        var found = graph.upsert(obs("voice_ivr", "2026-11-02T00:00:00Z", "{\"household_phone\":\"415 555 0999\",\"recent_intent\":\"x\"}"));
        assertThat(found.profileId()).isEqualTo(a);

        String b = graph.upsert(obs("salesforce_crm", "2026-11-03T00:00:00Z", "{\"email\":\"b@example.com\",\"household_phone\":\"+14155550999\"}")).profileId();
        assertThat(b).isNotEqualTo(a);
        assertThat(graph.lookup("household_phone", "+14155550999")).as("two profiles share it: it finds neither").isEmpty();
        var ambiguous = graph.upsert(obs("voice_ivr", "2026-11-04T00:00:00Z", "{\"household_phone\":\"+14155550999\"}"));
        assertThat(ambiguous.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(graph.profiles()).hasSize(3);
    }

    @Test
    void blockedValuesNeverMatch() {
        graph.upsert(obs("salesforce_crm", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\",\"phone_number\":\"+14155550101\"}"));
        var p = graph.upsert(obs("webchat_middleware", "2026-11-02T00:00:00Z", "{\"email\":\"TEST@test.com\",\"phone_number\":\"+14155550101\"}")).profile();
        assertThat(p.identifiers().current("email")).containsExactly("a@example.com");
        assertThat(p.golden().lineage().get("email").losers()).singleElement().satisfies(l -> assertThat(l.reason()).isEqualTo(LossReason.BLOCKED));
        assertThatThrownBy(() -> graph.upsert(obs("voice_ivr", "2026-11-02T00:00:00Z", "{\"phone_number\":\"0000000000\"}")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("blocked");
    }

    @Test
    void aNeverTheSameLinkBlocksAutomaticMerges() {
        String a = graph.upsert(obs("voice_ivr", "2026-11-01T00:00:00Z", "{\"phone_number\":\"+14155550101\"}")).profileId();
        String b = graph.upsert(obs("webchat_middleware", "2026-11-02T00:00:00Z", "{\"email\":\"b@example.com\"}")).profileId();
        graph.neverTheSame(a, b, "twins");
        assertThatThrownBy(() -> graph.upsert(obs("webchat_middleware", "2026-11-03T00:00:00Z", "{\"email\":\"b@example.com\",\"phone_number\":\"+14155550101\"}")))
                .isInstanceOfSatisfying(IdentifierConflictException.class, e -> assertThat(e.profileIds()).containsExactlyInAnyOrder(a, b));
        assertThatThrownBy(() -> graph.merge(List.of(a, b), "operator")).isInstanceOf(IdentifierConflictException.class);
    }

    @Test
    void aManualMergeKeepsTheSurvivorsSingleIdentifierAndUnmergeRestoresBothProfilesExactly() {
        String a = graph.upsert(record("salesforce_crm", "C-1", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\",\"loyalty_tier\":\"Gold\"}")).profileId();
        String b = graph.upsert(obs("webchat_middleware", "2026-11-02T00:00:00Z",
                "{\"email\":\"a.other@example.com\",\"phone_number\":\"+14155550101\",\"recent_intent\":\"x\"}")).profileId();
        String before = Fixtures.state(graph);

        ProfileView merged = graph.merge(List.of(b, a), "same person, two emails");
        assertThat(merged.profileId()).isEqualTo(a);
        assertThat(merged.identifiers().current("email")).containsExactly("a@example.com");
        assertThat(merged.identifiers().aliases("email")).containsExactly("a.other@example.com");
        assertThat(merged.golden().attributes().get("recent_intent").textValue()).isEqualTo("x");
        assertThat(graph.lookup("email", "a.other@example.com").orElseThrow().profileId()).isEqualTo(a);

        ProfileView restored = graph.unmerge(a, b);
        assertThat(restored.profileId()).isEqualTo(b);
        assertThat(Fixtures.state(graph).replaceAll("\"version\":\\d+", "")).isEqualTo(before);
        // the unmerge is remembered: the next bridging observation is refused instead of merging them again
        assertThatThrownBy(() -> graph.upsert(obs("voice_ivr", "2026-11-05T00:00:00Z", "{\"email\":\"a@example.com\",\"phone_number\":\"+14155550101\"}")))
                .isInstanceOf(IdentifierConflictException.class);
        assertThat(graph.links()).extracting(IdentityLink::kind, IdentityLink::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(LinkKind.SAME, LinkState.RETRACTED),
                        org.assertj.core.groups.Tuple.tuple(LinkKind.DIFFERENT, LinkState.ASSERTED));
    }

    /**
     * A record that arrives after a merge lives on the node whose identifier found it: an unmerge takes it back with
     * that identifier, so neither side keeps a record whose email belongs to the other (the guide's Dev: an IVR
     * caller, a chat that identified him, the CRM record that came after).
     */
    @Test
    void aRecordArrivingAfterAMergeLeavesWithTheIdentifierThatFoundIt() {
        String caller = graph.upsert(obs("voice_ivr", "2026-11-02T16:30:00Z", "{\"phone_number\":\"415-555-0404\",\"recent_intent\":\"order status\"}")).profileId();
        String chat = graph.upsert(obs("webchat_middleware", "2026-11-03T11:00:00Z", "{\"email\":\"dev@example.com\"}")).profileId();
        graph.upsert(obs("webchat_middleware", "2026-11-04T08:15:00Z", "{\"email\":\"dev@example.com\",\"phone_number\":\"+14155550404\"}"));
        graph.upsert(record("salesforce_crm", "C-400", "2026-11-05T09:00:00Z",
                "{\"email\":\"dev@example.com\",\"phone_number\":\"+14155550999\",\"lifetime_value\":65}"));
        assertThat(graph.lookup("email", "dev@example.com").orElseThrow().profileId()).isEqualTo(caller);

        ProfileView restored = graph.unmerge(caller, chat);
        assertThat(restored.profileId()).isEqualTo(chat);
        assertThat(restored.identifiers().current("email")).containsExactly("dev@example.com");
        assertThat(restored.identifiers().current("phone_number")).as("the CRM's new phone went with its record").contains("+14155550999");
        assertThat(restored.golden().attributes().get("lifetime_value").intValue()).isEqualTo(65);
        ProfileView left = graph.get(caller).orElseThrow();
        assertThat(left.identifiers().current("email")).isEmpty();
        assertThat(left.golden().attributes().has("email")).isFalse();
        assertThat(left.golden().attributes().has("lifetime_value")).as("no CRM value stays behind without its record").isFalse();
        assertThat(left.golden().lineage().toString()).doesNotContain("C-400");
        // the chat that bridged the two said both: it stays with the survivor, its email explained as not current there
        assertThat(left.golden().lineage().get("email").losers()).extracting(e -> e.reason().name()).containsExactly("NOT_CURRENT");
    }

    @Test
    void unmergeWithoutAMergeIsAConflict() {
        String a = graph.upsert(obs("voice_ivr", "2026-11-01T00:00:00Z", "{\"phone_number\":\"+14155550101\"}")).profileId();
        assertThatThrownBy(() -> graph.unmerge(a, null)).isInstanceOf(StateConflictException.class);
        assertThatThrownBy(() -> graph.unmerge("nope", null)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void anIdentifierTransferMakesTheNewValueCurrentAndKeepsTheOldAsAnAlias() {
        String a = graph.upsert(obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"old@example.com\"}")).profileId();
        String other = graph.upsert(obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"taken@example.com\"}")).profileId();
        ProfileView p = graph.transferIdentifier(a, "email", null, "New@Example.com");
        assertThat(p.identifiers().current("email")).containsExactly("new@example.com");
        assertThat(p.identifiers().aliases("email")).containsExactly("old@example.com");
        assertThat(p.golden().attributes().get("email").textValue()).isEqualTo("new@example.com");
        assertThatThrownBy(() -> graph.transferIdentifier(a, "email", null, "taken@example.com"))
                .isInstanceOfSatisfying(IdentifierConflictException.class, e -> assertThat(e.profileIds()).containsExactly(a, other));
        // transferring back promotes the alias
        p = graph.transferIdentifier(a, "email", null, "old@example.com");
        assertThat(p.identifiers().current("email")).containsExactly("old@example.com");
        assertThat(p.identifiers().aliases("email")).containsExactly("new@example.com");
    }

    @Test
    void aTransferFromAValueThatIsNotCurrentIsAConflictNamingTheCurrentValues_andItsRetryChangesNothing() {
        String a = graph.upsert(obs("salesforce_crm", "2026-11-01T00:00:00Z", "{\"email\":\"real@example.com\"}")).profileId();
        long version = graph.get(a).orElseThrow().version();
        assertThatThrownBy(() -> graph.transferIdentifier(a, "email", "stale@example.com", "next@example.com"))
                .isInstanceOfSatisfying(FromValueConflictException.class, e -> assertThat(e.currentValues()).containsExactly("real@example.com"));
        assertThat(graph.get(a).orElseThrow().identifiers().current("email")).containsExactly("real@example.com");
        assertThat(graph.get(a).orElseThrow().version()).isEqualTo(version);

        graph.transferIdentifier(a, "email", "Real@Example.com", "next@example.com");
        long moved = graph.get(a).orElseThrow().version();
        ProfileView retried = graph.transferIdentifier(a, "email", "real@example.com", "next@example.com");
        assertThat(retried.identifiers().current("email")).containsExactly("next@example.com");
        assertThat(retried.identifiers().aliases("email")).containsExactly("real@example.com");
        assertThat(retried.version()).isEqualTo(moved);
    }

    @Test
    void aTransferBetweenTwoCurrentValuesOfAMultipleIdentifierDemotesTheNamedOne() {
        String a = graph.upsert(obs("salesforce_crm", "2026-11-01T00:00:00Z", "{\"phone_number\":[\"+14155550101\",\"+14155550102\"]}")).profileId();
        ProfileView p = graph.transferIdentifier(a, "phone_number", "+14155550101", "+14155550102");
        assertThat(p.identifiers().current("phone_number")).containsExactly("+14155550102");
        assertThat(p.identifiers().aliases("phone_number")).containsExactly("+14155550101");
    }

    @Test
    void aliasesCanBeAddedAndRemovedAndAnAliasTakenElsewhereIsAConflict() {
        String a = graph.upsert(obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\"}")).profileId();
        graph.upsert(obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"b@example.com\"}"));
        graph.addAlias(a, "email", "A.Old@Example.com");
        assertThat(graph.lookup("email", "a.old@example.com").orElseThrow().profileId()).isEqualTo(a);
        assertThatThrownBy(() -> graph.addAlias(a, "email", "b@example.com")).isInstanceOf(IdentifierConflictException.class);
        assertThatThrownBy(() -> graph.addAlias(a, "loyalty_tier", "x")).isInstanceOf(ValidationException.class);
        graph.removeAlias(a, "email", "a.old@example.com");
        assertThat(graph.lookup("email", "a.old@example.com")).isEmpty();
        assertThatThrownBy(() -> graph.removeAlias(a, "email", "a.old@example.com")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void deletingASourceRecordRemovesItsContributionsAndReDerivesTheProfile() {
        String a = graph.upsert(record("salesforce_crm", "C-1", "2026-11-01T00:00:00Z",
                "{\"email\":\"a@example.com\",\"phone_number\":\"+14155550101\",\"loyalty_tier\":\"Gold\"}")).profileId();
        graph.upsert(obs("webchat_middleware", "2026-11-02T00:00:00Z", "{\"email\":\"a@example.com\",\"loyalty_tier\":\"Silver\"}"));
        ProfileView p = graph.deleteRecord("salesforce_crm", "C-1");
        assertThat(p.profileId()).isEqualTo(a);
        assertThat(p.golden().attributes().get("loyalty_tier").textValue()).isEqualTo("Silver");
        assertThat(p.identifiers().current("phone_number")).as("only the deleted record asserted it").isEmpty();
        assertThat(p.identifiers().current("email")).containsExactly("a@example.com");
        assertThatThrownBy(() -> graph.deleteRecord("salesforce_crm", "C-1")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void erasureLeavesOnlyATombstone() {
        String a = graph.upsert(obs("voice_ivr", "2026-11-01T00:00:00Z", "{\"phone_number\":\"+14155550101\"}")).profileId();
        String b = graph.upsert(obs("webchat_middleware", "2026-11-02T00:00:00Z", "{\"email\":\"b@example.com\"}")).profileId();
        graph.upsert(obs("webchat_middleware", "2026-11-03T00:00:00Z", "{\"email\":\"b@example.com\",\"phone_number\":\"+14155550101\"}"));
        assertThat(graph.erase(b)).containsExactlyInAnyOrder(a, b);
        assertThat(graph.get(a)).isEmpty();
        assertThat(graph.get(b)).isEmpty();
        assertThat(graph.status(a)).contains(ProfileStatus.ERASED);
        assertThat(graph.lookup("email", "b@example.com")).isEmpty();
        assertThat(graph.profiles()).isEmpty();
        assertThat(graph.links()).allSatisfy(l -> assertThat(l.evidence()).doesNotContain("@").doesNotContain("+1415"));
        // the values are free again: a new observation creates a new profile
        assertThat(graph.upsert(obs("webchat_middleware", "2026-11-04T00:00:00Z", "{\"email\":\"b@example.com\"}")).outcome()).isEqualTo(Outcome.CREATED);
    }

    @Test
    void nullBehaviorRetractWithdrawsOnlyTheSendersOwnContribution() {
        var rules = MergeRuleSetParser.parse(Fixtures.json("""
                {"rule_name":"r","sources":[{"source_id":"crm","priority":1,"null_behavior":"retract"},{"source_id":"chat","priority":2}]}"""));
        graph = Fixtures.graph(Fixtures.template("omnichannel-template.json"), rules);
        graph.upsert(obs("crm", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\",\"loyalty_tier\":\"Gold\"}"));
        graph.upsert(obs("chat", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\",\"loyalty_tier\":\"Silver\"}"));
        var p = graph.upsert(obs("crm", "2026-11-02T00:00:00Z", "{\"email\":\"a@example.com\",\"loyalty_tier\":null}")).profile();
        assertThat(p.golden().attributes().get("loyalty_tier").textValue()).isEqualTo("Silver");
        assertThat(p.golden().lineage().get("loyalty_tier").losers()).singleElement().satisfies(l -> assertThat(l.reason()).isEqualTo(LossReason.RETRACTED));
        // chat's null is ignored (its default), so Silver stays
        p = graph.upsert(obs("chat", "2026-11-03T00:00:00Z", "{\"email\":\"a@example.com\",\"loyalty_tier\":null}")).profile();
        assertThat(p.golden().attributes().get("loyalty_tier").textValue()).isEqualTo("Silver");
    }

    private static final String CRM_REPLACES_ALL = """
            {"rule_name":"r","sources":[{"source_id":"crm","priority":1,"update_behavior":"replace_all"},{"source_id":"chat","priority":2}]}""";

    /** A graph on the omnichannel template with the given rules. */
    private static IdentityGraph omnichannel(String rules) {
        return Fixtures.graph(Fixtures.template("omnichannel-template.json"), MergeRuleSetParser.parse(Fixtures.json(rules)));
    }

    @Test
    void replaceAllMakesEachPayloadTheRecordsCompleteStateRetractingOnlyItsOwnContributions() {
        graph = omnichannel(CRM_REPLACES_ALL);
        graph.upsert(record("crm", "C-1", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\",\"loyalty_tier\":\"Gold\",\"recent_intent\":\"crm\"}"));
        graph.upsert(obs("chat", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\",\"loyalty_tier\":\"Silver\"}"));
        var p = graph.upsert(record("crm", "C-1", "2026-11-02T00:00:00Z", "{\"email\":\"a@example.com\"}")).profile();
        assertThat(p.golden().attributes().get("loyalty_tier").textValue()).isEqualTo("Silver");
        assertThat(p.golden().attributes().has("recent_intent")).isFalse();
        assertThat(p.identifiers().current("email")).as("identifiers are not retracted by omission").containsExactly("a@example.com");
    }

    @Test
    void replaceAllListsAsRetractedOnlyTheAttributesTheSourceHadSent() {
        graph = omnichannel(CRM_REPLACES_ALL);
        graph.upsert(record("crm", "C-1", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\",\"loyalty_tier\":\"Gold\"}"));
        graph.upsert(obs("chat", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\",\"recent_intent\":\"refund\"}"));
        var p = graph.upsert(record("crm", "C-1", "2026-11-02T00:00:00Z", "{\"email\":\"a@example.com\"}")).profile();
        var lineage = p.golden().lineage();
        // the CRM withdrew the tier it had sent
        assertThat(lineage.get("loyalty_tier").losers()).extracting(LineageEntry::source, LineageEntry::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("crm", LossReason.RETRACTED));
        // it never sent an intent: chat's intent stands alone, no CRM entry beside it
        assertThat(lineage.get("recent_intent").losers()).isEmpty();
        // nor anything else: an attribute nobody sent has no lineage at all
        assertThat(lineage).containsOnlyKeys("email", "loyalty_tier", "recent_intent");
    }

    @Test
    void aValueArrivingAfterTheReplaceAllPayloadThatOmittedItIsListedAsRetractedAsInOrder() {
        graph = omnichannel(CRM_REPLACES_ALL);
        graph.upsert(record("crm", "C-1", "2026-11-02T00:00:00Z", "{\"email\":\"a@example.com\"}"));
        // the older payload, delivered late: the newer one had already withdrawn its tier
        var p = graph.upsert(record("crm", "C-1", "2026-11-01T00:00:00Z", "{\"email\":\"a@example.com\",\"loyalty_tier\":\"Gold\"}")).profile();
        assertThat(p.golden().attributes().has("loyalty_tier")).isFalse();
        assertThat(p.golden().lineage().get("loyalty_tier").losers()).extracting(LineageEntry::source, LineageEntry::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("crm", LossReason.RETRACTED));
        assertThat(p.golden().lineage()).containsOnlyKeys("email", "loyalty_tier");
    }

    @Test
    void anObservationWithoutAnyUsableIdentifierIsRefused() {
        assertThatThrownBy(() -> graph.upsert(obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"recent_intent\":\"x\"}")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.details().get(0).field()).isEqualTo("profile_data"));
        // a source record id alone is enough: the record can be found again
        assertThat(graph.upsert(record("salesforce_crm", "C-9", "2026-11-01T00:00:00Z", "{\"loyalty_tier\":\"Gold\"}")).outcome()).isEqualTo(Outcome.CREATED);
        assertThat(graph.upsert(record("salesforce_crm", "C-9", "2026-11-02T00:00:00Z", "{\"email\":\"c9@example.com\"}")).outcome()).isEqualTo(Outcome.UPDATED);
        assertThat(graph.profiles()).hasSize(1);
    }

    @Test
    void aProfileIdTargetsAProfileAndAnAbsorbedIdReachesItsSurvivor() {
        String a = graph.upsert(obs("voice_ivr", "2026-11-01T00:00:00Z", "{\"phone_number\":\"+14155550101\"}")).profileId();
        String b = graph.upsert(obs("webchat_middleware", "2026-11-02T00:00:00Z", "{\"email\":\"b@example.com\"}")).profileId();
        graph.merge(List.of(a, b), null);
        var targeted = graph.upsert(new io.onefold.core.model.Observation("voice_ivr", (com.fasterxml.jackson.databind.node.ObjectNode) Fixtures.json("{\"recent_intent\":\"y\"}"),
                java.time.Instant.parse("2026-11-03T00:00:00Z"), null, List.of(), b));
        assertThat(targeted.profileId()).isEqualTo(a);
        assertThatThrownBy(() -> graph.upsert(new io.onefold.core.model.Observation("voice_ivr", (com.fasterxml.jackson.databind.node.ObjectNode) Fixtures.json("{}"),
                java.time.Instant.parse("2026-11-03T00:00:00Z"), null, List.of(), "missing"))).isInstanceOf(NotFoundException.class);
    }
}
