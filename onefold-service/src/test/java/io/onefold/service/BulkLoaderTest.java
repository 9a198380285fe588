package io.onefold.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.core.error.ErrorCode;
import io.onefold.core.error.OnefoldException;
import io.onefold.core.json.CanonicalJson;
import io.onefold.core.json.Json;
import io.onefold.core.testing.Fixtures;
import io.onefold.store.ChangeEvent;
import io.onefold.store.Job;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bulk path gives what the one-by-one path gives: the same lines, sent through {@link ProfileService#upsert}
 * one at a time into one store and through {@link BulkLoader} in batches into another, leave the same profiles
 * (identifiers, aliases, golden records, versions, lineage), the same per-line answers and the same events.
 * Profile ids are random (UUIDv7), so each is replaced by the line that created it before comparing.
 */
class BulkLoaderTest {
    @TempDir
    Path dir;

    @Test
    void bulkBatchesGiveWhatOneByOneUpsertsGive() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(Fixtures.examples().resolve("observations.ndjson"), StandardCharsets.UTF_8));
        lines.addAll(skewedLines(2500, 300, 11));
        String one = oneByOne(lines);
        assertThat(one).contains(" merged ", " IDENTIFIER_CONFLICT ", " NOT_FOUND ", " MALFORMED_JSON", " unchanged ", "\"reason\":\"ALIAS\"");
        for (int batch : new int[] {1, 37, 5000}) {
            assertThat(bulk(lines, batch)).as("batches of %d", batch).isEqualTo(one);
        }
    }

    @Test
    void theCheckpointIsWrittenWithTheBatchAndRefusedLinesChangeNothing() {
        try (ServiceFixture f = ServiceFixture.open(dir)) {
            BulkLoader loader = f.service.bulkLoader(ServiceFixture.ORG);
            List<BulkLoader.Line> in = List.of(
                    BulkLoader.Line.of(1, Fixtures.json("{\"source\":\"salesforce_crm\",\"source_record_id\":\"C-1\",\"observed_at\":\"2026-11-01T00:00:00Z\",\"profile_data\":{\"email\":\"a@example.com\"}}")),
                    BulkLoader.Line.malformed(2, "not valid JSON"),
                    BulkLoader.Line.of(3, Fixtures.json("{\"source\":\"nobody\",\"profile_data\":{\"email\":\"b@example.com\"}}")),
                    BulkLoader.Line.of(4, Fixtures.json("{\"source\":\"webchat_middleware\",\"observed_at\":\"2026-11-02T00:00:00Z\",\"profile_data\":{\"email\":\"A@example.com\",\"recent_intent\":\"refund\"}}")));
            Job checkpoint = new Job("ingest-test", ServiceFixture.ORG, "ingest", "RUNNING", 4, 4, Json.object().put("last_line", 4), Instant.now(), Instant.now());
            List<BulkLoader.LineResult> results = loader.load(loader.prepare(in), r -> checkpoint);
            assertThat(results).extracting(BulkLoader.LineResult::outcome).containsExactly("created", null, null, "updated");
            assertThat(results.get(1).refused().code()).isEqualTo(ErrorCode.MALFORMED_JSON);
            assertThat(results.get(2).refused().code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(results.get(2).refused().details()).extracting(v -> v.field()).contains("source");
            assertThat(results.get(3).profileId()).isEqualTo(results.get(0).profileId());
            assertThat(loader.checkpoint("ingest-test")).get().extracting(j -> j.result().get("last_line").asLong()).isEqualTo(4L);
            assertThat(f.store.profiles().countActiveProfiles(ServiceFixture.ORG)).isEqualTo(1);
            assertThat(f.get(results.get(0).profileId()).get("attributes").get("recent_intent").textValue()).isEqualTo("refund");
        }
    }

    private String oneByOne(List<String> lines) throws IOException {
        try (ServiceFixture f = ServiceFixture.open(Files.createTempDirectory(dir, "one"))) {
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                long n = i + 1;
                JsonNode body;
                try {
                    body = Json.MAPPER.readTree(lines.get(i));
                } catch (IOException e) {
                    answers.add(n + " MALFORMED_JSON");
                    continue;
                }
                try {
                    UpsertResponse r = f.service.upsert(ServiceFixture.ORG, body, null);
                    answers.add(n + " " + r.outcome() + " " + r.profileId() + " " + r.body().get("merged_profile_ids"));
                } catch (OnefoldException e) {
                    answers.add(n + " " + e.code() + " " + e.getMessage() + " " + e.details());
                }
            }
            return snapshot(f, answers);
        }
    }

    private String bulk(List<String> lines, int batchSize) throws IOException {
        try (ServiceFixture f = ServiceFixture.open(Files.createTempDirectory(dir, "bulk"))) {
            BulkLoader loader = f.service.bulkLoader(ServiceFixture.ORG);
            List<String> answers = new ArrayList<>();
            for (int from = 0; from < lines.size(); from += batchSize) {
                List<BulkLoader.Line> batch = new ArrayList<>();
                for (int i = from; i < Math.min(lines.size(), from + batchSize); i++) {
                    try {
                        batch.add(BulkLoader.Line.of(i + 1, Json.MAPPER.readTree(lines.get(i))));
                    } catch (IOException e) {
                        batch.add(BulkLoader.Line.malformed(i + 1, "not valid JSON"));
                    }
                }
                for (BulkLoader.LineResult r : loader.load(loader.prepare(batch), null)) {
                    answers.add(r.ok() ? r.number() + " " + r.outcome() + " " + r.profileId() + " " + ChangeEvents.ids(r.mergedProfileIds())
                            : r.number() + " " + r.refused().code() + (r.refused().code() == ErrorCode.MALFORMED_JSON ? "" : " " + r.refused().message() + " " + r.refused().details()));
                }
            }
            return snapshot(f, answers);
        }
    }

    /** Answers, then every profile (identity, golden, version, lineage, events), with ids named by the line that created them. */
    private static String snapshot(ServiceFixture f, List<String> answers) {
        Map<String, String> names = new HashMap<>();
        for (String a : answers) {
            String[] p = a.split(" ");
            if (p[1].equals("created")) names.put(p[2], "P" + p[0]);
        }
        StringBuilder out = new StringBuilder();
        answers.forEach(a -> out.append(a).append('\n'));
        TreeMap<String, String> profiles = new TreeMap<>();
        for (String id : names.keySet()) {
            JsonNode doc = f.service.queries().get(ServiceFixture.ORG, id);
            if (doc.has("redirected_from")) continue;
            StringBuilder p = new StringBuilder();
            p.append(CanonicalJson.of(doc.get("identifiers"))).append(CanonicalJson.of(doc.get("aliases")))
                    .append(CanonicalJson.of(doc.get("attributes"))).append(" v").append(doc.get("version")).append('\n');
            p.append(CanonicalJson.of(f.service.queries().lineage(ServiceFixture.ORG, id).get("lineage"))).append('\n');
            for (ChangeEvent e : f.service.queries().history(ServiceFixture.ORG, id, 10_000)) {
                p.append(e.type()).append(' ').append(e.profileId()).append(' ').append(CanonicalJson.of(e.payload())).append('\n');
            }
            profiles.put(names.get(id), p.toString());
        }
        profiles.forEach((k, v) -> out.append(k).append(":\n").append(v));
        String text = out.toString();
        for (var e : names.entrySet()) text = text.replace(e.getKey(), e.getValue());
        return text;
    }

    /**
     * CRM full records (some changing their email: transfers), chat partial records found by email variants (explicit
     * nulls, explicit overrides, bridges to phone-only IVR profiles: merges), IVR calls, household phones, blocked and
     * invalid values, unknown sources, malformed lines and unknown profile ids — many lines per hot customer, shuffled.
     */
    static List<String> skewedLines(int count, int customers, long seed) {
        Random r = new Random(seed);
        String[] tiers = {"Bronze", "Silver", "Gold", "Platinum"};
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int c = (int) Math.min(customers - 1, Math.floor(customers * Math.pow(r.nextDouble(), 2)));
            String email = "cust" + c + "@example.com";
            String phone = String.format("415-201-%04d", c);
            String ts = String.format("2026-11-%02dT%02d:%02d:00Z", 1 + r.nextInt(27), r.nextInt(24), r.nextInt(60));
            int kind = r.nextInt(100);
            String line;
            if (kind < 30) {
                String mail = r.nextInt(20) == 0 ? "new" + c + "@example.com" : email;
                String household = c % 10 == 0 ? ",\"household_phone\":\"212-300-" + String.format("%04d", c / 20) + "\"" : "";
                line = "{\"source\":\"salesforce_crm\",\"source_record_id\":\"C-" + c + "\",\"observed_at\":\"" + ts + "\",\"profile_data\":{\"email\":\"" + mail
                        + "\",\"phone_number\":\"" + phone + "\",\"loyalty_tier\":\"" + tiers[r.nextInt(4)] + "\",\"lifetime_value\":" + r.nextInt(5000)
                        + ",\"postal_address\":{\"city\":\"Oakland\",\"line1\":\"" + c + " Main St\"}" + household + "}}";
            } else if (kind < 65) {
                String who = r.nextBoolean() ? email.toUpperCase() : " " + email + " ";
                String bridge = r.nextInt(8) == 0 ? ",\"phone_number\":\"(415) 201-" + String.format("%04d", c) + "\"" : "";
                String extra = switch (r.nextInt(5)) {
                    case 0 -> ",\"loyalty_tier\":null";
                    case 1 -> ",\"preferred_contact_method\":\"sms\"";
                    default -> ",\"recent_intent\":\"intent-" + r.nextInt(4) + "\"";
                };
                String explicit = extra.contains("preferred") ? ",\"explicit\":[\"preferred_contact_method\"]" : "";
                line = "{\"source\":\"webchat_middleware\",\"observed_at\":\"" + ts + "\"" + explicit + ",\"profile_data\":{\"email\":\"" + who + "\"" + bridge
                        + extra + ",\"last_interaction_timestamp\":\"" + ts + "\",\"interaction_channels\":[\"chat\"]}}";
            } else if (kind < 93) {
                line = "{\"source\":\"voice_ivr\",\"observed_at\":\"" + ts + "\",\"profile_data\":{\"phone_number\":\"+1" + phone.replace("-", "")
                        + "\",\"recent_intent\":\"call-" + r.nextInt(3) + "\",\"purchase_history\":[{\"order_id\":\"O-" + c + "-" + r.nextInt(3) + "\",\"total\":" + r.nextInt(100) + "}]}}";
            } else {
                line = switch (kind) {
                    case 93 -> "{\"source\":\"webchat_middleware\",\"observed_at\":\"" + ts + "\",\"profile_data\":{\"email\":\"not-an-email\"}}";
                    case 94 -> "{\"source\":\"voice_ivr\",\"observed_at\":\"" + ts + "\",\"profile_data\":{\"phone_number\":\"0000000000\"}}";
                    case 95 -> "{\"source\":\"fax_machine\",\"observed_at\":\"" + ts + "\",\"profile_data\":{\"email\":\"" + email + "\"}}";
                    case 96 -> "{\"source\": \"salesforce_crm\", \"profile_data\": {";
                    case 97 -> "{\"source\":\"webchat_middleware\",\"observed_at\":\"" + ts + "\",\"profile_id\":\"0190aaaa-0000-7000-8000-000000000000\",\"profile_data\":{\"recent_intent\":\"x\"}}";
                    case 98 -> "{\"source\":\"webchat_middleware\",\"observed_at\":\"" + ts + "\",\"profile_data\":{\"email\":\"" + email + "\",\"loyalty_tier\":7}}";
                    default -> "{\"source\":\"webchat_middleware\",\"observed_at\":\"" + ts + "\",\"profile_data\":{\"email\":\"" + email
                            + "\",\"phone_number\":\"415-201-" + String.format("%04d", (c + 1) % customers) + "\"}}";
                };
            }
            out.add(line);
        }
        Collections.shuffle(out, r);
        return out;
    }
}
