package io.onefold.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.error.IdempotencyKeyReusedException;
import io.onefold.core.error.IdentifierConflictException;
import io.onefold.core.error.NotFoundException;
import io.onefold.core.error.ValidationException;
import io.onefold.core.testing.Fixtures;
import io.onefold.store.ChangeEvent;
import io.onefold.store.ConfigKind;
import io.onefold.store.Job;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profile service on the embedded SQLite store: the scenarios issue #3 names. */
class ProfileServiceTest {
    @TempDir
    Path dir;
    ServiceFixture f;

    @BeforeEach
    void open() {
        f = ServiceFixture.open(dir);
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void anUpsertIsReadableTheMomentItIsAcknowledged() {
        UpsertResponse created = f.upsert("{\"source\":\"salesforce_crm\",\"profile_data\":{\"email\":\"Ava@Example.com\",\"loyalty_tier\":\"Gold\"}}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.outcome()).isEqualTo("created");
        JsonNode read = f.get(created.profileId());
        assertThat(read.at("/attributes/loyalty_tier").textValue()).isEqualTo("Gold");
        assertThat(read.at("/identifiers/email/0").textValue()).isEqualTo("ava@example.com");
        assertThat(f.service.queries().lookup(ServiceFixture.ORG, "email", " AVA@example.com ")).hasValueSatisfying(p -> assertThat(p.get("profile_id").textValue()).isEqualTo(created.profileId()));

        UpsertResponse updated = f.upsert("{\"source\":\"webchat_middleware\",\"profile_data\":{\"email\":\"ava@example.com\",\"loyalty_tier\":null,\"recent_intent\":\"refund\"}}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(f.get(created.profileId()).at("/attributes/recent_intent").textValue()).isEqualTo("refund");
        assertThat(f.get(created.profileId()).at("/attributes/loyalty_tier").textValue()).isEqualTo("Gold");
        assertThat(f.get(created.profileId()).get("version").asLong()).isEqualTo(2);
    }

    @Test
    void anIvrCallerAndAChatVisitorMergeAndUnmergeRestoresBothExactly() {
        String ivr = f.upsert("{\"source\":\"voice_ivr\",\"observed_at\":\"2026-11-02T16:30:00Z\",\"profile_data\":{\"phone_number\":\"415-555-0404\",\"recent_intent\":\"order status\"}}").profileId();
        String chat = f.upsert("{\"source\":\"webchat_middleware\",\"observed_at\":\"2026-11-03T11:00:00Z\",\"profile_data\":{\"email\":\"dev@example.com\",\"interaction_channels\":[\"chat\"]}}").profileId();
        JsonNode ivrBefore = strip(f.get(ivr));
        JsonNode chatBefore = strip(f.get(chat));

        UpsertResponse bridge = f.upsert("{\"source\":\"webchat_middleware\",\"observed_at\":\"2026-11-04T08:15:00Z\",\"profile_data\":{\"email\":\"dev@example.com\",\"phone_number\":\"+14155550404\",\"recent_intent\":\"return\"}}");
        assertThat(bridge.outcome()).isEqualTo("merged");
        assertThat(bridge.profileId()).isEqualTo(ivr);
        assertThat(bridge.body().get("merged_profile_ids").get(0).textValue()).isEqualTo(chat);
        JsonNode redirected = f.get(chat);
        assertThat(redirected.get("profile_id").textValue()).isEqualTo(ivr);
        assertThat(redirected.get("redirected_from").textValue()).isEqualTo(chat);

        // the bridging observation itself stays with the survivor; unmerge the chat profile that was absorbed
        ObjectNode result = f.service.unmerge(ServiceFixture.ORG, ivr, chat);
        assertThat(result.at("/restored/profile_id").textValue()).isEqualTo(chat);
        assertThat(strip(f.get(chat))).isEqualTo(chatBefore);
        JsonNode ivrAfter = strip(f.get(ivr));
        assertThat(ivrAfter.get("identifiers").get("phone_number")).isEqualTo(ivrBefore.get("identifiers").get("phone_number"));
        assertThat(f.service.queries().history(ServiceFixture.ORG, ivr, 100)).extracting(ChangeEvent::type)
                .containsExactly("profile.created", "profile.merged", "profile.unmerged");
    }

    @Test
    void aManualMergeThenUnmergeRestoresIdsIdentifiersAndGoldenRecordsExactly() {
        String a = f.upsert("{\"source\":\"voice_ivr\",\"observed_at\":\"2026-11-02T16:30:00Z\",\"profile_data\":{\"phone_number\":\"415-555-0404\",\"recent_intent\":\"order status\"}}").profileId();
        String b = f.upsert("{\"source\":\"webchat_middleware\",\"observed_at\":\"2026-11-03T11:00:00Z\",\"profile_data\":{\"email\":\"dev@example.com\",\"interaction_channels\":[\"chat\"]}}").profileId();
        JsonNode aBefore = strip(f.get(a));
        JsonNode bBefore = strip(f.get(b));
        f.service.merge(ServiceFixture.ORG, List.of(a, b), "same caller");
        assertThat(f.get(b).get("profile_id").textValue()).isEqualTo(a);
        f.service.unmerge(ServiceFixture.ORG, a, null);
        assertThat(strip(f.get(a))).isEqualTo(aBefore);
        assertThat(strip(f.get(b))).isEqualTo(bBefore);
    }

    @Test
    void theIdentifierAuthorityTransfersAnEmailAndChatStillSendingTheOldOneReachesTheSameProfile() {
        String id = f.upsert("{\"source\":\"salesforce_crm\",\"source_record_id\":\"C-200\",\"observed_at\":\"2026-10-01T09:00:00Z\",\"profile_data\":{\"email\":\"john.doe_old@gmail.com\"}}").profileId();
        f.upsert("{\"source\":\"salesforce_crm\",\"source_record_id\":\"C-200\",\"observed_at\":\"2026-11-10T09:00:00Z\",\"profile_data\":{\"email\":\"john.doe_new@gmail.com\"}}");
        UpsertResponse chat = f.upsert("{\"source\":\"webchat_middleware\",\"observed_at\":\"2026-11-15T12:00:00Z\",\"profile_data\":{\"email\":\"john.doe_old@gmail.com\",\"recent_intent\":\"billing\"}}");
        assertThat(chat.profileId()).isEqualTo(id);
        JsonNode p = f.get(id);
        assertThat(p.at("/identifiers/email/0").textValue()).isEqualTo("john.doe_new@gmail.com");
        assertThat(p.at("/aliases/email/0").textValue()).isEqualTo("john.doe_old@gmail.com");
        assertThat(f.service.queries().lookup(ServiceFixture.ORG, "email", "john.doe_old@gmail.com").orElseThrow().get("profile_id").textValue()).isEqualTo(id);
    }

    @Test
    void aConflictIsRefusedAndWritesNothing() {
        String a = f.upsert("{\"source\":\"webchat_middleware\",\"profile_data\":{\"email\":\"a@example.com\",\"phone_number\":\"+14155550101\"}}").profileId();
        f.upsert("{\"source\":\"webchat_middleware\",\"profile_data\":{\"email\":\"b@example.com\",\"phone_number\":\"+14155550202\"}}");
        long before = f.store.profiles().changesSince(ServiceFixture.ORG, 0, 1000).size();
        assertThatThrownBy(() -> f.upsert("{\"source\":\"voice_ivr\",\"profile_data\":{\"phone_number\":[\"+14155550101\",\"+14155550202\"],\"recent_intent\":\"x\"}}"))
                .isInstanceOf(IdentifierConflictException.class);
        assertThat(f.store.profiles().changesSince(ServiceFixture.ORG, 0, 1000)).hasSize((int) before);
        assertThat(f.get(a).at("/attributes/recent_intent").isMissingNode()).isTrue();
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstAnswerAndRefusesADifferentBody() {
        String body = "{\"source\":\"webchat_middleware\",\"profile_data\":{\"email\":\"i@example.com\",\"recent_intent\":\"x\"}}";
        UpsertResponse first = f.service.upsert(ServiceFixture.ORG, Fixtures.json(body), "key-1");
        UpsertResponse again = f.service.upsert(ServiceFixture.ORG, Fixtures.json(body), "key-1");
        assertThat(again.replayed()).isTrue();
        assertThat(again.status()).isEqualTo(201);
        assertThat(io.onefold.core.json.CanonicalJson.of(again.body())).isEqualTo(io.onefold.core.json.CanonicalJson.of(first.body()));
        assertThat(f.service.queries().history(ServiceFixture.ORG, first.profileId(), 100)).hasSize(1);
        assertThatThrownBy(() -> f.service.upsert(ServiceFixture.ORG, Fixtures.json(body.replace("\"x\"", "\"y\"")), "key-1"))
                .isInstanceOf(IdempotencyKeyReusedException.class);
    }

    @Test
    void replayingAnIdenticalObservationChangesNothingAndEmitsNoEvent() {
        String body = "{\"source\":\"webchat_middleware\",\"observed_at\":\"2026-11-01T00:00:00Z\",\"profile_data\":{\"email\":\"r@example.com\",\"recent_intent\":\"x\"}}";
        String id = f.upsert(body).profileId();
        UpsertResponse replay = f.upsert(body);
        assertThat(replay.outcome()).isEqualTo("unchanged");
        assertThat(f.service.queries().history(ServiceFixture.ORG, id, 100)).hasSize(1);
        assertThat(f.get(id).get("version").asLong()).isEqualTo(1);
    }

    @Test
    void badInputNamesEveryOffendingField() {
        assertThatThrownBy(() -> f.upsert("{\"source\":\"webchat_middleware\",\"profile_data\":{\"email\":\"nope\",\"loyalty_tier\":7,\"shoe_size\":42}}"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.details()).extracting(v -> v.field())
                        .containsExactlyInAnyOrder("profile_data.email", "profile_data.loyalty_tier", "profile_data.shoe_size"));
        assertThatThrownBy(() -> f.service.queries().get(ServiceFixture.ORG, "no-such-id")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> f.service.queries().get("other-org", "x")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void searchPagesThroughGoldenValuesWithACursor() {
        for (int i = 0; i < 7; i++) {
            f.upsert("{\"source\":\"salesforce_crm\",\"profile_data\":{\"email\":\"s" + i + "@example.com\",\"loyalty_tier\":\"" + (i % 2 == 0 ? "Gold" : "Silver") + "\"}}");
        }
        var page1 = f.service.queries().find(ServiceFixture.ORG, "loyalty_tier", "Gold", 3, null);
        assertThat(page1.items()).hasSize(3);
        assertThat(page1.nextCursor()).isNotNull();
        var page2 = f.service.queries().find(ServiceFixture.ORG, "loyalty_tier", "Gold", 3, page1.nextCursor());
        assertThat(page2.items()).hasSize(1);
        assertThat(page2.nextCursor()).isNull();
        assertThat(f.service.queries().find(ServiceFixture.ORG, "loyalty_tier", "Platinum", 3, null).items()).isEmpty();
        assertThat(f.service.queries().find(ServiceFixture.ORG, "email", "S3@example.com", 3, null).items()).hasSize(1);
    }

    @Test
    void lineageExplainsEveryAttribute() {
        String id = f.upsert("{\"source\":\"salesforce_crm\",\"observed_at\":\"2026-05-01T00:00:00Z\",\"profile_data\":{\"email\":\"l@example.com\",\"postal_address\":{\"city\":\"Fresno\"}}}").profileId();
        f.upsert("{\"source\":\"webchat_middleware\",\"observed_at\":\"2026-11-26T00:00:00Z\",\"profile_data\":{\"email\":\"l@example.com\",\"postal_address\":{\"city\":\"Oakland\"}}}");
        JsonNode lineage = f.service.queries().lineage(ServiceFixture.ORG, id);
        assertThat(lineage.at("/lineage/postal_address/winner/source").textValue()).isEqualTo("webchat_middleware");
        assertThat(lineage.at("/lineage/postal_address/losers/0/reason").textValue()).isEqualTo("STALE");
    }

    @Test
    void deletingASourceRecordReDerivesTheProfile() {
        String id = f.upsert("{\"source\":\"salesforce_crm\",\"source_record_id\":\"C-1\",\"profile_data\":{\"email\":\"d@example.com\",\"loyalty_tier\":\"Gold\"}}").profileId();
        f.upsert("{\"source\":\"webchat_middleware\",\"profile_data\":{\"email\":\"d@example.com\",\"loyalty_tier\":\"Silver\"}}");
        f.service.deleteRecord(ServiceFixture.ORG, "salesforce_crm", "C-1");
        assertThat(f.get(id).at("/attributes/loyalty_tier").textValue()).isEqualTo("Silver");
        assertThatThrownBy(() -> f.service.deleteRecord(ServiceFixture.ORG, "salesforce_crm", "C-1")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void activatingNewRulesReResolvesStoredProfilesExactlyAsTheDryRunPredicted() throws Exception {
        for (int i = 0; i < 30; i++) {
            f.upsert("{\"source\":\"salesforce_crm\",\"observed_at\":\"2026-11-01T00:00:00Z\",\"profile_data\":{\"email\":\"t" + i + "@example.com\",\"loyalty_tier\":\"Gold\"}}");
            if (i % 3 == 0) f.upsert("{\"source\":\"webchat_middleware\",\"observed_at\":\"2026-11-02T00:00:00Z\",\"profile_data\":{\"email\":\"t" + i + "@example.com\",\"loyalty_tier\":\"Silver\"}}");
        }
        ObjectNode rules = (ObjectNode) Fixtures.exampleJson("omnichannel-rules.json");
        rules.put("rule_name", "OmnichannelMergeStrategy_v2");
        for (JsonNode r : rules.get("attribute_rules")) {
            if (r.get("attribute_name").textValue().equals("loyalty_tier")) ((ObjectNode) r).put("resolution_strategy", "MOST_RECENT");
        }
        f.service.configurations().createRules(ServiceFixture.ORG, rules);
        ObjectNode dryRun = f.service.configurations().dryRun(ServiceFixture.ORG, "OmnichannelMergeStrategy_v2", 1000);
        assertThat(dryRun.get("profiles_examined").asLong()).isEqualTo(30);
        assertThat(dryRun.get("profiles_changed").asLong()).isEqualTo(10);
        long position = f.store.profiles().changesSince(ServiceFixture.ORG, 0, 100_000).getLast().position();

        Job job = f.service.configurations().activate(ServiceFixture.ORG, ConfigKind.RULES, "OmnichannelMergeStrategy_v2");
        Job done = await(job.id());
        assertThat(done.status()).isEqualTo("SUCCEEDED");
        assertThat(done.done()).isEqualTo(30);
        List<ChangeEvent> all = f.store.profiles().changesSince(ServiceFixture.ORG, position, 1000);
        assertThat(all.getLast().type()).as("announced when the rules take effect, after the job").isEqualTo("rules.activated");
        List<ChangeEvent> changes = all.stream().filter(c -> c.type().equals("profile.updated")).toList();
        assertThat(all).hasSize(11);
        assertThat(changes).hasSize(10).allSatisfy(c -> assertThat(c.payload().get("reason").textValue()).isEqualTo("re-resolution"));
        ObjectNode predicted = Fixtures.json("{}").deepCopy();
        dryRun.get("changes").forEach(c -> predicted.set(c.get("profile_id").textValue(), c.get("changes")));
        ObjectNode made = Fixtures.json("{}").deepCopy();
        changes.forEach(c -> made.set(c.profileId(), c.payload().get("changes")));
        assertThat(made).isEqualTo(predicted);
        changes.forEach(c -> assertThat(f.get(c.profileId()).at("/attributes/loyalty_tier").textValue()).isEqualTo("Silver"));
    }

    @Test
    void anOrganizationCanTurnEventValuesOffAndSetAnEventRetention() throws Exception {
        String id = f.upsert("{\"source\":\"salesforce_crm\",\"profile_data\":{\"email\":\"v@example.com\",\"loyalty_tier\":\"Gold\"}}").profileId();
        assertThat(f.service.queries().history(ServiceFixture.ORG, id, 10).get(0).payload().at("/changes/loyalty_tier/new").textValue()).isEqualTo("Gold");
        f.service.updateSettings(ServiceFixture.ORG, Fixtures.json("{\"event_values\":false,\"event_retention\":\"PT1S\"}"));
        f.upsert("{\"source\":\"salesforce_crm\",\"profile_data\":{\"email\":\"v@example.com\",\"loyalty_tier\":\"Platinum\"}}");
        ChangeEvent second = f.service.queries().history(ServiceFixture.ORG, id, 10).get(1);
        assertThat(second.payload().at("/changes/loyalty_tier/changed").asBoolean()).isTrue();
        assertThat(second.payload().toString()).doesNotContain("Platinum");
        assertThatThrownBy(() -> f.service.updateSettings(ServiceFixture.ORG, Fixtures.json("{\"event_retention\":\"90 days\",\"colour\":1}")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.details()).extracting(v -> v.field()).containsExactlyInAnyOrder("event_retention", "colour"));
        f.clock.advance(Duration.ofSeconds(2));
        assertThat(f.service.purgeExpiredEvents()).isEqualTo(2);
        assertThat(f.service.queries().history(ServiceFixture.ORG, id, 10)).isEmpty();
        assertThat(f.service.settings(ServiceFixture.ORG).get("event_values").asBoolean()).isFalse();
    }

    /** The job once it has left RUNNING: re-read after every commit (its progress and its end are commits). */
    private Job await(String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            long seen = f.service.notifier().version();
            Job j = f.service.configurations().job(ServiceFixture.ORG, jobId).orElseThrow();
            if (!j.status().equals("RUNNING")) return j;
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0 || !f.service.notifier().await(seen, left)) throw new AssertionError("job " + jobId + " did not finish");
        }
    }

    /** A profile document without the fields that legitimately move (time of update, version). */
    static JsonNode strip(JsonNode doc) {
        ObjectNode copy = doc.deepCopy();
        copy.remove("updated_at");
        copy.remove("version");
        copy.remove("redirected_from");
        return copy;
    }
}
