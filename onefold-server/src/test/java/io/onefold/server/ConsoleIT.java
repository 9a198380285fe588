package io.onefold.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.service.WebhookAddressPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The admin console, end to end, in a real headless Chromium against a real server: the guide's configuration made
 * through the forms, the examples ingested through the API, a lineage read in the page; the omnichannel example's IVR
 * caller and the identified customer merged into one profile and unmerged from the profile page; a possible match of
 * probabilistic matching reviewed side by side and accepted; the console's permission discipline and the return to
 * sign-in when a session ends. Each test works in an organization of its own. Screenshots of the main pages land in
 * target/console-screenshots (and in docs/console with -Donefold.console.screenshots=update).
 */
class ConsoleIT {
    private static final String SECRET = "console-secret-0123456789";

    @TempDir
    static Path dir;
    static TestServer server;
    Browser browser;

    @BeforeAll
    static void startServer() {
        // the webhooks page subscribes http://127.0.0.1:9/…: loopback, allowed as an operator would allow its own network
        server = TestServer.start(dir, c -> c.withWebhookAddresses(WebhookAddressPolicy.allowingPrivate()));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) server.close();
    }

    @BeforeEach
    void startBrowser() {
        browser = Browser.start();
    }

    @AfterEach
    void checkAndClose() {
        if (browser == null) return;
        try {
            assertThat(browser.pageErrors()).as("errors and CSP violations in the page").isEmpty();
        } finally {
            browser.close();
        }
        assertThat(forbiddenAnswers()).as("requests answered 403: the console asked for something its client may not do").isZero();
    }

    // ------------------------------------------------------------------ the scenarios

    @Test
    void the_guides_configuration_through_the_forms_and_the_lineage_of_loyalty_tier() {
        String org = newOrganization();
        String admin = newClient(org, "console-admin", List.of(TestServer.READ, TestServer.WRITE, TestServer.ADMIN), List.of("*"));
        signIn(admin);
        browser.screenshot("profiles-empty");

        // the guide's template, as a form; a blank attribute name is refused, and the reason shows at that field
        browser.clickText("Templates");
        browser.clickText("New template");
        browser.typeTest("template-name", "UnifiedRetailProfile");
        browser.type(browser.find("[data-field='description']"), "Primary profile template for retail customers");
        attribute(0, "email", "string", true, true, "single");
        browser.clickTest("add-attribute");
        browser.clickTest("save-template");
        browser.find("[data-field='attributes[1].name'][aria-invalid='true']");
        assertThat(browser.find("[data-field='attributes[1].name'] + .field-error").getText()).contains("must not be blank");
        browser.screenshot("template-validation", "h1");
        attribute(1, "phone_number", "string", true, false, "multiple");
        browser.clickTest("add-attribute");
        attribute(2, "loyalty_tier", "string", false, false, "single");
        browser.clickTest("add-attribute");
        attribute(3, "last_interaction_timestamp", "date", false, false, "single");
        browser.screenshot("template-form");
        browser.assertLabelled();
        browser.clickTest("save-template");
        browser.waitHash("#/templates/edit/UnifiedRetailProfile");
        browser.waitText("#toast", "version 1 (active)");
        browser.clickTest("tab-json");
        WebElement json = browser.test("template-json");
        assertThat(json.getAttribute("value")).contains("\"is_identifier\": true", "\"last_interaction_timestamp\"");
        // the JSON itself: an unknown type is refused, the reason names the attribute's path; nothing is stored
        browser.script("arguments[0].value = arguments[0].value.replace('\"type\": \"date\"', '\"type\": \"dat\"')", json);
        browser.clickTest("save-template");
        assertThat(browser.waitText(".editor .summary", "attributes[3].type")).contains("unknown value 'dat'");
        browser.clickTest("tab-form");
        JsonNode template = apiAs(admin).get("/profile-templates/UnifiedRetailProfile").expect(200).json();
        assertThat(template.path("attributes")).hasSize(4);
        assertThat(template.at("/attributes/1/cardinality").asText()).isEqualTo("multiple");

        // the guide's rule set: sources entered out of order, then put in priority order with the arrow buttons
        browser.clickText("Merge rules");
        browser.clickTest("new-rules");
        browser.typeTest("rule-name", "RetailMergeStrategy_v1");
        source(0, "webchat_middleware");
        source(1, "salesforce_crm");
        source(2, "voice_ivr");
        browser.click("[aria-label='Move salesforce_crm up']");
        rule(0, "loyalty_tier", "SOURCE_PRIORITY");
        rule(1, "last_interaction_timestamp", "MOST_RECENT");
        rule(2, "preferred_contact_method", "SOURCE_PRIORITY");
        browser.screenshot("rules-form");
        browser.assertLabelled();
        browser.clickTest("save-rules");
        browser.waitText(".after-save", "Version 1");
        JsonNode rules = apiAs(admin).get("/merge-rules/RetailMergeStrategy_v1").expect(200).json();
        assertThat(rules.at("/sources/0/source_id").asText()).isEqualTo("salesforce_crm");
        assertThat(rules.at("/sources/0/priority").asInt()).isEqualTo(1);
        assertThat(rules.at("/sources/1/source_id").asText()).isEqualTo("webchat_middleware");
        assertThat(rules.at("/active").asBoolean()).isTrue();
        // the attribute the template lacks is accepted with a warning, shown under the saved version
        browser.waitText(".after-save", "preferred_contact_method");

        // the guide's observations through the API, and a newer chat message that claims another tier
        Api api = apiAs(admin);
        api.request("POST", "/profiles/bulk").ndjson(TestServer.example("guide-observations.ndjson")).send().expect(200);
        api.upsert("""
                {"source": "webchat_middleware", "observed_at": "2026-11-28T11:55:00Z",
                 "profile_data": {"email": "customer@example.com", "loyalty_tier": "Silver"}}""").expect(200);

        browser.clickText("Profiles");
        browser.find("[data-test='search-attribute'] option[value='email']").click();
        browser.typeTest("search-value", "Customer@Example.com");
        browser.clickTest("search");
        browser.waitText("[data-test='results']", "customer@example.com");
        browser.screenshot("profiles-search");
        browser.clickTest("result-link");
        browser.waitText("[data-test='attr-loyalty_tier']", "Gold");
        assertThat(browser.test("attr-loyalty_tier").getText()).contains("salesforce_crm");
        browser.test("why-loyalty_tier").sendKeys(Keys.ENTER); // a button: the keyboard opens it
        String why = browser.waitText("[data-test='lineage-loyalty_tier']", "LOWER_PRIORITY");
        assertThat(why).contains("SOURCE_PRIORITY", "webchat_middleware", "Silver", "a more authoritative source");
        browser.screenshot("profile-lineage", "#golden-h");
        browser.assertLabelled();
    }

    @Test
    void an_ivr_caller_and_an_identified_customer_merged_then_unmerged() {
        String org = newOrganization();
        String admin = newClient(org, "console-admin", List.of(TestServer.READ, TestServer.WRITE, TestServer.ADMIN), List.of("*"));
        Api api = apiAs(admin);
        api.post("/profile-templates", TestServer.example("omnichannel-template.json")).expect(201);
        api.post("/merge-rules", TestServer.example("omnichannel-rules.json")).expect(201);
        // one by one, in the file's order (a bulk request applies its lines concurrently; the file's traps are refused with a 4xx, as in a bulk request): the caller's profile exists
        // before the chat that names both arrives, so the picture shows a merge of two profiles
        TestServer.example("observations.ndjson").lines().filter(l -> !l.isBlank()).forEach(l -> assertThat(api.post("/profiles", l).status()).as(l).isLessThan(500));
        // the IVR caller (known by phone) and the chat visitor (known by e-mail) became one profile when a chat named both
        String merged = api.get("/profiles?email=dev@example.com").expect(200).at("/entities/0/profile_id").asText();
        String caller = api.get("/profiles?phone_number=%2B14155550404").expect(200).at("/entities/0/profile_id").asText();
        assertThat(caller).as("the caller's phone and the customer's e-mail reach one profile").isEqualTo(merged);

        signIn(admin);
        browser.find("[data-test='search-attribute'] option[value='phone_number']").click();
        browser.typeTest("search-value", "415-555-0404");
        browser.clickTest("search");
        browser.clickTest("result-link");
        browser.waitText("[data-test='profile-id']", merged);
        // the picture: two profile nodes, the IVR call's record in the absorbed one, a merge between them
        browser.find("[data-test='picture']");
        browser.click("details.facts > summary");
        String facts = browser.find("[data-test='graph-facts']").getText();
        assertThat(browser.all("svg.picture g.node")).as(facts).hasSize(2);
        assertThat(browser.find("svg.picture .link.merge").isDisplayed()).isTrue();
        assertThat(facts).contains("absorbed, merged into " + merged, "voice_ivr [", "same person", "automatic, asserted");
        String absorbed = absorbedId(facts);
        assertThat(browser.test("timeline").getText()).contains("profile.merged", "Merged " + absorbed);
        browser.screenshot("profile-merged");
        browser.assertLabelled();
        // a tablet in portrait: the page's two columns stack, nothing needs a wider screen
        browser.size(820, 1180);
        browser.screenshot("tablet-profile");
        assertThat(browser.script("return document.documentElement.scrollWidth <= window.innerWidth")).as("no sideways scrolling on a tablet").isEqualTo(true);
        browser.size(1440, 1100);
        browser.screenshot("profile-picture", "#graph-h");

        // unmerge, confirmed in a dialog
        browser.click("[data-test='action-unmerge'] > summary");
        browser.clickTest("do-unmerge");
        browser.find("dialog[open]");
        browser.screenshot("profile-unmerge-confirm");
        browser.confirm();
        browser.waitText("#toast", "Unmerged");
        browser.waitText("[data-test='timeline']", "profile.unmerged");
        assertThat(browser.find("svg.picture .link.undone").isDisplayed()).isTrue();
        assertThat(browser.all("[data-test='action-unmerge']")).as("nothing left to unmerge").isEmpty();
        browser.screenshot("profile-unmerged", "#graph-h");

        // both results: the two profiles again, each with its own identifiers and its own history of the unmerge
        assertThat(browser.test("identifiers").getText()).contains("+14155550404").doesNotContain("dev@example.com");
        browser.clickText("Profiles");
        browser.typeTest("open-id", absorbed + Keys.ENTER);
        browser.waitText("[data-test='profile-id']", absorbed);
        assertThat(browser.test("identifiers").getText()).contains("dev@example.com").doesNotContain("+14155550404");
        assertThat(browser.all(".notice")).as("not redirected: a profile of its own again").isEmpty();
        assertThat(browser.test("timeline").getText()).contains("profile.unmerged");
        browser.screenshot("profile-restored");
        assertThat(api.get("/profiles?email=dev@example.com").at("/entities/0/profile_id").asText()).isEqualTo(absorbed);
        assertThat(api.get("/profiles?phone_number=%2B14155550404").at("/entities/0/profile_id").asText()).isEqualTo(merged);
    }

    @Test
    void a_dry_run_then_activation_with_progress_and_the_live_tail() {
        String org = newOrganization();
        String admin = newClient(org, "console-admin", List.of(TestServer.READ, TestServer.WRITE, TestServer.ADMIN), List.of("*"));
        Api api = apiAs(admin);
        api.post("/profile-templates", TestServer.example("omnichannel-template.json")).expect(201);
        api.post("/merge-rules", TestServer.example("omnichannel-rules.json")).expect(201);
        api.request("POST", "/profiles/bulk").ndjson(TestServer.example("observations.ndjson")).send().expect(200);
        String dev = api.get("/profiles?email=dev@example.com").at("/entities/0/profile_id").asText();

        signIn(admin);
        browser.clickText("Merge rules");
        browser.clickText("OmnichannelMergeStrategy_v1");
        browser.waitText(".after-save", "Version 1");
        assertThat(browser.find("[data-field='attribute_rules[7].attribute_name']").getAttribute("value")).isEqualTo("lifetime_value");
        browser.find("[data-field='attribute_rules[7].resolution_strategy'] option[value='MIN']").click();
        browser.clickTest("save-rules");
        browser.waitText(".after-save", "Version 2");
        browser.clickTest("dry-run");
        String report = browser.waitText("[data-test='dry-run-report']", "profiles would change");
        assertThat(report).contains(dev, "lifetime_value", "80", "65");
        browser.screenshot("rules-dry-run", ".after-save");
        browser.clickTest("activate");
        browser.confirm();
        browser.waitText(".job", "succeeded");
        WebElement bar = browser.test("job-progress");
        assertThat(bar.getAttribute("value")).isEqualTo(bar.getAttribute("max"));
        browser.screenshot("rules-activated", ".after-save");
        assertThat(api.get("/profiles/" + dev).at("/attributes/lifetime_value").asInt()).isEqualTo(65);

        // the live tail: an upsert through the API appears in it
        browser.clickText("Live events");
        browser.clickTest("tail-toggle");
        browser.waitText("[data-test='tail-state']", "Listening");
        api.upsert("""
                {"source": "voice_ivr", "profile_data": {"phone_number": "+14155550999", "recent_intent": "billing"}}""").expect(201);
        browser.waitText("[data-test='events']", "profile.created");
        assertThat(browser.test("events").getText()).contains("voice_ivr", "recent_intent");
        browser.screenshot("live-events");
        browser.assertLabelled();

        // clients: a Write client bound to the CRM, its secret shown once
        browser.clickText("Clients");
        browser.typeTest("new-client-id", "crm-writer");
        browser.clickTest("perm-write");
        browser.typeTest("new-client-sources", "salesforce_crm");
        browser.clickTest("create-client");
        String secret = browser.test("client-secret-once").getText();
        assertThat(secret).isNotBlank();
        String crmWriter = browser.test("client-id-once").getText();
        assertThat(crmWriter).as("outside the default organization the id is name@organization").isEqualTo("crm-writer@" + org);
        browser.waitText("[data-test='clients']", crmWriter);
        browser.screenshot("clients");
        browser.assertLabelled();
        server.anonymous().tokenByBasic(crmWriter, secret).expect(200);

        // webhooks: subscribe (signing secret shown once), then delete, confirmed
        browser.clickText("Webhooks");
        browser.type(browser.find("[data-field='url']"), "http://127.0.0.1:9/onefold-hook");
        browser.type(browser.find("[data-field='event_types']"), "profile.merged, profile.deleted");
        browser.clickText("Subscribe");
        assertThat(browser.test("webhook-secret-once").getText()).isNotBlank();
        browser.waitText("[data-test='webhooks']", "profile.merged, profile.deleted");
        browser.screenshot("webhooks");
        browser.assertLabelled();
        assertThat(api.get("/webhooks").json().at("/entities/0/url").asText()).isEqualTo("http://127.0.0.1:9/onefold-hook");
        browser.clickText("Delete");
        browser.confirm();
        browser.waitText("main", "No webhook yet.");
        assertThat(api.get("/webhooks").json().path("entities")).isEmpty();
    }

    @Test
    void the_profile_actions_each_confirmed_each_in_the_history() {
        String org = newOrganization();
        String admin = newClient(org, "console-admin", List.of(TestServer.READ, TestServer.WRITE, TestServer.ADMIN), List.of("*"));
        Api api = apiAs(admin);
        api.post("/profile-templates", TestServer.example("omnichannel-template.json")).expect(201);
        api.post("/merge-rules", TestServer.example("omnichannel-rules.json")).expect(201);
        // a hostile value is shown as text: it never becomes markup (and the CSP would refuse its script anyway)
        String hostile = "<img src=x onerror=\\\"window.__pwned=1\\\">";
        String ava = api.upsert("{\"source\": \"salesforce_crm\", \"source_record_id\": \"C-1\", \"profile_data\": {\"email\": \"ava@example.com\", "
                + "\"recent_intent\": \"" + hostile + "\"}}").expect(201).id();
        String other = api.upsert("{\"source\": \"voice_ivr\", \"profile_data\": {\"phone_number\": \"+14155550111\"}}").expect(201).id();

        signIn(admin);
        browser.typeTest("open-id", ava + Keys.ENTER);
        browser.waitText("[data-test='attr-email']", "ava@example.com");
        assertThat(browser.test("attr-recent_intent").getText()).contains("<img src=x onerror=\"window.__pwned=1\">");
        assertThat(browser.all("main img")).isEmpty();
        assertThat(browser.script("return window.__pwned === undefined")).isEqualTo(true);

        // add an alias: confirmed, then in the identifiers and in the history
        browser.click("[data-test='action-alias'] > summary");
        browser.typeTest("alias-value", "ava.old@example.com");
        browser.clickTest("do-alias");
        browser.confirm();
        browser.waitText("[data-test='aliases']", "ava.old@example.com");
        browser.waitText("[data-test='timeline']", "Reason: alias added");

        // "never the same" with another profile, with a reason; then a merge of the two is refused, at the form
        browser.click("[data-test='action-never-same'] > summary");
        browser.type(browser.find("[data-test='action-never-same'] [data-field='other_profile_id']"), other);
        browser.type(browser.find("[data-test='action-never-same'] [data-field='reason']"), "different people, same household");
        browser.clickTest("do-never-same");
        browser.confirm();
        browser.waitText("[data-test='timeline']", "never the same person as " + other);
        browser.click("[data-test='action-merge'] > summary");
        browser.typeTest("merge-other", other);
        browser.typeTest("merge-reason", "agent says same caller");
        browser.clickTest("do-merge");
        browser.confirm();
        assertThat(browser.waitText("[data-test='action-merge'] .summary", "409")).containsIgnoringCase("never");
        browser.screenshot("profile-actions", "#act-h");

        // erase: cancelled first (nothing happens), then confirmed
        browser.click("[data-test='action-erase'] > summary");
        browser.clickTest("do-erase");
        browser.click("dialog[open] button:not([data-test='confirm'])");
        api.get("/profiles/" + ava).expect(200);
        browser.clickTest("do-erase");
        browser.confirm();
        browser.waitHash("#/profiles");
        browser.waitText("#toast", "Erased");
        api.get("/profiles/" + ava).expectError(404, "NOT_FOUND");
        api.get("/profiles/" + other).expect(200);
    }

    @Test
    void a_possible_match_reviewed_side_by_side_then_accepted_into_one_profile() {
        String org = newOrganization();
        String admin = newClient(org, "console-admin", List.of(TestServer.READ, TestServer.WRITE, TestServer.ADMIN), List.of("*"));
        Api api = apiAs(admin);
        TestServer.configureMatching(api);
        String john = api.upsert("""
                {"source": "crm", "source_record_id": "c1", "observed_at": "2026-03-01T10:00:00Z",
                 "profile_data": {"given_name": "John", "surname": "Smith", "date_of_birth": "1980-04-12", "city": "Boston"}}""").expect(201).id();
        // a caller who gave only his name: between the review and the auto-merge thresholds, so queued
        String caller = api.upsert("""
                {"source": "ivr", "source_record_id": "i1", "observed_at": "2026-03-03T10:00:00Z",
                 "profile_data": {"given_name": "John", "surname": "Smith"}}""").expect(201).id();

        signIn(admin);
        browser.clickText("Review queue");
        browser.waitText("[data-test='review-queue']", caller);
        // the oldest match opens by itself: both profiles side by side, each comparison's level and weight
        browser.waitText("[data-test='review-detail']", "Comparison level");
        assertThat(browser.waitText("[data-test='compare-surname']", "exact")).contains("Smith", "+");
        assertThat(browser.test("compare-date_of_birth").getText()).contains("1980-04-12", "missing on one side");
        assertThat(browser.find("[data-test='review-compare'] thead").getText()).contains(john, caller);
        browser.screenshot("review-queue");
        browser.assertLabelled();

        // the filter: a value out of range is refused at the field; a high minimum empties the list
        browser.typeTest("min-probability", "2");
        browser.clickTest("filter");
        browser.find("[data-field='min_probability'][aria-invalid='true']");
        browser.typeTest("min-probability", "0.999");
        browser.clickTest("filter");
        browser.waitText("[data-test='queue-empty']", "Nothing waiting");
        browser.typeTest("min-probability", "0.9");
        browser.clickTest("filter");
        browser.waitText("[data-test='review-queue']", caller);

        // why not merged automatically, from the caller's profile page: the same score, between the thresholds
        browser.click("[data-test='review-compare'] thead a[href$='" + caller + "']");
        browser.waitText("[data-test='profile-id']", caller);
        browser.click("[data-test='action-why'] > summary");
        browser.typeTest("why-other", john);
        browser.clickTest("do-why");
        assertThat(browser.waitText("[data-test='match-explanation']", "review queue")).contains("review_threshold", "surname", "exact");
        browser.assertLabelled();
        browser.clickText("Review queue");

        // accept, with a reason, confirmed: one profile, the queue empty, the decision in the history
        browser.waitText("[data-test='review-detail']", "Comparison level");
        browser.typeTest("review-reason", "same caller, checked by an agent");
        browser.clickTest("accept");
        browser.confirm();
        browser.waitText("#toast", "Accepted");
        browser.waitText("[data-test='queue-empty']", "Nothing waiting");
        assertThat(api.get("/profiles/" + caller).expect(200).id()).isEqualTo(john);
        assertThat(api.get("/match-reviews").expect(200).json().get("items")).isEmpty();

        // the merged profile: the reviewed match and its score in the picture's facts, the reason in the history
        browser.click("[data-test='review-outcome'] a");
        browser.waitText("[data-test='profile-id']", john);
        browser.waitText("[data-test='timeline']", "same caller, checked by an agent");
        browser.click("details.facts > summary");
        assertThat(browser.find("[data-test='graph-facts']").getText()).contains("possible match", "matched by probabilistic", "surname exact");
        browser.screenshot("review-accepted", "#graph-h");
    }

    @Test
    void a_client_without_write_never_sends_a_write_and_an_ended_session_returns_to_sign_in() {
        String org = newOrganization();
        String admin = newClient(org, "console-admin", List.of(TestServer.READ, TestServer.WRITE, TestServer.ADMIN), List.of("*"));
        Api api = apiAs(admin);
        api.post("/profile-templates", TestServer.example("omnichannel-template.json")).expect(201);
        api.post("/merge-rules", TestServer.example("omnichannel-rules.json")).expect(201);
        String id = api.upsert("{\"source\": \"salesforce_crm\", \"profile_data\": {\"email\": \"eve@example.com\"}}").expect(201).id();

        // a Read-only client may not use the console at all: refused before any API call
        String reader = newClient(org, "console-reader", List.of(TestServer.READ), List.of());
        browser.open(console());
        browser.typeTest("client-id", reader);
        browser.typeTest("client-secret", SECRET + Keys.ENTER);
        assertThat(browser.waitText(".signin .summary", "lacks CustomerProfile:Admin")).contains(reader);

        // Admin and Read, no Write: the Write actions are shown as unavailable, not attempted
        String operator = newClient(org, "console-operator", List.of(TestServer.READ, TestServer.ADMIN), List.of());
        browser.type(browser.test("client-id"), operator);
        browser.typeTest("client-secret", SECRET + Keys.ENTER);
        browser.waitHash("#/profiles");
        browser.typeTest("open-id", id + Keys.ENTER);
        browser.waitText("[data-test='attr-email']", "eve@example.com");
        assertThat(browser.all("[data-test='action-alias']")).isEmpty();
        assertThat(browser.find("section[aria-labelledby='act-h']").getDomProperty("textContent")).contains("Needs CustomerProfile:Write");

        // the client is deleted while signed in: the next request is a 401, and the console says so at sign-in
        // (a deletion drops the client from the server's cache at once: no waiting for the cache to expire)
        api.delete("/clients/" + operator).expect(204);
        browser.clickText("Templates");
        assertThat(browser.waitText("[data-test='signin-notice']", "Sign in again")).contains("expired or was revoked");
        assertThat(browser.all("#nav:not([hidden])")).isEmpty();

        // a token that expires: the console notices before sending and returns to sign-in
        try (TestServer shortLived = TestServer.start(dir.resolve("short"), c -> c.withTokenTtl(Duration.ofSeconds(2)))) {
            browser.open(URI.create("http://127.0.0.1:" + shortLived.port() + "/console/"));
            browser.typeTest("client-id", TestServer.ADMIN_ID);
            browser.typeTest("client-secret", TestServer.ADMIN_SECRET + Keys.ENTER);
            browser.waitHash("#/profiles");
            // the token's 2 s pass for the browser only: the server would still accept the token, so the return to
            // sign-in can only come from the console's own check
            browser.advanceClock(Duration.ofSeconds(3));
            browser.clickText("Clients");
            assertThat(browser.waitText("[data-test='signin-notice']", "expired")).contains("Sign in again");
            browser.screenshot("session-expired");
            assertThat(shortLived.admin().get("/metrics").text()).doesNotContain("status=\"403\"");
        }
    }

    // ------------------------------------------------------------------ steps

    private URI console() {
        return URI.create("http://127.0.0.1:" + server.port() + "/console/");
    }

    /** Signs in with the keyboard alone: the id field has the focus, Tab moves to the secret, Enter submits. */
    private void signIn(String clientId) {
        browser.open(console());
        browser.test("client-id");
        browser.activeElement().sendKeys(clientId, Keys.TAB);
        browser.activeElement().sendKeys(SECRET, Keys.ENTER);
        browser.waitHash("#/profiles");
        browser.waitText("#who", clientId);
    }

    private void attribute(int row, String name, String type, boolean identifier, boolean required, String cardinality) {
        browser.type(browser.find("[data-field='attributes[" + row + "].name']"), name);
        browser.find("[data-field='attributes[" + row + "].type'] option[value='" + type + "']").click();
        setChecked("[data-field='attributes[" + row + "].is_identifier']", identifier);
        setChecked("[data-field='attributes[" + row + "].is_required']", required);
        browser.find("[data-field='attributes[" + row + "].cardinality'] option[value='" + cardinality + "']").click();
    }

    private void setChecked(String css, boolean on) {
        WebElement box = browser.find(css);
        if (box.isSelected() != on) box.click();
    }

    private void source(int row, String id) {
        browser.clickTest("add-source");
        browser.typeTest("source-id-" + row, id);
    }

    private void rule(int row, String attribute, String strategy) {
        browser.clickTest("add-rule");
        browser.typeTest("rule-attribute-" + row, attribute);
        browser.find("[data-test='rule-strategy-" + row + "'] option[value='" + strategy + "']").click();
    }

    /** A new organization of the test server; returns its id. */
    private static String newOrganization() {
        String org = TestServer.unique("console-org-");
        server.admin().post("/organizations", "{\"id\": \"" + org + "\"}").expect(201);
        return org;
    }

    /** A client of {@code org} with the known secret; returns its id (name@org, as the server assigned it). */
    private static String newClient(String org, String prefix, List<String> permissions, List<String> sources) {
        String name = TestServer.unique(prefix + "-");
        var body = Api.JSON.createObjectNode().put("client_id", name).put("client_secret", SECRET).put("organization", org);
        permissions.forEach(body.putArray("permissions")::add);
        sources.forEach(body.putArray("sources")::add);
        return server.admin().post("/clients", body).expect(201).json().get("client_id").asText();
    }

    /** The API as a client, for the calls a test makes beside the browser. */
    private static Api apiAs(String clientId) {
        return server.anonymous().as(clientId, SECRET);
    }

    private static String absorbedId(String facts) {
        Matcher m = Pattern.compile("(\\S+) \\(absorbed").matcher(facts);
        assertThat(m.find()).as("an absorbed node in %s", facts).isTrue();
        return m.group(1);
    }

    /** How many requests the server answered 403, over every route (from /metrics). */
    private static long forbiddenAnswers() {
        String metrics = server.anonymous().get("/metrics").expect(200).text();
        return metrics.lines().filter(l -> l.startsWith("onefold_http_requests_seconds_count") && l.contains("status=\"403\""))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
