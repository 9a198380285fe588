package io.onefold.server;

import static io.onefold.server.TestServer.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The profile routes of PRODUCT.md §2, each with its success status and shape, through a real socket, on the
 * omnichannel example (email optional and normalized, phone numbers normalized, CRM first, chat second, IVR third).
 */
class ProfileRoutesTest extends OmnichannelServerTest {

    private static String crm(String profileData) {
        return "{\"source\": \"salesforce_crm\", \"profile_data\": " + profileData + "}";
    }

    private static String chat(String profileData) {
        return "{\"source\": \"webchat_middleware\", \"profile_data\": " + profileData + "}";
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ upsert

    @Test
    void an_upsert_creates_with_201_then_updates_with_200_then_is_unchanged_when_replayed() {
        String email = unique("upsert") + "@example.com";
        Api.Response created = api.upsert(crm("{\"email\": \"" + email + "\", \"loyalty_tier\": \"Gold\"}")).expect(201);
        JsonNode body = created.json();
        assertThat(body.get("outcome").asText()).isEqualTo("created");
        assertThat(body.get("merged_profile_ids").isArray()).isTrue();
        assertThat(body.get("merged_profile_ids")).isEmpty();
        assertThat(body.at("/profile/profile_id").asText()).isEqualTo(created.id());
        assertThat(body.at("/profile/attributes/loyalty_tier").asText()).isEqualTo("Gold");
        assertThat(body.at("/profile/identifiers/email/0").asText()).isEqualTo(email);
        assertThat(body.at("/profile/version").asLong()).isEqualTo(1);
        assertThat(created.contentType()).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));

        Api.Response updated = api.upsert(chat("{\"email\": \"" + email + "\", \"recent_intent\": \"return an order\"}")).expect(200);
        assertThat(updated.id()).isEqualTo(created.id());
        assertThat(updated.json().get("outcome").asText()).isEqualTo("updated");
        assertThat(updated.at("/profile/attributes/recent_intent").asText()).isEqualTo("return an order");
        assertThat(updated.at("/profile/attributes/loyalty_tier").asText()).isEqualTo("Gold");
        assertThat(updated.at("/profile/version").asLong()).isEqualTo(2);

        String same = "{\"source\": \"salesforce_crm\", \"observed_at\": \"2026-01-01T00:00:00Z\", \"profile_data\": {\"email\": \""
                + email + "\", \"loyalty_tier\": \"Gold\"}}";
        api.upsert(same).expect(200);
        Api.Response replayed = api.upsert(same).expect(200);
        assertThat(replayed.json().get("outcome").asText()).isEqualTo("unchanged");
    }

    @Test
    void an_upsert_naming_two_profiles_merges_them_and_the_absorbed_id_answers_its_survivor() {
        String email = unique("merge") + "@example.com";
        String phone = TestServer.uniquePhone();
        String older = api.upsert(crm("{\"email\": \"" + email + "\"}")).expect(201).id();
        String younger = api.upsert("{\"source\": \"voice_ivr\", \"profile_data\": {\"phone_number\": \"" + phone + "\", \"recent_intent\": \"billing\"}}")
                .expect(201).id();

        Api.Response merged = api.upsert(chat("{\"email\": \"" + email + "\", \"phone_number\": \"" + phone + "\"}")).expect(200);
        assertThat(merged.json().get("outcome").asText()).isEqualTo("merged");
        assertThat(merged.id()).isEqualTo(older);
        assertThat(merged.json().get("merged_profile_ids").toString()).contains(younger);

        Api.Response viaAbsorbed = api.get("/profiles/" + younger).expect(200);
        assertThat(viaAbsorbed.id()).isEqualTo(older);
        assertThat(viaAbsorbed.json().get("redirected_from").asText()).isEqualTo(younger);
        assertThat(viaAbsorbed.at("/attributes/recent_intent").asText()).isEqualTo("billing");
    }

    @Test
    void concurrent_upserts_sharing_a_new_identifier_create_one_profile() throws Exception {
        String email = unique("race") + "@example.com";
        List<java.util.concurrent.Future<Api.Response>> answers = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 16; i++) {
                String source = i % 2 == 0 ? "salesforce_crm" : "webchat_middleware";
                int n = i;
                // one source record per write, so that each stays a contribution and MAX sees all of them
                answers.add(pool.submit(() -> api.upsert("{\"source\": \"" + source + "\", \"source_record_id\": \"" + email + "-" + n
                        + "\", \"profile_data\": {\"email\": \"" + email + "\", \"lifetime_value\": " + n + "}}")));
            }
        }
        Set<String> ids = new HashSet<>();
        int created = 0;
        for (var f : answers) {
            Api.Response r = f.get();
            assertThat(r.status()).as("%s", r).isIn(200, 201);
            if (r.status() == 201) created++;
            ids.add(r.id());
        }
        assertThat(created).as("exactly one upsert created the profile").isEqualTo(1);
        assertThat(ids).hasSize(1);
        JsonNode p = api.get("/profiles/" + ids.iterator().next()).expect(200).json();
        assertThat(p.at("/attributes/lifetime_value").asInt()).as("MAX over every write: none was lost").isEqualTo(15);
    }

    // ------------------------------------------------------------------ reads

    @Test
    void a_profile_read_has_the_documented_shape_and_lineage_on_request() {
        String email = unique("read") + "@example.com";
        String id = api.upsert(crm("{\"email\": \"" + email + "\", \"loyalty_tier\": \"Gold\"}")).expect(201).id();
        api.upsert(chat("{\"email\": \"" + email + "\", \"loyalty_tier\": \"Silver\"}")).expect(200);

        JsonNode p = api.get("/profiles/" + id).expect(200).json();
        assertThat(p.get("profile_id").asText()).isEqualTo(id);
        assertThat(p.get("identifiers").get("email").get(0).asText()).isEqualTo(email);
        assertThat(p.get("aliases").isObject()).isTrue();
        assertThat(p.get("attributes").get("loyalty_tier").asText()).isEqualTo("Gold");
        assertThat(p.get("created_at").asText()).isNotBlank();
        assertThat(p.get("updated_at").asText()).isNotBlank();
        assertThat(p.get("version").asLong()).isEqualTo(2);
        assertThat(p.has("lineage")).isFalse();
        assertThat(p.has("redirected_from")).isFalse();

        JsonNode withLineage = api.get("/profiles/" + id + "?include=lineage").expect(200).json();
        JsonNode tier = withLineage.at("/lineage/loyalty_tier");
        assertThat(tier.get("strategy").asText()).isEqualTo("SOURCE_PRIORITY");
        assertThat(tier.at("/winner/source").asText()).isEqualTo("salesforce_crm");
        assertThat(tier.at("/losers/0/source").asText()).isEqualTo("webchat_middleware");
        assertThat(tier.at("/losers/0/reason").asText()).isEqualTo("LOWER_PRIORITY");
    }

    @Test
    void an_unknown_profile_is_a_404() {
        api.get("/profiles/01900000-0000-7000-8000-000000000000").expectError(404, "NOT_FOUND");
    }

    @Test
    void lineage_shows_each_attribute_s_winner_and_losers_with_reasons() {
        String email = unique("lineage") + "@example.com";
        String id = api.upsert(crm("{\"email\": \"" + email + "\", \"loyalty_tier\": \"Gold\"}")).expect(201).id();
        api.upsert(chat("{\"email\": \"" + email + "\", \"loyalty_tier\": \"Bronze\"}")).expect(200);

        JsonNode body = api.get("/profiles/" + id + "/lineage").expect(200).json();
        assertThat(body.get("profile_id").asText()).isEqualTo(id);
        assertThat(body.get("rule_set").asText()).isEqualTo("OmnichannelMergeStrategy_v1");
        assertThat(body.get("template").asText()).isEqualTo("OmnichannelRetailProfile");
        JsonNode tier = body.at("/lineage/loyalty_tier");
        assertThat(tier.get("value").asText()).isEqualTo("Gold");
        assertThat(tier.at("/winner/source").asText()).isEqualTo("salesforce_crm");
        assertThat(tier.at("/winner/observed_at").asText()).isNotBlank();
        assertThat(tier.at("/losers/0/value").asText()).isEqualTo("Bronze");
        assertThat(tier.at("/losers/0/reason").asText()).isEqualTo("LOWER_PRIORITY");
    }

    @Test
    void history_lists_every_change_oldest_first() {
        String email = unique("history") + "@example.com";
        String id = api.upsert(crm("{\"email\": \"" + email + "\", \"loyalty_tier\": \"Gold\"}")).expect(201).id();
        api.upsert(crm("{\"email\": \"" + email + "\", \"loyalty_tier\": \"Platinum\"}")).expect(200);

        JsonNode body = api.get("/profiles/" + id + "/history").expect(200).json();
        JsonNode entries = body.get("entries");
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).get("type").asText()).isEqualTo("profile.created");
        assertThat(entries.get(1).get("type").asText()).isEqualTo("profile.updated");
        assertThat(entries.get(1).at("/event/changes/loyalty_tier/old").asText()).isEqualTo("Gold");
        assertThat(entries.get(1).at("/event/changes/loyalty_tier/new").asText()).isEqualTo("Platinum");
        assertThat(entries.get(1).at("/event/source").asText()).isEqualTo("salesforce_crm");
    }

    // ------------------------------------------------------------------ lookup and search

    @Test
    void a_lookup_by_email_normalizes_the_value_and_finds_aliases_too() {
        String email = unique("lookup") + "@example.com";
        String id = api.upsert(crm("{\"email\": \"" + email + "\"}")).expect(201).id();

        Api.Response found = api.get("/profiles?email=" + q("  " + email.toUpperCase() + " ")).expect(200);
        assertThat(found.json().get("entities")).hasSize(1);
        assertThat(found.at("/entities/0/profile_id").asText()).isEqualTo(id);
        assertThat(found.json().get("next_cursor").isNull()).isTrue();

        String phone = TestServer.uniquePhone();
        api.upsert("{\"source\": \"voice_ivr\", \"profile_data\": {\"email\": \"" + email + "\", \"phone_number\": \"" + phone + "\"}}").expect(200);
        String national = "(" + phone.substring(2, 5) + ") " + phone.substring(5, 8) + "-" + phone.substring(8);
        assertThat(api.get("/profiles?phone_number=" + q(national)).expect(200).at("/entities/0/profile_id").asText()).as("phone %s", national).isEqualTo(id);

        String old = unique("old-lookup") + "@example.com";
        api.post("/profiles/" + id + "/aliases", "{\"attribute\": \"email\", \"value\": \"" + old + "\"}").expect(200);
        assertThat(api.get("/profiles?email=" + q(old)).expect(200).at("/entities/0/profile_id").asText()).isEqualTo(id);
    }

    @Test
    void a_lookup_or_search_without_a_match_is_200_with_no_entities() {
        Api.Response byEmail = api.get("/profiles?email=" + q(unique("nobody") + "@example.com")).expect(200);
        assertThat(byEmail.json().get("entities").isArray()).isTrue();
        assertThat(byEmail.json().get("entities")).isEmpty();
        assertThat(byEmail.json().get("next_cursor").isNull()).isTrue();

        Api.Response byTier = api.get("/profiles?loyalty_tier=" + q(unique("NoSuchTier"))).expect(200);
        assertThat(byTier.json().get("entities")).isEmpty();
        assertThat(byTier.json().get("next_cursor").isNull()).isTrue();
    }

    @Test
    void a_search_on_a_golden_attribute_pages_with_limit_and_cursor() {
        List<String> gold = new ArrayList<>();
        for (int i = 0; i < 5; i++) gold.add(api.upsert(crm("{\"email\": \"" + unique("gold") + "@example.com\", \"loyalty_tier\": \"Gold\"}")).expect(201).id());
        String silver = api.upsert(crm("{\"email\": \"" + unique("silver") + "@example.com\", \"loyalty_tier\": \"Silver\"}")).expect(201).id();

        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            Api.Response page = api.get("/profiles?loyalty_tier=Gold&limit=2" + (cursor == null ? "" : "&cursor=" + q(cursor))).expect(200);
            JsonNode entities = page.json().get("entities");
            assertThat(entities.size()).isBetween(0, 2);
            for (JsonNode e : entities) {
                assertThat(e.at("/attributes/loyalty_tier").asText()).isEqualTo("Gold");
                assertThat(seen.add(e.get("profile_id").asText())).as("a profile appears on one page only").isTrue();
            }
            JsonNode next = page.json().get("next_cursor");
            cursor = next.isNull() ? null : next.asText();
            assertThat(++pages).as("pages").isLessThan(100);
        } while (cursor != null);
        assertThat(pages).isGreaterThanOrEqualTo(3);
        assertThat(seen).containsAll(gold).doesNotContain(silver);
    }

    // ------------------------------------------------------------------ identity operations

    @Test
    void an_alias_is_added_and_removed() {
        String email = unique("alias") + "@example.com";
        String old = unique("alias-old") + "@example.com";
        String id = api.upsert(crm("{\"email\": \"" + email + "\"}")).expect(201).id();

        Api.Response added = api.post("/profiles/" + id + "/aliases", "{\"attribute\": \"email\", \"value\": \"" + old.toUpperCase() + "\"}").expect(200);
        assertThat(added.at("/aliases/email/0").asText()).isEqualTo(old);
        assertThat(added.at("/identifiers/email/0").asText()).isEqualTo(email);

        Api.Response removed = api.request("DELETE", "/profiles/" + id + "/aliases").json("{\"attribute\": \"email\", \"value\": \"" + old + "\"}").send().expect(200);
        assertThat(removed.json().path("aliases").path("email").isMissingNode() || removed.json().at("/aliases/email").isEmpty()).isTrue();
        assertThat(api.get("/profiles?email=" + q(old)).expect(200).json().get("entities")).isEmpty();

        api.post("/profiles/" + id + "/aliases", "{\"attribute\": \"email\", \"value\": \"" + old + "\"}").expect(200);
        api.delete("/profiles/" + id + "/aliases?attribute=email&value=" + q(old)).expect(200);
        assertThat(api.get("/profiles?email=" + q(old)).expect(200).json().get("entities")).isEmpty();
    }

    @Test
    void an_identifier_transfer_makes_the_new_value_current_and_keeps_the_old_as_an_alias() {
        String old = unique("transfer-old") + "@example.com";
        String now = unique("transfer-new") + "@example.com";
        String id = api.upsert(crm("{\"email\": \"" + old + "\", \"loyalty_tier\": \"Gold\"}")).expect(201).id();

        Api.Response transferred = api.post("/profiles/" + id + "/identifier-transfers", "{\"attribute\": \"email\", \"value\": \"" + now + "\"}").expect(200);
        assertThat(transferred.at("/identifiers/email/0").asText()).isEqualTo(now);
        assertThat(transferred.at("/aliases/email/0").asText()).isEqualTo(old);

        // the chat system that still sends the old email reaches the same profile without changing its email
        Api.Response stale = api.upsert(chat("{\"email\": \"" + old + "\", \"recent_intent\": \"upgrade\"}")).expect(200);
        assertThat(stale.id()).isEqualTo(id);
        assertThat(stale.at("/profile/identifiers/email/0").asText()).isEqualTo(now);
        assertThat(api.get("/profiles?email=" + q(now)).expect(200).at("/entities/0/profile_id").asText()).isEqualTo(id);
        assertThat(api.get("/profiles/" + id + "/history").expect(200).json().get("entries").toString()).contains("identifier.transferred");
    }

    @Test
    void a_manual_merge_keeps_the_oldest_profile_and_an_unmerge_restores_both() {
        String a = unique("manual-a") + "@example.com";
        String b = unique("manual-b") + "@example.com";
        String older = api.upsert(crm("{\"email\": \"" + a + "\", \"loyalty_tier\": \"Gold\"}")).expect(201).id();
        String younger = api.upsert(chat("{\"email\": \"" + b + "\", \"recent_intent\": \"refund\"}")).expect(201).id();

        Api.Response merged = api.post("/profiles/merge", "{\"profile_ids\": [\"" + younger + "\", \"" + older + "\"], \"reason\": \"same customer, confirmed by phone\"}").expect(200);
        assertThat(merged.id()).isEqualTo(older);
        assertThat(merged.at("/identifiers/email/0").asText()).isEqualTo(a);
        assertThat(merged.at("/aliases/email/0").asText()).isEqualTo(b);
        assertThat(merged.at("/attributes/recent_intent").asText()).isEqualTo("refund");
        assertThat(api.get("/profiles/" + younger).expect(200).json().get("redirected_from").asText()).isEqualTo(younger);

        Api.Response unmerged = api.post("/profiles/" + older + "/unmerge").expect(200);
        assertThat(unmerged.json().toString()).contains(younger);
        Api.Response restored = api.get("/profiles/" + younger).expect(200);
        assertThat(restored.id()).isEqualTo(younger);
        assertThat(restored.json().has("redirected_from")).isFalse();
        assertThat(restored.at("/identifiers/email/0").asText()).isEqualTo(b);
        assertThat(api.get("/profiles/" + older).expect(200).json().get("attributes").has("recent_intent")).isFalse();
        assertThat(api.get("/profiles/" + older + "/history").expect(200).json().get("entries").toString()).contains("profile.merged", "profile.unmerged");
    }

    @Test
    void a_never_the_same_link_blocks_an_automatic_merge_with_409() {
        String a = unique("never-a") + "@example.com";
        String phone = TestServer.uniquePhone();
        String first = api.upsert(crm("{\"email\": \"" + a + "\"}")).expect(201).id();
        String second = api.upsert("{\"source\": \"voice_ivr\", \"profile_data\": {\"phone_number\": \"" + phone + "\"}}").expect(201).id();

        api.post("/profiles/" + first + "/links", "{\"other_profile_id\": \"" + second + "\", \"relation\": \"never_same\", \"reason\": \"twins\"}").expect(200);

        Api.Response refused = api.upsert(chat("{\"email\": \"" + a + "\", \"phone_number\": \"" + phone + "\"}")).expectError(409, "IDENTIFIER_CONFLICT");
        assertThat(refused.json().get("profile_ids").toString()).contains(first, second);
        assertThat(api.get("/profiles/" + second).expect(200).id()).isEqualTo(second);
    }

    // ------------------------------------------------------------------ deletion

    @Test
    void an_erased_profile_is_gone_for_reads_lookups_and_lineage() {
        String email = unique("erase") + "@example.com";
        String id = api.upsert(crm("{\"email\": \"" + email + "\", \"loyalty_tier\": \"Gold\"}")).expect(201).id();

        Api.Response erased = api.delete("/profiles/" + id);
        assertThat(erased.status()).isIn(200, 204);
        api.get("/profiles/" + id).expectError(404, "NOT_FOUND");
        assertThat(api.get("/profiles?email=" + q(email)).expect(200).json().get("entities")).isEmpty();
        api.get("/profiles/" + id + "/lineage").expectError(404, "NOT_FOUND");
        api.delete("/profiles/" + id).expectError(404, "NOT_FOUND");
    }

    @Test
    void erasing_a_merged_profile_erases_the_profiles_merged_into_it() {
        String a = unique("erase-a") + "@example.com";
        String b = unique("erase-b") + "@example.com";
        String older = api.upsert(crm("{\"email\": \"" + a + "\"}")).expect(201).id();
        String younger = api.upsert(crm("{\"email\": \"" + b + "\"}")).expect(201).id();
        api.post("/profiles/merge", "{\"profile_ids\": [\"" + older + "\", \"" + younger + "\"]}").expect(200);

        assertThat(api.delete("/profiles/" + younger).status()).as("erasing through the absorbed id").isIn(200, 204);
        api.get("/profiles/" + older).expectError(404, "NOT_FOUND");
        api.get("/profiles/" + younger).expectError(404, "NOT_FOUND");
        assertThat(api.get("/profiles?email=" + q(a)).expect(200).json().get("entities")).isEmpty();
        assertThat(api.get("/profiles?email=" + q(b)).expect(200).json().get("entities")).isEmpty();
        // the values are free again: the same email makes a new, unrelated profile
        assertThat(api.upsert(crm("{\"email\": \"" + a + "\"}")).expect(201).id()).isNotIn(older, younger);
    }

    @Test
    void a_retried_upsert_whose_idempotency_key_answered_about_an_erased_profile_is_410_erased_and_writes_nothing() {
        String email = unique("erase-retry") + "@example.com";
        String key = unique("erase-retry-key");
        String body = crm("{\"email\": \"" + email + "\", \"loyalty_tier\": \"Gold\"}");
        String id = api.request("POST", "/profiles").idempotencyKey(key).json(body).send().expect(201).id();
        String line = chat("{\"email\": \"" + email + "\", \"recent_intent\": \"bulk\"}") + "\n";
        api.request("POST", "/profiles/bulk").idempotencyKey(key + "-bulk").ndjson(line).send().expect(200);
        api.delete("/profiles/" + id).expect(200);

        Api.Response gone = api.request("POST", "/profiles").idempotencyKey(key).json(body).send().expectError(410, "ERASED");
        assertThat(gone.json().at("/details/0/field").asText()).isEqualTo("Idempotency-Key");
        assertThat(gone.text()).doesNotContain(email);
        JsonNode bulkLine = Api.json(api.request("POST", "/profiles/bulk").idempotencyKey(key + "-bulk").ndjson(line).send().expect(200).text().strip());
        assertThat(bulkLine.get("status").asInt()).as("a bulk line replayed under its key").isEqualTo(410);
        assertThat(bulkLine.at("/error/code").asText()).isEqualTo("ERASED");
        assertThat(api.get("/profiles?email=" + q(email)).expect(200).json().get("entities")).as("nothing was written").isEmpty();
        // without a key the same body is a new observation: a new profile, not the erased one
        assertThat(api.upsert(body).expect(201).id()).isNotEqualTo(id);
    }

    @Test
    void deleting_a_source_record_removes_its_contributions_and_re_derives_the_profile() {
        String email = unique("record") + "@example.com";
        String record = unique("crm-contact-");
        String id = api.upsert("{\"source\": \"salesforce_crm\", \"source_record_id\": \"" + record + "\", \"profile_data\": {\"email\": \"" + email
                + "\", \"loyalty_tier\": \"Gold\"}}").expect(201).id();
        api.upsert(chat("{\"email\": \"" + email + "\", \"loyalty_tier\": \"Silver\"}")).expect(200);
        assertThat(api.get("/profiles/" + id).json().at("/attributes/loyalty_tier").asText()).isEqualTo("Gold");

        api.delete("/sources/salesforce_crm/records/" + record).expect(200);
        assertThat(api.get("/profiles/" + id).expect(200).json().at("/attributes/loyalty_tier").asText()).isEqualTo("Silver");
        api.delete("/sources/salesforce_crm/records/" + record).expectError(404, "NOT_FOUND");
    }

    // ------------------------------------------------------------------ bulk

    @Test
    void bulk_answers_one_ndjson_line_per_input_line_in_order_with_per_line_errors() {
        String email = unique("bulk") + "@example.com";
        String lines = String.join("\n",
                crm("{\"email\": \"" + email + "\", \"loyalty_tier\": \"Gold\"}"),
                "{\"source\": \"salesforce_crm\", \"profile_data\": {",
                crm("{\"email\": \"" + unique("bulk-bad") + "@example.com\", \"shoe_size\": 44}"),
                "{\"source\": \"salesforce_crm\", \"observed_at\": \"2999-01-01T00:00:00Z\", \"profile_data\": {\"email\": \"" + email + "\", \"loyalty_tier\": \"Platinum\"}}",
                chat("{\"email\": \"" + email + "\", \"recent_intent\": \"bulk\"}")) + "\n";
        Api.Response r = api.request("POST", "/profiles/bulk").ndjson(lines).send().expect(200);
        assertThat(r.contentType()).hasValueSatisfying(t -> assertThat(t).startsWith("application/x-ndjson"));

        List<JsonNode> out = r.text().lines().filter(l -> !l.isBlank()).map(l -> Api.json(l)).map(JsonNode.class::cast).toList();
        assertThat(out).hasSize(5);
        for (int i = 0; i < out.size(); i++) assertThat(out.get(i).get("line").asInt()).isEqualTo(i + 1);
        assertThat(out.get(0).get("status").asInt()).isEqualTo(201);
        assertThat(out.get(0).get("outcome").asText()).isEqualTo("created");
        String id = out.get(0).get("profile_id").asText();
        assertThat(out.get(1).get("status").asInt()).isEqualTo(400);
        assertThat(out.get(1).at("/error/code").asText()).isEqualTo("MALFORMED_JSON");
        assertThat(out.get(2).get("status").asInt()).isEqualTo(400);
        assertThat(out.get(2).at("/error/code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(out.get(2).at("/error/details").toString()).contains("profile_data.shoe_size");
        assertThat(out.get(3).get("status").asInt()).isEqualTo(400);
        assertThat(out.get(3).at("/error/details").toString()).contains("observed_at");
        assertThat(out.get(4).get("status").asInt()).isEqualTo(200);
        assertThat(out.get(4).get("profile_id").asText()).isEqualTo(id);

        JsonNode profile = api.get("/profiles/" + id).expect(200).json();
        assertThat(profile.at("/attributes/loyalty_tier").asText()).isEqualTo("Gold");
        assertThat(profile.at("/attributes/recent_intent").asText()).isEqualTo("bulk");
    }

    @Test
    void bulk_keeps_input_order_over_many_lines() {
        StringBuilder in = new StringBuilder();
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String email = unique("bulk-order") + "@example.com";
            emails.add(email);
            in.append(i % 7 == 3 ? "not json at all" : crm("{\"email\": \"" + email + "\", \"loyalty_tier\": \"T" + i + "\"}")).append('\n');
        }
        Api.Response r = api.request("POST", "/profiles/bulk").ndjson(in.toString()).send().expect(200);
        List<String> out = r.text().lines().filter(l -> !l.isBlank()).toList();
        assertThat(out).hasSize(300);
        for (int i = 0; i < 300; i++) {
            JsonNode line = Api.json(out.get(i));
            assertThat(line.get("line").asInt()).isEqualTo(i + 1);
            if (i % 7 == 3) {
                assertThat(line.get("status").asInt()).isEqualTo(400);
            } else {
                assertThat(line.get("status").asInt()).as("line %d: %s", i + 1, line).isEqualTo(201);
                if (i % 5 != 0) continue;
                JsonNode p = api.get("/profiles/" + line.get("profile_id").asText()).json();
                assertThat(p.at("/identifiers/email/0").asText()).isEqualTo(emails.get(i));
                assertThat(p.at("/attributes/loyalty_tier").asText()).isEqualTo("T" + i);
            }
        }
    }
}
