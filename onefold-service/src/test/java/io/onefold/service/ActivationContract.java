package io.onefold.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.testing.Fixtures;
import io.onefold.store.ConfigKind;
import io.onefold.store.Job;
import io.onefold.store.ProfileStore;
import io.onefold.store.SearchPage;
import io.onefold.store.SearchQuery;
import io.onefold.store.StoredProfile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Activation is atomic: a rule set is shown active only once its re-resolution job succeeded, and whatever happens
 * meanwhile — writes on any node to profiles the job already re-resolved, a store failure half way, the rule set
 * deleted under the job — every stored golden record ends up resolved by the rules shown active (checked by a dry run
 * of the active rules, which must find nothing to change). Written once, run on every store (ActivationSqliteTest,
 * ActivationPostgresIT).
 *
 * <p>450 customers (three pages of the job): a CRM record says Gold, and every other customer's chat, a day later,
 * says Silver. The active rules trust the CRM; "Recency" takes the newest value.
 */
abstract class ActivationContract {
    static final String ORG = ProfileService.DEFAULT_ORGANIZATION;
    static final String ACTIVE = "OmnichannelMergeStrategy_v1";
    static final String RECENCY = "Recency";
    static final String TEMPLATE = Fixtures.exampleJson("omnichannel-template.json").get("template_name").textValue();
    static final int CUSTOMERS = 450;

    private InterruptibleStore interruptible;
    private ProfileStore otherStore;
    /** The node that activates. */
    ProfileService node;
    /** Another node writing meanwhile (the same one on a store with one process). */
    ProfileService other;
    List<String> ids;

    /** A store on a fresh, empty database. */
    abstract ProfileStore openStore();

    /** Another process's store on the same database, or null when the store has one process. */
    abstract ProfileStore openOtherNode();

    /** After every store is closed: drop what {@link #openStore()} created, if anything. */
    void dropDatabase() {}

    @BeforeEach
    void open() {
        interruptible = new InterruptibleStore(openStore());
        node = new ProfileService(interruptible.store(), ServiceOptions.defaults());
        node.ensureDefaultOrganization();
        node.configurations().createTemplate(ORG, Fixtures.exampleJson("omnichannel-template.json"));
        node.configurations().createRules(ORG, Fixtures.exampleJson("omnichannel-rules.json"));
        otherStore = openOtherNode();
        other = otherStore == null ? node : new ProfileService(otherStore, ServiceOptions.defaults());
        List<BulkLoader.Line> lines = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            lines.add(line(lines.size(), "{\"source\":\"salesforce_crm\",\"source_record_id\":\"C-" + i + "\",\"observed_at\":\"2026-11-01T00:00:00Z\","
                    + "\"profile_data\":{\"email\":\"c" + i + "@example.com\",\"loyalty_tier\":\"Gold\"}}"));
            if (i % 2 == 0) lines.add(line(lines.size(), chat("\"email\":\"c" + i + "@example.com\"", "2026-11-02T00:00:00Z", "Silver")));
        }
        BulkLoader loader = node.bulkLoader(ORG);
        loader.load(loader.prepare(lines), null).forEach(r -> assertThat(r.ok()).as(String.valueOf(r)).isTrue());
        ObjectNode recency = (ObjectNode) Fixtures.exampleJson("omnichannel-rules.json");
        recency.put("rule_name", RECENCY);
        for (JsonNode r : recency.get("attribute_rules")) {
            if (r.get("attribute_name").textValue().equals("loyalty_tier")) ((ObjectNode) r).put("resolution_strategy", "MOST_RECENT");
        }
        node.configurations().createRules(ORG, recency);
        ids = node.store().profiles().activeProfileIds(ORG, null, 10_000);
        assertThat(ids).hasSize(CUSTOMERS);
    }

    @AfterEach
    void close() {
        if (other != node) {
            other.close();
            otherStore.close();
        }
        node.close();
        node.store().close();
        dropDatabase();
    }

    @Test
    void aStoreFailureHalfWayLeavesEveryProfileResolvedByTheRulesShownActiveAndTheJobFailedWithItsReason() throws Exception {
        interruptible.failOnceReading(ids.get(250)); // in the second page: the first is re-resolved by then
        Job done = await(node.configurations().activate(ORG, ConfigKind.RULES, RECENCY));

        assertThat(done.status()).isEqualTo("FAILED");
        assertThat(done.result().get("error").asText()).contains("injected store failure");
        assertThat(done.result().get("rolled_back").asBoolean()).isTrue();
        assertThat(done.result().get("profiles_restored").asLong()).as("the first page had changed, and went back").isPositive();
        assertThat(activeRules()).isEqualTo(ACTIVE);
        assertThat(node.configurations().config(ORG, ConfigKind.RULES, RECENCY).active()).isFalse();
        assertEveryProfileIsResolvedByTheActiveRules();
        assertThat(tier(0)).isEqualTo("Gold");
    }

    @Test
    void writesOnAnyNodeDuringTheJobAreCaughtUpBeforeTheRulesBecomeActive() throws Exception {
        InterruptibleStore.Pause secondPage = interruptible.pauseJobAt("activeProfileIds", 2);
        Job job = node.configurations().activate(ORG, ConfigKind.RULES, RECENCY);
        secondPage.reached();
        assertThat(activeRules()).as("not active while its job runs").isEqualTo(ACTIVE);
        assertThat(node.configurations().config(ORG, ConfigKind.RULES, RECENCY).active()).isFalse();
        assertThat(node.configurations().job(ORG, job.id()).orElseThrow().status()).isEqualTo("RUNNING");
        // the first page is re-resolved: these writes, under the active rules, undo that for 250 profiles — among them
        // some whose golden record the active rules leave as it was (only their records change)
        for (String id : ids.subList(0, 250)) other.upsert(ORG, Fixtures.json(chat("\"email\":\"" + email(id) + "\"", "2026-11-05T00:00:00Z", "Bronze")), null);

        InterruptibleStore.Pause lastRound = interruptible.pauseJobAt("latestPosition", 2);
        secondPage.release();
        lastRound.reached();
        // a few more, for the flip's own transaction: an alias, a deleted record, a new customer, a late chat on the last page
        other.addAlias(ORG, ids.get(1), "email", "alias1@example.com");
        String crmRecord = "C-" + email(ids.get(2)).replaceAll("\\D", "");
        other.deleteRecord(ORG, "salesforce_crm", crmRecord);
        other.upsert(ORG, Fixtures.json(chat("\"email\":\"late@example.com\"", "2026-11-06T00:00:00Z", "Bronze")), null);
        other.upsert(ORG, Fixtures.json(chat("\"email\":\"late@example.com\"", "2026-11-03T00:00:00Z", "Silver")), null);
        other.upsert(ORG, Fixtures.json(chat("\"email\":\"" + email(ids.getLast()) + "\"", "2026-11-06T00:00:00Z", "Bronze")), null);
        lastRound.release();
        Job done = await(job);

        assertThat(done.status()).as(String.valueOf(done.result())).isEqualTo("SUCCEEDED");
        assertThat(activeRules()).isEqualTo(RECENCY);
        assertEveryProfileIsResolvedByTheActiveRules();
        assertThat(tier(0)).isEqualTo("Bronze");
        assertThat(node.queries().lookup(ORG, "email", email(ids.getLast())).orElseThrow().at("/attributes/loyalty_tier").asText()).isEqualTo("Bronze");
    }

    @Test
    void aRuleSetDeletedDuringItsActivationFailsTheJobAndEveryProfileGoesBack() throws Exception {
        InterruptibleStore.Pause secondPage = interruptible.pauseJobAt("activeProfileIds", 2);
        Job job = node.configurations().activate(ORG, ConfigKind.RULES, RECENCY);
        secondPage.reached();
        other.configurations().deleteConfig(ORG, ConfigKind.RULES, RECENCY);
        secondPage.release();
        Job done = await(job);

        assertThat(done.status()).isEqualTo("FAILED");
        assertThat(done.result().get("error").asText()).contains("deleted");
        assertThat(done.result().get("rolled_back").asBoolean()).isTrue();
        assertThat(activeRules()).isEqualTo(ACTIVE);
        assertEveryProfileIsResolvedByTheActiveRules();
    }

    @Test
    void aJobWhoseNodeDiedHalfWayIsRepairedByTheNextNodeToLook() throws Exception {
        // the crash leaves the first page resolved by rules that are not active, and the job RUNNING with nobody running it
        Job job = stoppedAtTheSecondPage(InterruptibleStore.Pause::crash);
        Job done = repairedByTheOtherNode(job);
        assertThat(done.result().get("error").asText()).contains("interrupted");
        assertThat(done.result().get("profiles_restored").asLong()).as("the first page went back").isPositive();
        assertThat(other.recoverInterruptedJobs()).as("nothing left to repair").isZero();
    }

    @Test
    void aJobThatLostItsClaimStopsWithoutAVerdictAndIsRepairedByTheNextNodeToClaimIt() throws Exception {
        Job job = stoppedAtTheSecondPage(secondPage -> {
            // the database restarted: the claim went with its connection, and another node may take the job for an orphan
            interruptible.loseClaims();
            secondPage.release();
        });
        assertThat(activeRules()).as("nothing activated by the node that lost the claim").isEqualTo(ACTIVE);
        repairedByTheOtherNode(job);
    }

    @Test
    void aTemplateMakingAnAttributeSearchableBackfillsItsIndexWithTheWritesMadeDuringTheJobAndTheNextTemplateDropsIt() throws Exception {
        assertThat(node.queries().find(ORG, "loyalty_tier", "Gold", 1000, null).scanned()).as("not searchable yet").isTrue();
        node.configurations().updateTemplate(ORG, TEMPLATE, template(true));
        InterruptibleStore.Pause secondPage = interruptible.pauseJobAt("activeProfileIds", 2);
        Job job = node.configurations().activate(ORG, ConfigKind.TEMPLATE, TEMPLATE);
        secondPage.reached();
        // under the active template, which indexes nothing: a first-page customer's CRM record changes the tier, and a new
        // customer arrives
        String changed = ids.get(0);
        other.upsert(ORG, Fixtures.json(crm("C-" + email(changed).replaceAll("\\D", ""), email(changed), "2026-11-05T00:00:00Z", "Platinum")), null);
        String arrived = other.upsert(ORG, Fixtures.json(crm("C-new", "new@example.com", "2026-11-05T00:00:00Z", "Platinum")), null).profileId();
        secondPage.release();
        assertThat(await(job).status()).isEqualTo("SUCCEEDED");

        SearchPage<ProfileDocument> platinum = node.queries().find(ORG, "loyalty_tier", "Platinum", 1000, null);
        assertThat(platinum.scanned()).isFalse();
        assertThat(platinum.items()).extracting(ProfileDocument::profileId).containsExactlyInAnyOrder(changed, arrived);
        SearchPage<ProfileDocument> gold = node.queries().find(ORG, "loyalty_tier", "Gold", 1000, null);
        assertThat(gold.scanned()).isFalse();
        assertThat(gold.items()).as("every other customer, from the index").hasSize(CUSTOMERS - 1);

        node.configurations().updateTemplate(ORG, TEMPLATE, template(false));
        assertThat(await(node.configurations().activate(ORG, ConfigKind.TEMPLATE, TEMPLATE)).status()).isEqualTo("SUCCEEDED");
        assertThat(node.queries().find(ORG, "loyalty_tier", "Gold", 1000, null).scanned()).isTrue();
        assertThat(indexedSearch("Gold")).as("the attribute left the index").isEmpty();
    }

    @Test
    void aTemplateActivationThatFailsLeavesNoEntriesOfItsSearchableAttributes() throws Exception {
        node.configurations().updateTemplate(ORG, TEMPLATE, template(true));
        interruptible.failOnceReading(ids.get(250)); // in the second page: the first is indexed by then
        Job done = await(node.configurations().activate(ORG, ConfigKind.TEMPLATE, TEMPLATE));
        assertThat(done.status()).isEqualTo("FAILED");
        assertThat(done.result().get("rolled_back").asBoolean()).isTrue();
        assertThat(node.queries().find(ORG, "loyalty_tier", "Gold", 1000, null).scanned()).isTrue();
        assertThat(indexedSearch("Gold")).isEmpty();
    }

    /** The example template, its loyalty tier searchable or not. */
    private static JsonNode template(boolean searchable) {
        ObjectNode t = (ObjectNode) Fixtures.exampleJson("omnichannel-template.json");
        for (JsonNode a : t.get("attributes")) {
            if (a.get("name").textValue().equals("loyalty_tier") && searchable) ((ObjectNode) a).put("searchable", true);
        }
        return t;
    }

    /** The store's index read directly (whatever the active template says). */
    private List<StoredProfile> indexedSearch(String tier) {
        return node.store().profiles().search(ORG, new SearchQuery("loyalty_tier", tier, false, 1000, null, true, SearchQuery.SCAN_LIMIT)).items();
    }

    static String crm(String recordId, String email, String observedAt, String tier) {
        return "{\"source\":\"salesforce_crm\",\"source_record_id\":\"" + recordId + "\",\"observed_at\":\"" + observedAt
                + "\",\"profile_data\":{\"email\":\"" + email + "\",\"loyalty_tier\":\"" + tier + "\"}}";
    }

    /**
     * Activates the recency rules, holds the job at its second page, runs {@code stop} on it, and waits until its node
     * let the job go: the job must be left RUNNING, with no verdict, for another node to find.
     */
    private Job stoppedAtTheSecondPage(java.util.function.Consumer<InterruptibleStore.Pause> stop) throws InterruptedException {
        InterruptibleStore.Pause secondPage = interruptible.pauseJobAt("activeProfileIds", 2);
        Job job = node.configurations().activate(ORG, ConfigKind.RULES, RECENCY);
        secondPage.reached();
        stop.accept(secondPage);
        interruptible.awaitReleased(ActivationJob.claimName(job.id()));
        assertThat(node.configurations().job(ORG, job.id()).orElseThrow().status()).as("no verdict from the node that stopped").isEqualTo("RUNNING");
        return job;
    }

    /** The other node repairs {@code job}: FAILED, rolled back, every profile resolved by the rules still active. */
    private Job repairedByTheOtherNode(Job job) {
        assertThat(other.recoverInterruptedJobs()).isEqualTo(1);
        Job done = other.configurations().job(ORG, job.id()).orElseThrow();
        assertThat(done.status()).isEqualTo("FAILED");
        assertThat(done.result().get("rolled_back").asBoolean()).isTrue();
        assertThat(activeRules()).isEqualTo(ACTIVE);
        assertEveryProfileIsResolvedByTheActiveRules();
        return done;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static BulkLoader.Line line(int number, String json) {
        return BulkLoader.Line.of(number + 1, Fixtures.json(json));
    }

    static String chat(String identifier, String observedAt, String tier) {
        return "{\"source\":\"webchat_middleware\",\"observed_at\":\"" + observedAt + "\",\"profile_data\":{" + identifier
                + ",\"loyalty_tier\":\"" + tier + "\"}}";
    }

    private String email(String profileId) {
        JsonNode email = node.queries().get(ORG, profileId).at("/identifiers/email");
        return email.isArray() ? email.get(0).asText() : email.asText();
    }

    private String tier(int index) {
        return node.queries().get(ORG, ids.get(index)).at("/attributes/loyalty_tier").asText();
    }

    private String activeRules() {
        return node.store().configuration().activeConfig(ORG, ConfigKind.RULES).orElseThrow().name();
    }

    /** A dry run of the active rules re-resolves every stored profile: it must find nothing to change. */
    private void assertEveryProfileIsResolvedByTheActiveRules() {
        for (ProfileService service : List.of(node, other)) {
            ObjectNode report = service.configurations().dryRun(ORG, activeRules(), 5);
            assertThat(report.get("profiles_changed").asLong()).as("profiles whose stored golden record the active rules would change: %s", report)
                    .isZero();
        }
    }

    private Job await(Job job) throws InterruptedException {
        return TestJobs.awaitEnd(node, ORG, job);
    }
}
