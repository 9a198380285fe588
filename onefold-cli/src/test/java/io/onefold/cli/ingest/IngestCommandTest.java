package io.onefold.cli.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.cli.OnefoldCommand;
import io.onefold.core.json.CanonicalJson;
import io.onefold.core.json.Json;
import io.onefold.server.OnefoldServer;
import io.onefold.server.ServerConfig;
import io.onefold.service.ProfileService;
import io.onefold.service.ServiceOptions;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code onefold ingest}: CSV typing and mapping, rejects and summary, resuming after a kill, and ingesting through a server. */
class IngestCommandTest {
    static final Path EXAMPLES = Path.of("..", "examples", "retail");
    static final String TEMPLATE = EXAMPLES.resolve("omnichannel-template.json").toString();
    static final String RULES = EXAMPLES.resolve("omnichannel-rules.json").toString();

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = OnefoldCommand.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void csvCellsAreTypedByTheTemplateAndRefusedRowsGoToTheRejectsFile() throws IOException {
        Path csv = dir.resolve("crm.csv");
        Files.writeString(csv, String.join("\n",
                "source_record_id,observed_at,Email,phone_number,loyalty_tier,lifetime_value,postal_address,interaction_channels,internal_note",
                "C-1,2026-11-01T10:00:00Z,ann@example.com,415-200-0001,Gold,120.50,\"{\"\"city\"\": \"\"Oakland\"\", \"\"line1\"\": \"\"1 Main St, Apt 2\"\"}\",web;store,x",
                "C-2,2026-11-01T10:00:00Z,bob@example.com,,,,,\"[\"\"phone\"\"]\",y",
                "C-3,2026-11-01T10:00:00Z,not-an-email,,Gold,lots,,,z",
                "C-4,2026-11-01T10:00:00Z,too,few",
                "",
                "C-5,2026-11-02T10:00:00Z,\"multi",
                "line@example.com\",,,,,,z",
                "C-1,2026-11-03T10:00:00Z,ann@example.com,,Platinum,,,,x") + "\n");
        Path data = dir.resolve("data");
        Run r = run("ingest", "--data", data.toString(), "--template", TEMPLATE, "--rules", RULES, "--source", "salesforce_crm",
                "--map", "Email=email", "--map", "internal_note=-", "--progress", "none", csv.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("created 2, updated 1, merged 0, unchanged 0, conflicts 0, rejected 3");

        List<JsonNode> rejects = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("crm.csv.rejects.ndjson"))) rejects.add(Json.MAPPER.readTree(line));
        assertThat(rejects).extracting(j -> j.get("line").asLong()).containsExactly(4L, 5L, 7L);
        assertThat(rejects.get(0).get("code").asText()).isEqualTo("VALIDATION_FAILED");
        assertThat(rejects.get(0).toString()).contains("profile_data.email", "profile_data.lifetime_value");
        assertThat(rejects.get(1).get("code").asText()).isEqualTo("MALFORMED_CSV");
        assertThat(rejects.get(2).toString()).contains("profile_data.email");

        try (SqliteProfileStore store = SqliteProfileStore.open(data, 1); ProfileService service = new ProfileService(store, ServiceOptions.defaults())) {
            JsonNode ann = service.queries().lookup(ProfileService.DEFAULT_ORGANIZATION, "email", "ann@example.com").orElseThrow().get("attributes");
            assertThat(ann.get("loyalty_tier").asText()).isEqualTo("Platinum");
            assertThat(ann.get("lifetime_value").decimalValue()).isEqualByComparingTo("120.50");
            assertThat(ann.get("postal_address").get("line1").asText()).isEqualTo("1 Main St, Apt 2");
            assertThat(ann.get("interaction_channels")).extracting(JsonNode::asText).containsExactlyInAnyOrder("web", "store");
            assertThat(ann.has("internal_note")).isFalse();
            JsonNode bob = service.queries().lookup(ProfileService.DEFAULT_ORGANIZATION, "email", "bob@example.com").orElseThrow().get("attributes");
            assertThat(bob.has("loyalty_tier")).isFalse();
            assertThat(bob.get("interaction_channels").get(0).asText()).isEqualTo("phone");
            assertThat(service.configurations().job(ProfileService.DEFAULT_ORGANIZATION, Ingestion.jobId(csv))).get().extracting(j -> j.status()).isEqualTo("SUCCEEDED");
        }

        Run again = run("ingest", "--data", data.toString(), "--source", "salesforce_crm", "--map", "Email=email", "--map", "internal_note=-", "--progress", "none", csv.toString());
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("already ingested");
    }

    @Test
    void theWritersCacheSizeChangesNoResultAndANegativeOneIsRefused() throws IOException {
        Path csv = dir.resolve("crm.csv");
        StringBuilder lines = new StringBuilder("source_record_id,observed_at,email,phone_number,loyalty_tier\n");
        // the same customers again later, and phones claimed by two records (conflicts): reads of clusters written before
        for (int i = 0; i < 40; i++) lines.append("C-").append(i).append(",2026-11-01T10:00:00Z,c").append(i).append("@example.com,415-200-").append(1000 + i % 25).append(",Gold\n");
        for (int i = 0; i < 40; i += 3) lines.append("C-").append(i).append(",2026-11-02T10:00:00Z,c").append(i).append("@example.com,,Platinum\n");
        Files.writeString(csv, lines);
        Run none = run("ingest", "--data", dir.resolve("none").toString(), "--template", TEMPLATE, "--rules", RULES, "--source", "salesforce_crm",
                "--write-cache-clusters", "0", "--progress", "none", csv.toString());
        Run cached = run("ingest", "--data", dir.resolve("cached").toString(), "--template", TEMPLATE, "--rules", RULES, "--source", "salesforce_crm",
                "--write-cache-clusters", "3", "--progress", "none", csv.toString());
        assertThat(none.code()).as(none.err()).isZero();
        assertThat(cached.code()).as(cached.err()).isZero();
        String summary = none.out().substring(none.out().indexOf("created"));
        assertThat(summary).contains("rejected 0");
        assertThat(cached.out()).contains(summary.strip());
        assertThat(summary).as("identifier conflicts read the clusters of earlier lines").doesNotContain("conflicts 0,");
        try (SqliteProfileStore a = SqliteProfileStore.open(dir.resolve("none"), 1); SqliteProfileStore b = SqliteProfileStore.open(dir.resolve("cached"), 1)) {
            String org = ProfileService.DEFAULT_ORGANIZATION;
            assertThat(a.profiles().countActiveProfiles(org)).isPositive().isEqualTo(b.profiles().countActiveProfiles(org));
            assertThat(a.profiles().changesSince(org, 0, 1000)).extracting(ChangeEventShape::of)
                    .isEqualTo(b.profiles().changesSince(org, 0, 1000).stream().map(ChangeEventShape::of).toList());
        }

        Run refused = run("ingest", "--data", dir.resolve("refused").toString(), "--source", "salesforce_crm", "--write-cache-clusters", "-1",
                "--progress", "none", csv.toString());
        assertThat(refused.code()).isNotZero();
        assertThat(refused.err()).contains("--write-cache-clusters must be 0 or more");
    }

    /** An event without what differs between two runs of the same input (generated ids, the time it was written). */
    private record ChangeEventShape(String type, String source, String changes) {
        static ChangeEventShape of(io.onefold.store.ChangeEvent e) {
            return new ChangeEventShape(e.type(), e.payload().path("source").asText(), e.payload().path("changes").toString());
        }
    }

    @Test
    void aRunKilledMidwayResumesWithoutApplyingAnyLineTwice() throws Exception {
        Path input = dir.resolve("observations.ndjson");
        Files.write(input, lines(8_000, 1_500, 5));
        Path killed = dir.resolve("killed");
        Path whole = dir.resolve("whole");
        Files.createDirectories(killed);
        Files.createDirectories(whole);
        Path killedInput = Files.copy(input, killed.resolve("observations.ndjson"));
        Path wholeInput = Files.copy(input, whole.resolve("observations.ndjson"));

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), OnefoldCommand.class.getName(), "ingest",
                "--data", killed.resolve("data").toString(), "--template", TEMPLATE, "--rules", RULES, "--batch", "300",
                "--progress", "lines", "--progress-interval", "0", killedInput.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int progressLines = 0;
        try (BufferedReader err = new BufferedReader(new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                if (line.startsWith("ingest ") && ++progressLines == 5) {
                    child.destroyForcibly();
                    break;
                }
            }
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(progressLines).as("the child committed batches before it was killed").isEqualTo(5);

        Run resumed = run("ingest", "--data", killed.resolve("data").toString(), "--progress", "none", killedInput.toString());
        Run uninterrupted = run("ingest", "--data", whole.resolve("data").toString(), "--template", TEMPLATE, "--rules", RULES, "--batch", "300",
                "--progress", "none", wholeInput.toString());
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(uninterrupted.code()).as(uninterrupted.err()).isZero();
        String counts = uninterrupted.out().substring(uninterrupted.out().indexOf("created"), uninterrupted.out().indexOf(" lines in total"));
        assertThat(counts).endsWith("(8,000");
        assertThat(resumed.out()).contains(counts);
        assertThat(resumed.out()).as("the resumed run applied only what the killed one had not").doesNotContain(": 8,000 lines in");
        assertThat(Files.readString(killed.resolve("observations.ndjson.rejects.ndjson")))
                .isEqualTo(Files.readString(whole.resolve("observations.ndjson.rejects.ndjson")));
        assertThat(state(killed.resolve("data"))).isEqualTo(state(whole.resolve("data")));
    }

    @Test
    void throughAServerABatchSentAgainIsAnsweredNotAppliedAgain() throws IOException {
        Path input = dir.resolve("chat.ndjson");
        List<String> lines = new ArrayList<>(lines(400, 150, 9));
        lines.replaceAll(l -> l.replace("\"source\":\"webchat_middleware\",", ""));
        Files.write(input, lines);
        try (OnefoldServer server = OnefoldServer.start(ServerConfig.defaults().withPort(0).withDataDirectory(dir.resolve("server"))
                .withBootstrap("ingest-admin", "ingest-secret-0123456789"), System.out)) {
            ProfileService service = server.service();
            service.configurations().createTemplate(ProfileService.DEFAULT_ORGANIZATION, Json.MAPPER.readTree(Path.of(TEMPLATE).toFile()));
            service.configurations().createRules(ProfileService.DEFAULT_ORGANIZATION, Json.MAPPER.readTree(Path.of(RULES).toFile()));
            String url = "http://127.0.0.1:" + server.port();
            String[] args = {"ingest", "--server", url, "--client-id", "ingest-admin", "--client-secret", "ingest-secret-0123456789",
                    "--source", "webchat_middleware", "--batch", "64", "--progress", "none", input.toString()};
            Run first = run(args);
            assertThat(first.code()).as(first.err()).isZero();
            long position = service.queries().latestPosition(ProfileService.DEFAULT_ORGANIZATION);
            long profiles = service.store().profiles().countActiveProfiles(ProfileService.DEFAULT_ORGANIZATION);
            assertThat(profiles).isPositive();
            String rejects = Files.readString(dir.resolve("chat.ndjson.rejects.ndjson"));

            // as if the checkpoint had been lost after the batches were sent: every batch goes again
            Files.delete(dir.resolve("chat.ndjson.rejects.ndjson.checkpoint"));
            Run second = run(args);
            assertThat(second.code()).as(second.err()).isZero();
            String timing = "in [0-9.]+ s \\([0-9,]+ lines/s\\)";
            assertThat(second.out().replaceAll(timing, "")).as("the same answers").isEqualTo(first.out().replaceAll(timing, ""));
            assertThat(service.queries().latestPosition(ProfileService.DEFAULT_ORGANIZATION)).as("no new event").isEqualTo(position);
            assertThat(Files.readString(dir.resolve("chat.ndjson.rejects.ndjson"))).isEqualTo(rejects);
        }
    }

    /** Every profile's identifiers and golden record, and the number of events: what two stores must share. */
    private static String state(Path data) {
        try (SqliteProfileStore store = SqliteProfileStore.open(data, 1); ProfileService service = new ProfileService(store, ServiceOptions.defaults())) {
            TreeSet<String> profiles = new TreeSet<>();
            String after = null;
            while (true) {
                List<String> page = store.profiles().activeProfileIds(ProfileService.DEFAULT_ORGANIZATION, after, 500);
                if (page.isEmpty()) break;
                after = page.get(page.size() - 1);
                for (String id : page) {
                    JsonNode p = service.queries().get(ProfileService.DEFAULT_ORGANIZATION, id);
                    profiles.add(CanonicalJson.of(p.get("identifiers")) + CanonicalJson.of(p.get("aliases")) + CanonicalJson.of(p.get("attributes")) + " v" + p.get("version"));
                }
            }
            return profiles.size() + " profiles, " + service.queries().latestPosition(ProfileService.DEFAULT_ORGANIZATION) + " events\n" + String.join("\n", profiles);
        }
    }

    /** CRM, chat and IVR upserts of {@code customers} customers, skewed, with some refused lines. */
    static List<String> lines(int count, int customers, long seed) {
        Random r = new Random(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int c = (int) Math.floor(customers * Math.pow(r.nextDouble(), 2));
            String ts = String.format("2026-11-%02dT%02d:%02d:00Z", 1 + r.nextInt(27), r.nextInt(24), r.nextInt(60));
            String email = "cust" + c + "@example.com";
            String phone = String.format("+1415201%04d", c);
            out.add(switch (r.nextInt(10)) {
                case 0, 1, 2 -> "{\"source\":\"salesforce_crm\",\"source_record_id\":\"C-" + c + "\",\"observed_at\":\"" + ts + "\",\"profile_data\":{\"email\":\""
                        + email + "\",\"phone_number\":\"" + phone + "\",\"loyalty_tier\":\"T" + r.nextInt(4) + "\"}}";
                case 3, 4, 5, 6 -> "{\"source\":\"webchat_middleware\",\"observed_at\":\"" + ts + "\",\"profile_data\":{\"email\":\"" + email.toUpperCase()
                        + "\",\"recent_intent\":\"i" + r.nextInt(5) + "\",\"last_interaction_timestamp\":\"" + ts + "\"}}";
                case 7, 8 -> "{\"source\":\"webchat_middleware\",\"observed_at\":\"" + ts + "\",\"profile_data\":{\"phone_number\":\"" + phone
                        + "\",\"recent_intent\":\"call\"}}";
                default -> r.nextBoolean() ? "{\"source\":\"webchat_middleware\",\"profile_data\":{\"email\":\"nope\"}}" : "{not json";
            });
        }
        return out;
    }
}
