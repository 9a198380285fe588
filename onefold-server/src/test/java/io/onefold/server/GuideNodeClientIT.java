package io.onefold.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guide's Node.js ingestion snippet, unchanged but for its base URL and token, against a running server: installs
 * axios@1 from npm, runs the snippet with node twice (the first run creates the profile, the second updates it), and
 * checks the result through the API. The snippet is src/test/resources/guide/push-customer-profile.js, copied verbatim
 * from the guide (from {@code const axios = require('axios');} to the usage example's call).
 */
class GuideNodeClientIT {
    private static final String GUIDE_BASE = "'https://api.us.genesys.cloud'";
    private static final String GUIDE_TOKEN = "'YOUR_OAUTH_TOKEN'";
    private static final Pattern PRINTED_ID = Pattern.compile("Profile Updated/Created\\. Profile ID: (\\S+)");

    record Run(int exit, String stdout, String stderr) {}

    @Test
    void the_guide_s_node_client_creates_then_updates_a_profile(@TempDir Path dataDir, @TempDir Path work) throws Exception {
        Assumptions.assumeTrue(available("node"), "node is not installed: skipping the guide's Node.js client test");
        Assumptions.assumeTrue(available("npm"), "npm is not installed: skipping the guide's Node.js client test");

        try (TestServer server = TestServer.start(dataDir).configureGuide()) {
            // the guide's service account: CustomerProfile:Write and CustomerProfile:Read, writing as the CRM
            Api ingest = server.newClient("genesys-ingest", List.of(TestServer.READ, TestServer.WRITE), List.of("salesforce_crm"));

            String snippet;
            try (InputStream in = GuideNodeClientIT.class.getResourceAsStream("/guide/push-customer-profile.js")) {
                assertThat(in).as("the snippet resource").isNotNull();
                snippet = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            assertThat(count(snippet, GUIDE_BASE)).as("the guide's base URL appears once").isEqualTo(1);
            assertThat(count(snippet, GUIDE_TOKEN)).as("the guide's token placeholder appears once").isEqualTo(1);
            assertThat(snippet).contains("pushCustomerProfileToGenesys(sampleCustomer, 'salesforce_crm', " + GUIDE_TOKEN + ")");
            String script = snippet.replace(GUIDE_BASE, "'http://127.0.0.1:" + server.port() + "'").replace(GUIDE_TOKEN, "'" + ingest.token() + "'");
            Files.writeString(work.resolve("push-customer-profile.js"), script);

            Run install = run(work, 300, "npm", "install", "axios@1", "--no-audit", "--no-fund", "--loglevel=error");
            assertThat(install.exit()).as("npm install axios@1: %s %s", install.stdout(), install.stderr()).isZero();

            Run first = run(work, 60, "node", "push-customer-profile.js");
            assertThat(first.exit()).as("first run: %s", first).isZero();
            assertThat(first.stderr()).as("first run's errors").doesNotContain("Error");
            String createdId = printedId(first);

            Run second = run(work, 60, "node", "push-customer-profile.js");
            assertThat(second.exit()).as("second run: %s", second).isZero();
            assertThat(second.stderr()).as("second run's errors").doesNotContain("Error");
            assertThat(printedId(second)).as("the second run updates the same profile").isEqualTo(createdId);

            Api.Response found = server.admin().get("/profiles?email=customer%40example.com").expect(200);
            assertThat(found.json().get("entities")).as("one profile for the customer").hasSize(1);
            JsonNode profile = found.json().get("entities").get(0);
            assertThat(profile.get("profile_id").asText()).isEqualTo(createdId);
            assertThat(profile.at("/attributes/loyalty_tier").asText()).isEqualTo("Gold");
            assertThat(profile.at("/identifiers/phone_number").toString()).contains("+15550199");
            assertThat(profile.at("/identifiers/email/0").asText()).isEqualTo("customer@example.com");
            assertThat(profile.at("/attributes/last_interaction_timestamp").asText()).isNotBlank();
            assertThat(profile.get("version").asInt()).as("created, then updated").isEqualTo(2);

            JsonNode history = server.admin().get("/profiles/" + createdId + "/history").expect(200).json().get("entries");
            assertThat(history).hasSize(2);
            assertThat(history.get(0).get("type").asText()).isEqualTo("profile.created");
            assertThat(history.get(1).get("type").asText()).isEqualTo("profile.updated");
            assertThat(history.get(1).at("/event/changes").has("last_interaction_timestamp")).isTrue();
        }
    }

    private static String printedId(Run run) {
        Matcher m = PRINTED_ID.matcher(run.stdout());
        assertThat(m.find()).as("the snippet prints the profile id: %s", run).isTrue();
        return m.group(1);
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) n++;
        return n;
    }

    private static boolean available(String command) {
        try {
            return run(Path.of("."), 30, command, "--version").exit() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Run run(Path dir, int timeoutSeconds, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        Path out = Files.createTempFile("onefold-it-", ".out");
        Path err = Files.createTempFile("onefold-it-", ".err");
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not finish within " + timeoutSeconds + " s: " + Files.readString(out) + Files.readString(err));
            }
            return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
