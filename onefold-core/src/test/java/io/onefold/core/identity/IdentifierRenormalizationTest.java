package io.onefold.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.core.identity.IdentifierRenormalization.Collision;
import io.onefold.core.identity.IdentifierRenormalization.Plan;
import io.onefold.core.json.Json;
import io.onefold.core.model.Contribution;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.core.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Stored values written under older normalization rules, brought to the current ones (omnichannel template). */
class IdentifierRenormalizationTest {
    private static final Instant T = Instant.parse("2026-11-01T09:00:00Z");
    /** Normalized by the rules before version 2: "1 555 0123" kept its national prefix, invisible characters stayed. */
    private static final String OLD_PHONE = "+115550123";
    private static final String PHONE = "+15550123";
    private static final String OLD_EMAIL = "jo\u200Bhn@example.com";
    private static final Function<IdentifierKey, Optional<String>> NOBODY = k -> Optional.empty();

    private final IdentifierRenormalization renormalization =
            new IdentifierRenormalization(Fixtures.template("omnichannel-template.json"), Fixtures.US);

    private static SortedMap<String, SortedSet<String>> values(String attribute, String... values) {
        SortedMap<String, SortedSet<String>> out = new TreeMap<>();
        if (values.length > 0) out.put(attribute, new TreeSet<>(List.of(values)));
        return out;
    }

    private static NodeState node(String id, Instant created, SortedMap<String, SortedSet<String>> current,
                                  SortedMap<String, SortedSet<String>> aliases, SourceRecordKey... records) {
        return new NodeState(id, created, ProfileStatus.ACTIVE, null, List.of(), current, aliases, Set.of(records), 3);
    }

    private static SourceRecord record(SourceRecordKey key, String attribute, com.fasterxml.jackson.databind.JsonNode value) {
        return new SourceRecord(key, Map.of(attribute, Contribution.of(attribute, value, T, false)), T, T);
    }

    private static com.fasterxml.jackson.databind.JsonNode phones(String... values) {
        var a = Json.NODES.arrayNode();
        for (String v : values) a.add(v);
        return a;
    }

    @Test
    void anOldFormPhoneBecomesTheNewFormInItsNodeAndItsRecord() {
        SourceRecordKey ivr = SourceRecordKey.implicit("voice_ivr", "p1");
        NodeState p1 = node("p1", T, values("phone_number", OLD_PHONE), values("phone_number"), ivr);
        Plan plan = renormalization.plan(List.of(p1), List.of(record(ivr, "phone_number", phones(OLD_PHONE))), List.of(), NOBODY);

        assertThat(plan.nodes()).singleElement().satisfies(n -> assertThat(n.current()).isEqualTo(values("phone_number", PHONE)));
        assertThat(plan.records()).singleElement().satisfies(r -> assertThat(r.contributions().get("phone_number").value()).isEqualTo(phones(PHONE)));
        assertThat(plan.claims()).containsExactly(new IdentifierKey("phone_number", PHONE));
        assertThat(plan.collisions()).isEmpty();
    }

    @Test
    void aZeroWidthSpaceLeavesAStoredEmail() {
        SourceRecordKey crm = SourceRecordKey.explicit("salesforce_crm", "C-1");
        NodeState p1 = node("p1", T, values("email", OLD_EMAIL), values("email"), crm);
        Plan plan = renormalization.plan(List.of(p1), List.of(record(crm, "email", Json.NODES.textNode(OLD_EMAIL))), List.of(), NOBODY);

        assertThat(plan.nodes()).singleElement().satisfies(n -> assertThat(n.current()).isEqualTo(values("email", "john@example.com")));
        assertThat(plan.records()).singleElement()
                .satisfies(r -> assertThat(r.contributions().get("email").value()).isEqualTo(Json.NODES.textNode("john@example.com")));
    }

    @Test
    void aValueAnotherProfileHoldsInItsNewFormStaysAsItIsAndTheirPairIsReported() {
        SourceRecordKey ivr = SourceRecordKey.implicit("voice_ivr", "p2");
        NodeState p2 = node("p2", T, values("phone_number", OLD_PHONE), values("phone_number"), ivr);
        Plan plan = renormalization.plan(List.of(p2), List.of(record(ivr, "phone_number", phones(OLD_PHONE))), List.of(),
                k -> k.value().equals(PHONE) ? Optional.of("p1") : Optional.empty());

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.collisions()).containsExactly(new Collision("phone_number", "p2", "p1"));
    }

    @Test
    void withinOneProfileTheOlderNodeTakesTheValueAndNothingIsReported() {
        NodeState root = node("root", T, values("phone_number", PHONE), values("phone_number"));
        NodeState absorbed = new NodeState("absorbed", T.plusSeconds(60), ProfileStatus.ABSORBED, "root", List.of(),
                values("phone_number", OLD_PHONE), values("phone_number"), Set.of(), 1);
        Plan plan = renormalization.plan(List.of(absorbed, root), List.of(), List.of(),
                k -> k.value().equals(PHONE) ? Optional.of("root") : Optional.empty());

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.collisions()).isEmpty();
    }

    @Test
    void twoSpellingsOfOneValueOnOneNodeBecomeOneCurrentValue() {
        NodeState p1 = node("p1", T, values("phone_number", OLD_PHONE), values("phone_number", PHONE));
        Plan plan = renormalization.plan(List.of(p1), List.of(), List.of(),
                k -> k.value().equals(PHONE) ? Optional.of("p1") : Optional.empty());

        assertThat(plan.nodes()).singleElement().satisfies(n -> {
            assertThat(n.current()).isEqualTo(values("phone_number", PHONE));
            assertThat(n.aliases()).isEmpty();
        });
    }

    @Test
    void aMergeRemembersTheNewFormOfTheValuesItDemoted() {
        NodeState root = node("root", T, values("email", "a@example.com"), values("email"));
        NodeState absorbed = new NodeState("absorbed", T.plusSeconds(60), ProfileStatus.ABSORBED, "root", List.of(),
                values("email"), values("email", OLD_EMAIL), Set.of(), 1);
        IdentityLink same = new IdentityLink("L1", "absorbed", "root", LinkKind.SAME, LinkOrigin.AUTOMATIC, LinkState.ASSERTED, "phone_number", T,
                List.of(new IdentifierKey("email", OLD_EMAIL)));
        Plan plan = renormalization.plan(List.of(root, absorbed), List.of(), List.of(same), NOBODY);

        assertThat(plan.links()).singleElement().satisfies(l -> assertThat(l.demoted()).containsExactly(new IdentifierKey("email", "john@example.com")));
    }

    @Test
    void aNonLinkingValueIsRenormalizedWhoeverElseHoldsIt() {
        NodeState p1 = node("p1", T, values("household_phone", OLD_PHONE), values("household_phone"));
        Plan plan = renormalization.plan(List.of(p1), List.of(), List.of(), k -> Optional.of("someone else"));

        assertThat(plan.nodes()).singleElement().satisfies(n -> assertThat(n.current()).isEqualTo(values("household_phone", PHONE)));
        assertThat(plan.collisions()).isEmpty();
    }

    @Test
    void aValueInAnOldFormMakesItsClusterStaleWhereverItIs() {
        SourceRecordKey ivr = SourceRecordKey.implicit("voice_ivr", "p1");
        NodeState clean = node("p1", T, values("phone_number", PHONE), values("email"), ivr);
        assertThat(renormalization.stale(List.of(clean), List.of(record(ivr, "phone_number", phones(PHONE))), List.of())).isFalse();
        assertThat(renormalization.stale(List.of(clean), List.of(record(ivr, "phone_number", phones(PHONE, OLD_PHONE))), List.of())).isTrue();
        assertThat(renormalization.stale(List.of(node("p1", T, values("phone_number"), values("email", OLD_EMAIL))), List.of(), List.of())).isTrue();
        IdentityLink same = new IdentityLink("L1", "p2", "p1", LinkKind.SAME, LinkOrigin.AUTOMATIC, LinkState.ASSERTED, "email", T,
                List.of(new IdentifierKey("phone_number", OLD_PHONE)));
        assertThat(renormalization.stale(List.of(clean), List.of(), List.of(same))).isTrue();
    }

    @Test
    void aClusterAlreadyInTheCurrentFormHasNothingToDo() {
        SourceRecordKey ivr = SourceRecordKey.implicit("voice_ivr", "p1");
        NodeState p1 = node("p1", T, values("phone_number", PHONE), values("email", "john@example.com"), ivr);
        Plan plan = renormalization.plan(List.of(p1), List.of(record(ivr, "phone_number", phones(PHONE))), List.of(), NOBODY);

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.claims()).isEmpty();
    }
}
