package io.onefold.core.identity;

import static io.onefold.core.testing.Fixtures.obs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.core.json.CanonicalJson;
import io.onefold.core.json.ProfileJson;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** The erasure planner on the engine alone: what leaves another profile's record, and what its documents may keep. */
class ErasureTest {
    private static final String CALLER_PHONE = "+14155550101";
    private static final String PERSON_PHONE = "+14155550202";
    private static final String LANDLINE = "+14155550999";

    @Test
    void aRecordThatNamedBothPeopleLosesTheErasedPhoneElementAndKeepsTheRest() {
        IdentityGraph g = Fixtures.omnichannelGraph();
        String caller = g.upsert(obs("voice_ivr", "2026-11-01T10:00:00Z", "{\"phone_number\":[\"" + CALLER_PHONE + "\"],\"household_phone\":\"" + LANDLINE
                + "\",\"recent_intent\":\"billing\"}")).profileId();
        String person = g.upsert(obs("webchat_middleware", "2026-11-02T10:00:00Z", "{\"email\":\"ann@example.com\",\"phone_number\":[\"" + PERSON_PHONE
                + "\"],\"household_phone\":\"" + LANDLINE + "\",\"recent_intent\":\"cancel\"}")).profileId();
        // one call naming both phones merges them into the caller; the caller's IVR record now carries both
        g.upsert(obs("voice_ivr", "2026-11-03T10:00:00Z", "{\"phone_number\":[\"" + CALLER_PHONE + "\",\"" + PERSON_PHONE + "\"]}"));
        g.unmerge(caller, person);

        Erasure erasure = Erasure.run(g, person, key -> false);

        assertThat(erasure.erasedProfileIds()).containsExactly(person);
        assertThat(erasure.rederivedProfileIds()).containsExactly(caller);
        SourceRecord ivr = g.recordsOf(caller).get(0);
        assertThat(CanonicalJson.of(ivr.contributions().get("phone_number").value())).isEqualTo("[\"" + CALLER_PHONE + "\"]");
        String lineage = CanonicalJson.of(ProfileJson.lineage(g.get(caller).orElseThrow().golden().lineage()));
        assertThat(lineage).doesNotContain(PERSON_PHONE).doesNotContain("ann@example.com").contains(LANDLINE).contains("billing");
        assertThat(g.rebuild(caller)).as("the re-derived profile equals its rebuild").isEqualTo(g.cached(caller));
        assertThat(erasure.texts()).contains("ann@example.com", PERSON_PHONE, "cancel", LANDLINE);
    }

    @Test
    void aDocumentOfAnotherProfileLosesOnlyTheErasedValuesThatProfileDoesNotHoldItself() {
        IdentityGraph g = Fixtures.omnichannelGraph();
        String caller = g.upsert(obs("voice_ivr", "2026-11-01T10:00:00Z", "{\"phone_number\":[\"" + CALLER_PHONE + "\"],\"household_phone\":\"" + LANDLINE
                + "\",\"preferred_contact_method\":\"sms\"}")).profileId();
        String person = g.upsert(obs("webchat_middleware", "2026-11-02T10:00:00Z", "{\"email\":\"ann@example.com\",\"household_phone\":\"" + LANDLINE
                + "\",\"preferred_contact_method\":\"sms\",\"recent_intent\":\"cancel\"}")).profileId();

        Erasure erasure = Erasure.run(g, person, key -> false);

        assertThat(erasure.redact(caller, "recent_intent", text("cancel")).textValue()).isEqualTo(Erasure.ERASED);
        assertThat(erasure.redact(caller, "preferred_contact_method", text("sms")).textValue()).as("the caller said it too").isEqualTo("sms");
        assertThat(erasure.redact(caller, "household_phone", text(LANDLINE)).textValue()).as("a landline they share").isEqualTo(LANDLINE);
        assertThat(erasure.redact(caller, "loyalty_tier", text("cancel")).textValue()).as("by attribute, never by text").isEqualTo("cancel");
        assertThat(CanonicalJson.of(erasure.redact(caller, "email", Fixtures.json("[\"ann@example.com\",\"other@example.com\"]"))))
                .isEqualTo("[\"[erased]\",\"other@example.com\"]");
        assertThat(erasure.rederivedProfileIds()).as("no record of the caller carried the person's identifiers").isEmpty();
        assertThat(g.get(caller)).isPresent();
    }

    private static JsonNode text(String value) {
        return io.onefold.core.json.Json.NODES.textNode(value);
    }
}
