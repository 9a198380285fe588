package io.onefold.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.core.error.ErasedException;
import io.onefold.core.testing.Fixtures;
import io.onefold.store.ChangeEvent;
import io.onefold.store.IdempotencyRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Erasure on any store (issue 15, items 1 and 8): the erased person's values leave every other profile — its records,
 * lineage, history and idempotent answers — by where they came from, never by matching text; other customers' equal
 * values stay; no copy is left in the store; a retried request cannot bring the person back. {@code ErasureTest} runs
 * these on SQLite, {@code ErasurePostgresIT} on PostgreSQL.
 */
abstract class ErasureScenarios {
    static final String ORG = ServiceFixture.ORG;
    /** The erased person's: only the chat profile ever held them. */
    static final String EMAIL = "ann.erasure@example.com";
    static final String INTENT = "cancel-my-plan-7f3a";
    /** The IVR caller's own. */
    static final String PHONE = "+14155550188";
    static final String CALLER_INTENT = "billing-question-19c2";
    /** A bystander sharing the erased person's household landline: its own value, which must stay. */
    static final String BYSTANDER_EMAIL = "bystander.erasure@example.com";
    static final String HOUSEHOLD = "+14155550999";

    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T09:00:00Z"));
    ServiceFixture f;

    /** A fresh store and a service on it, configured with the omnichannel example, with these options. */
    protected abstract ServiceFixture open(ServiceOptions options);

    /** Fails if the store still keeps a copy of any of the values anywhere (files, rows, old row versions). */
    protected abstract void assertNoTraceOf(String... values) throws Exception;

    @BeforeEach
    void openService() {
        // a clock the test moves (the idempotency window is 24 h); every read ticks, so creation order is call order
        f = open(new ServiceOptions("US", () -> now.updateAndGet(t -> t.plusMillis(1)), Duration.ofMillis(10), 50));
    }

    @AfterEach
    void closeService() {
        f.close();
    }

    private UpsertResponse upsert(String body, String key) {
        return f.service.upsert(ORG, Fixtures.json(body), key);
    }

    static String chat() {
        // newer than the call: during the merge the chat's intent wins, so the survivor's merge event shows it
        return "{\"source\":\"webchat_middleware\",\"observed_at\":\"2026-11-01T12:00:00Z\",\"profile_data\":{\"email\":\"" + EMAIL
                + "\",\"household_phone\":\"" + HOUSEHOLD + "\",\"recent_intent\":\"" + INTENT + "\",\"preferred_contact_method\":\"sms\"}}";
    }

    static String ivr() {
        return "{\"source\":\"voice_ivr\",\"observed_at\":\"2026-11-01T11:00:00Z\",\"profile_data\":{\"phone_number\":\"" + PHONE
                + "\",\"recent_intent\":\"" + CALLER_INTENT + "\",\"preferred_contact_method\":\"sms\"}}";
    }

    static String bridge() {
        return "{\"source\":\"webchat_middleware\",\"observed_at\":\"2026-11-02T10:00:00Z\",\"profile_data\":{\"email\":\"" + EMAIL
                + "\",\"phone_number\":\"" + PHONE + "\"}}";
    }

    static String bystander() {
        return "{\"source\":\"webchat_middleware\",\"observed_at\":\"2026-11-01T09:00:00Z\",\"profile_data\":{\"email\":\"" + BYSTANDER_EMAIL
                + "\",\"household_phone\":\"" + HOUSEHOLD + "\",\"recent_intent\":\"store-hours-22b1\",\"preferred_contact_method\":\"sms\"}}";
    }

    /** The chat and the IVR profile, merged by a chat naming both, then unmerged; returns {chat, ivr}. */
    private String[] mergedThenUnmerged(boolean ivrFirst, String bridgeKey) {
        String ivr = ivrFirst ? upsert(ivr(), "ivr-1").profileId() : null;
        String chat = upsert(chat(), "chat-1").profileId();
        if (!ivrFirst) ivr = upsert(ivr(), "ivr-1").profileId();
        UpsertResponse merged = upsert(bridge(), bridgeKey);
        assertThat(merged.outcome()).isEqualTo("merged");
        String survivor = merged.profileId();
        f.service.unmerge(ORG, survivor, survivor.equals(ivr) ? chat : ivr);
        assertThat(f.service.queries().lookup(ORG, "email", EMAIL)).hasValueSatisfying(p -> assertThat(p.get("profile_id").textValue()).isEqualTo(chat));
        return new String[] {chat, ivr};
    }

    @ParameterizedTest(name = "the IVR profile created first: {0}")
    @ValueSource(booleans = {true, false})
    void erasingAfterAnUnmergeLeavesNoValueOfTheErasedPersonInTheOtherProfile(boolean ivrFirst) throws Exception {
        String bystander = upsert(bystander(), null).profileId();
        List<ChangeEvent> bystanderHistory = f.service.queries().history(ORG, bystander, 100);
        String[] ids = mergedThenUnmerged(ivrFirst, "bridge-1");
        String chat = ids[0];
        String ivr = ids[1];

        assertThat(f.service.erase(ORG, chat)).containsExactly(chat);

        assertThat(f.service.queries().lookup(ORG, "email", EMAIL)).isEmpty();
        JsonNode caller = f.get(ivr);
        assertThat(caller.toString()).doesNotContain(EMAIL).doesNotContain(INTENT);
        assertThat(caller.at("/identifiers/phone_number/0").textValue()).isEqualTo(PHONE);
        assertThat(caller.at("/attributes/recent_intent").textValue()).as("the caller's own value stays").isEqualTo(CALLER_INTENT);
        assertThat(caller.at("/attributes/preferred_contact_method").textValue()).isEqualTo("sms");
        String lineage = f.service.queries().lineage(ORG, ivr).toString();
        assertThat(lineage).as("no erased value among the caller's winners or losers").doesNotContain(EMAIL).doesNotContain(INTENT);
        assertThat(lineage).contains(CALLER_INTENT).contains("sms");
        List<ChangeEvent> history = f.service.queries().history(ORG, ivr, 100);
        assertThat(history).extracting(e -> e.payload().toString()).noneMatch(p -> p.contains(EMAIL) || p.contains(INTENT));
        assertThat(history).extracting(e -> e.payload().toString()).as("the caller's own values stay in its history")
                .anyMatch(p -> p.contains(CALLER_INTENT));
        assertThat(f.service.queries().history(ORG, bystander, 100)).as("another customer's equal values are untouched")
                .isEqualTo(bystanderHistory);
        assertThat(f.get(bystander).at("/identifiers/household_phone/0").textValue()).isEqualTo(HOUSEHOLD);
        assertThat(caller.toString()).as("the landline was the erased person's, not the caller's").doesNotContain(HOUSEHOLD);

        ChangeEvent deleted = last(f.service.queries().changesSince(ORG, 0, 1000));
        assertThat(deleted.type()).isEqualTo("profile.deleted");
        assertThat(deleted.payload().get("erased_profile_ids")).extracting(JsonNode::textValue).containsExactly(chat);
        if (ivrFirst) {
            assertThat(deleted.payload().get("redacted_profile_ids")).as("the caller's history was redacted: consumers purge and re-read it")
                    .extracting(JsonNode::textValue).containsExactly(ivr);
        }
        assertNoTraceOf(EMAIL, INTENT);
    }

    @Test
    void theOtherProfileIsReDerivedWithoutTheErasedPersonsWordsInTheRecordItKept() throws Exception {
        String ivr = upsert(ivr(), null).profileId();
        String chat = upsert(chat(), null).profileId();
        // the bridging chat repeats the person's intent, newest of all: it stays the caller's golden value after the unmerge
        upsert("{\"source\":\"webchat_middleware\",\"observed_at\":\"2026-11-03T10:00:00Z\",\"profile_data\":{\"email\":\"" + EMAIL
                + "\",\"phone_number\":\"" + PHONE + "\",\"recent_intent\":\"" + INTENT + "\"}}", null);
        f.service.unmerge(ORG, ivr, chat);
        assertThat(f.get(ivr).at("/attributes/recent_intent").textValue()).as("precondition").isEqualTo(INTENT);

        f.service.erase(ORG, chat);

        assertThat(f.get(ivr).at("/attributes/recent_intent").textValue()).isEqualTo(CALLER_INTENT);
        ChangeEvent rederived = f.service.queries().history(ORG, ivr, 100).stream()
                .filter(e -> "erasure of another profile".equals(e.payload().path("reason").asText())).findFirst().orElseThrow();
        assertThat(rederived.payload().at("/changes/recent_intent/new").textValue()).isEqualTo(CALLER_INTENT);
        assertThat(rederived.payload().at("/changes/recent_intent/old").textValue()).isEqualTo("[erased]");
        assertNoTraceOf(EMAIL, INTENT);
    }

    @Test
    void aRecordCarryingTheErasedEmailOnAProfileNeverMergedWithItLosesIt() throws Exception {
        // the CRM once said EMAIL for another customer, whose email was then corrected and the old value's alias removed
        String crm = upsert("{\"source\":\"salesforce_crm\",\"source_record_id\":\"C-7\",\"observed_at\":\"2026-10-01T00:00:00Z\","
                + "\"profile_data\":{\"email\":\"" + EMAIL + "\",\"loyalty_tier\":\"Gold\"}}", null).profileId();
        f.service.transferIdentifier(ORG, crm, "email", null, "corrected@example.com");
        f.service.removeAlias(ORG, crm, "email", EMAIL);
        String chat = upsert(chat(), null).profileId();
        assertThat(chat).isNotEqualTo(crm);
        assertThat(f.service.queries().lineage(ORG, crm).toString()).as("precondition: the CRM record still carries the value").contains(EMAIL);

        f.service.erase(ORG, chat);

        assertThat(f.service.queries().lineage(ORG, crm).toString()).doesNotContain(EMAIL).contains("Gold").contains("corrected@example.com");
        assertThat(f.get(crm).at("/attributes/loyalty_tier").textValue()).isEqualTo("Gold");
        assertNoTraceOf(EMAIL, INTENT);
    }

    @Test
    void aRetriedRequestOfTheErasedProfileAnswersErasedAndWritesNothing() throws Exception {
        UpsertResponse created = upsert(chat(), "chat-1");
        assertThat(created.status()).isEqualTo(201);
        f.service.erase(ORG, created.profileId());
        long position = f.service.queries().latestPosition(ORG);
        long profiles = f.store.profiles().countActiveProfiles(ORG);

        assertThatThrownBy(() -> upsert(chat(), "chat-1")).isInstanceOf(ErasedException.class)
                .satisfies(e -> assertThat(((ErasedException) e).details()).singleElement()
                        .satisfies(v -> assertThat(v.field()).isEqualTo("Idempotency-Key")));
        assertThatThrownBy(() -> upsert(ivr(), "chat-1")).as("whatever the body: the key named an erased profile").isInstanceOf(ErasedException.class);
        now.updateAndGet(t -> t.plus(Duration.ofHours(25)));
        assertThatThrownBy(() -> upsert(chat(), "chat-1")).as("a tombstone outlives the replay window").isInstanceOf(ErasedException.class);

        assertThat(f.service.queries().latestPosition(ORG)).isEqualTo(position);
        assertThat(f.store.profiles().countActiveProfiles(ORG)).isEqualTo(profiles);
        assertThat(f.service.queries().lookup(ORG, "email", EMAIL)).isEmpty();
        IdempotencyRecord tombstone = f.store.idempotency().idempotency(ORG, "chat-1").orElseThrow();
        assertThat(tombstone.erased()).isTrue();
        assertThat(tombstone.profileId()).isEqualTo(created.profileId());
        assertThat(tombstone.response() + tombstone.requestHash()).doesNotContain(EMAIL).doesNotContain(INTENT);
        assertNoTraceOf(EMAIL, INTENT);
    }

    @Test
    void aRetriedBridgingRequestAnsweredByTheOtherProfileReplaysWithoutTheErasedValues() throws Exception {
        String[] ids = mergedThenUnmerged(true, "bridge-1");
        f.service.erase(ORG, ids[0]);
        long position = f.service.queries().latestPosition(ORG);

        UpsertResponse replayed = upsert(bridge(), "bridge-1");

        assertThat(replayed.replayed()).isTrue();
        assertThat(replayed.profileId()).isEqualTo(ids[1]);
        assertThat(replayed.body().toString()).doesNotContain(EMAIL).doesNotContain(INTENT).contains(PHONE);
        assertThat(f.service.queries().latestPosition(ORG)).as("nothing written").isEqualTo(position);
        assertThat(f.service.queries().lookup(ORG, "email", EMAIL)).isEmpty();
        assertNoTraceOf(EMAIL, INTENT);
    }

    @Test
    void withoutAKeyTheSameObservationAfterTheErasureIsANewObservationAndANewProfile() {
        String erased = upsert(chat(), null).profileId();
        f.service.erase(ORG, erased);

        UpsertResponse again = upsert(chat(), null);

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.profileId()).isNotEqualTo(erased);
    }

    private static ChangeEvent last(List<ChangeEvent> events) {
        return events.get(events.size() - 1);
    }
}
