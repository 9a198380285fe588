package io.onefold.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.core.identity.GraphChanges;
import io.onefold.core.identity.IdentifierKey;
import io.onefold.core.identity.IdentifierRenormalization;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.json.Json;
import io.onefold.core.testing.Fixtures;
import io.onefold.store.ChangeEvent;
import io.onefold.store.Fragment;
import io.onefold.store.Job;
import io.onefold.store.ProfileStore;
import io.onefold.store.WriteSession;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A store written under the identifier rules before version 2 — {@code 1 555 0199} kept its national prefix, a
 * zero-width space stayed in an email — opened by this version: the migration brings every stored value to the
 * current form, and reports instead of merging when that would make two profiles share a value. Run by each store.
 */
abstract class IdentifierMigrationContract {
    static final String ORG = ProfileService.DEFAULT_ORGANIZATION;
    private ProfileStore store;
    private ProfileService service;

    protected abstract ProfileStore openStore();

    /** After the store is closed (a test database is dropped). */
    protected void closed() {}

    @BeforeEach
    void open() {
        store = openStore();
        service = new ProfileService(store, ServiceOptions.defaults());
        service.ensureDefaultOrganization();
        service.configurations().createTemplate(ORG, Fixtures.exampleJson("omnichannel-template.json"));
        service.configurations().createRules(ORG, Fixtures.exampleJson("omnichannel-rules.json"));
    }

    @AfterEach
    void close() {
        service.close();
        store.close();
        closed();
    }

    private String upsert(String source, String profileData) {
        return service.upsert(ORG, Fixtures.json("{\"source\":\"" + source + "\",\"observed_at\":\"2026-11-01T09:00:00Z\",\"profile_data\":" + profileData + "}"), null)
                .profileId();
    }

    /** Rewrites one stored value of a profile — identifier entry, records, golden row — to the form older rules gave it. */
    private void storeInOldForm(String profileId, String attribute, String value, String oldForm) {
        IdentifierKey now = new IdentifierKey(attribute, value);
        IdentifierKey old = new IdentifierKey(attribute, oldForm);
        service.writer().execute(ctx -> {
            WriteSession s = ctx.session();
            ActiveConfiguration cfg = service.configuration(ORG, s);
            Fragment f = s.profiles().fragment(ORG, List.of(profileId));
            IdentifierRenormalization older = new IdentifierRenormalization(cfg.template(), k -> k.equals(now) ? old : k);
            var plan = older.plan(f.nodes(), f.records(), f.links(), k -> Optional.empty());
            GraphChanges changes = older.changes(plan, f.nodes(), f.records(), f.links(), graph(cfg)).orElseThrow();
            s.profiles().apply(ORG, f, changes, cfg.nonLinkingAttributes(), cfg.template().searchable(), service.clock().get());
            return null;
        });
        assertThat(store.profiles().ownerOf(ORG, attribute, oldForm)).as("precondition: stored in the old form").contains(profileId);
    }

    private IdentityGraph graph(ActiveConfiguration cfg) {
        return cfg.graph(service.normalizer(), service.ids(), service.clock());
    }

    private Job job() {
        return service.configurations().job(ORG, IdentifierMigration.jobId()).orElseThrow();
    }

    @Test
    void aValueStoredInAnOldFormTakesTheNewFormEverywhere() {
        String id = upsert("salesforce_crm", "{\"email\":\"zed@example.com\",\"phone_number\":\"+15550199\",\"loyalty_tier\":\"Gold\"}");
        storeInOldForm(id, "phone_number", "+15550199", "+115550199");
        storeInOldForm(id, "email", "zed@example.com", "z\u200Bed@example.com");
        long version = service.queries().get(ORG, id).get("version").asLong();

        List<Job> ran = new IdentifierMigration(service).run();

        assertThat(ran).singleElement().satisfies(j -> {
            assertThat(j.status()).isEqualTo("SUCCEEDED");
            assertThat(j.result().get("profiles_changed").asLong()).isEqualTo(1);
            assertThat(j.result().get("merge_candidates_total").asLong()).isZero();
        });
        assertThat(service.queries().lookup(ORG, "phone_number", "1 555 0199")).hasValueSatisfying(p -> assertThat(p.get("profile_id").textValue()).isEqualTo(id));
        assertThat(service.queries().lookup(ORG, "email", "zed@example.com")).isPresent();
        assertThat(store.profiles().ownerOf(ORG, "phone_number", "+115550199")).isEmpty();
        assertThat(store.profiles().ownerOf(ORG, "email", "z\u200Bed@example.com")).isEmpty();
        JsonNode profile = service.queries().get(ORG, id);
        assertThat(profile.get("attributes").get("phone_number")).isEqualTo(Json.NODES.arrayNode().add("+15550199"));
        assertThat(profile.get("attributes").get("email").textValue()).isEqualTo("zed@example.com");
        assertThat(profile.get("version").asLong()).isEqualTo(version + 1);
        // the records were rewritten too: lineage names only the new forms, and a rebuild from scratch agrees with the row
        assertThat(service.queries().lineage(ORG, id).toString()).doesNotContain("+115550199").doesNotContain("\u200B");
        Fragment f = store.profiles().fragment(ORG, List.of(id));
        IdentityGraph g = graph(service.configuration(ORG, store));
        g.load(f.nodes(), f.records(), f.links());
        assertThat(g.rebuild(id).attributes()).isEqualTo(profile.get("attributes"));
        List<ChangeEvent> history = service.queries().history(ORG, id, 100);
        assertThat(history.getLast().payload().get("reason").textValue()).isEqualTo("identifier normalization");
        assertThat(history.getLast().payload().get("changes").fieldNames()).toIterable().containsExactlyInAnyOrder("email", "phone_number");
    }

    @Test
    void aValueAnotherProfileAlreadyHoldsInTheNewFormIsReportedAsAMergeCandidateNotMerged() {
        String first = upsert("voice_ivr", "{\"phone_number\":\"5550123\",\"recent_intent\":\"billing\"}");
        storeInOldForm(first, "phone_number", "+15550123", "+115550123");
        // the duplicate the old rules made: the same number typed without the national prefix found no profile
        String second = upsert("webchat_middleware", "{\"phone_number\":\"555-0123\",\"email\":\"dup@example.com\"}");
        assertThat(second).isNotEqualTo(first);
        long events = service.queries().latestPosition(ORG);

        new IdentifierMigration(service).run();

        JsonNode candidates = job().result().get("merge_candidates");
        assertThat(candidates).hasSize(1);
        assertThat(candidates.get(0).get("attribute").textValue()).isEqualTo("phone_number");
        assertThat(candidates.get(0).get("profile_ids")).containsExactlyInAnyOrderElementsOf(
                List.of(Json.NODES.textNode(first), Json.NODES.textNode(second)));
        assertThat(job().result().get("merge_candidates_total").asLong()).isEqualTo(1);
        // nothing merged, nothing moved: each profile keeps what it had, and no event was written
        assertThat(service.queries().get(ORG, first).get("profile_id").textValue()).isEqualTo(first);
        assertThat(service.queries().get(ORG, second).get("profile_id").textValue()).isEqualTo(second);
        assertThat(store.profiles().ownerOf(ORG, "phone_number", "+115550123")).contains(first);
        assertThat(store.profiles().ownerOf(ORG, "phone_number", "+15550123")).contains(second);
        assertThat(service.queries().latestPosition(ORG)).isEqualTo(events);
        // the operator merges them when they are one customer
        service.merge(ORG, List.of(first, second), "merge candidate of the identifier migration");
        assertThat(service.queries().lookup(ORG, "phone_number", "1 555 0123").orElseThrow().get("profile_id").textValue()).isEqualTo(first);
    }

    @Test
    void twoOldFormsOfOneValueGiveItToOneProfileAndReportTheOther() {
        String first = upsert("salesforce_crm", "{\"email\":\"first@example.com\"}");
        String second = upsert("salesforce_crm", "{\"email\":\"second@example.com\"}");
        storeInOldForm(first, "email", "first@example.com", "twin\u200B@example.com");
        storeInOldForm(second, "email", "second@example.com", "tw\u200Bin@example.com");

        new IdentifierMigration(service).run();

        String holder = service.queries().lookup(ORG, "email", "twin@example.com").orElseThrow().get("profile_id").textValue();
        String other = holder.equals(first) ? second : first;
        assertThat(job().result().get("profiles_changed").asLong()).isEqualTo(1);
        assertThat(job().result().at("/merge_candidates/0/profile_ids")).containsExactlyInAnyOrderElementsOf(
                List.of(Json.NODES.textNode(first), Json.NODES.textNode(second)));
        assertThat(service.queries().get(ORG, other).get("attributes").get("email").textValue()).contains("\u200B");
    }

    @Test
    void itRunsOncePerRulesVersion() {
        String id = upsert("salesforce_crm", "{\"email\":\"once@example.com\",\"phone_number\":\"+15550142\"}");
        storeInOldForm(id, "phone_number", "+15550142", "+115550142");
        assertThat(new IdentifierMigration(service).run()).hasSize(1);
        Job done = job();

        storeInOldForm(id, "phone_number", "+15550142", "+115550142");
        assertThat(new IdentifierMigration(service).run()).as("already done for this version").isEmpty();
        assertThat(job()).isEqualTo(done);
    }

    @Test
    void anOrganizationWithoutConfigurationHasNothingToMigrate() {
        service.createOrganization("empty", "No template yet");
        new IdentifierMigration(service).run();
        Job job = service.configurations().job("empty", IdentifierMigration.jobId()).orElseThrow();
        assertThat(job.status()).isEqualTo("SUCCEEDED");
        assertThat(job.result().get("profiles_examined").asLong()).isZero();
    }
}
