package io.onefold.cli.match;

import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.cli.OnefoldCommand;
import io.onefold.core.identity.IdentityLink;
import io.onefold.core.identity.LinkKind;
import io.onefold.core.identity.LinkOrigin;
import io.onefold.core.json.Json;
import io.onefold.core.matching.LabelledCsv;
import io.onefold.core.matching.LabelledRecord;
import io.onefold.core.matching.PairwiseMetrics;
import io.onefold.core.model.SourceRecord;
import io.onefold.service.ProfileService;
import io.onefold.service.ServiceOptions;
import io.onefold.service.StoredMatchRecords;
import io.onefold.store.ChangeEvent;
import io.onefold.store.ConfigKind;
import io.onefold.store.StoredConfig;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code onefold match}: Splink's fake_1000 (1,000 records of 181 people, MIT licence beside the copy in the core's test
 * resources) through the upsert pipeline, then the same records stored with matching off, trained on, and rebuilt.
 */
class MatchCommandsTest {
    static final Path FAKE_1000 = Path.of("..", "onefold-core", "src", "test", "resources", "io", "onefold", "core", "matching", "splink-fake_1000.csv");
    static final String COMPARED = "first_name,surname,dob,city,email";
    private static final Pattern PIPELINE_F1 = Pattern.compile("through the upsert pipeline.*\\R.*F1 ([0-9.]+)");

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
    void fake1000ThroughTheUpsertPipelineReachesTheIssuesF1AndTheSameOutputTwice() {
        String[] args = {"match", "evaluate", "--csv", FAKE_1000.toString(), "--id-column", "unique_id", "--truth-column", "cluster",
                "--compare", COMPARED, "--skip-offline"};
        Run first = run(args);
        assertThat(first.code()).as(first.err()).isZero();
        Matcher f1 = PIPELINE_F1.matcher(first.out());
        assertThat(f1.find()).as(first.out()).isTrue();
        assertThat(Double.parseDouble(f1.group(1))).isGreaterThanOrEqualTo(0.86);
        assertThat(first.out()).contains("compare email as email:", "block on ", "review queue ", "records refused 0");
        assertThat(run(args).out()).isEqualTo(first.out());
    }

    @Test
    void givenRulesAreUsedAsTheyAreWholeRuleSetOrMatchingSection() throws IOException {
        String matching = """
                {"name": "by_hand", "prior": 0.005, "auto_merge_threshold": 0.99, "review_threshold": 0.9, "comparisons": [
                  {"attribute": "email", "kind": "email", "levels": [{"comparator": "exact", "m": 0.7, "u": 0.004}, {"comparator": "else", "m": 0.3, "u": 0.996}]},
                  {"attribute": "dob", "kind": "date", "levels": [{"comparator": "exact", "m": 0.6, "u": 0.004}, {"comparator": "else", "m": 0.4, "u": 0.996}]}],
                 "blocking_rules": [{"keys": [{"attribute": "email"}]}]}""";
        Path section = dir.resolve("matching.json");
        Files.writeString(section, matching);
        Path ruleSet = dir.resolve("rules.json");
        Files.writeString(ruleSet, "{\"rule_name\": \"people\", \"sources\": [{\"source_id\": \"crm\", \"priority\": 1}], \"matching\": " + matching + "}");
        String[] args = {"match", "evaluate", "--csv", FAKE_1000.toString(), "--id-column", "unique_id", "--truth-column", "cluster", "--compare", "email,dob", "--rules", ""};
        args[args.length - 1] = section.toString();
        Run bySection = run(args);
        assertThat(bySection.code()).as(bySection.err()).isZero();
        assertThat(bySection.out()).contains("matching rules from " + section, "exact                        m=0.7000 u=0.004000", "block on email")
                .doesNotContain("the core alone");
        args[args.length - 1] = ruleSet.toString();
        Run byRuleSet = run(args);
        assertThat(byRuleSet.out().substring(byRuleSet.out().indexOf(":\n"))).isEqualTo(bySection.out().substring(bySection.out().indexOf(":\n")));
    }

    @Test
    void evaluateNamesTheColumnItCannotFind() {
        Run r = run("match", "evaluate", "--csv", FAKE_1000.toString(), "--id-column", "unique_id", "--truth-column", "cluster", "--compare", "first_name,nickname");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("'nickname' is not a column");
    }

    @Test
    void recordsStoredWithMatchingOffAreTrainedOnThenRebuiltOnlyWithApply() throws IOException {
        Path data = dir.resolve("data");
        Path csv = dir.resolve("people.csv");
        Files.copy(FAKE_1000, csv);
        Path template = dir.resolve("template.json");
        Files.writeString(template, """
                {"template_name": "people", "attributes": [
                  {"name": "customer_id", "type": "string", "is_identifier": true, "cardinality": "single"},
                  {"name": "first_name", "type": "string"}, {"name": "surname", "type": "string"}, {"name": "dob", "type": "string"},
                  {"name": "city", "type": "string"}, {"name": "email", "type": "string"}]}""");
        Path rules = dir.resolve("rules.json");
        Files.writeString(rules, """
                {"rule_name": "people", "sources": [{"source_id": "crm", "priority": 1}]}""");
        Run ingest = run("ingest", "--data", data.toString(), "--source", "crm", "--template", template.toString(), "--rules", rules.toString(),
                "--map", "unique_id=source_record_id", "--map", "cluster=-", "--progress", "none", csv.toString());
        assertThat(ingest.code()).as(ingest.err()).isZero();
        assertThat(activeProfiles(data)).isEqualTo(1000);

        Run noRules = run("match", "rebuild", "--data", data.toString());
        assertThat(noRules.code()).isEqualTo(1);
        assertThat(noRules.err()).contains("no matching rules");

        Run stored = run("match", "train", "--data", data.toString());
        assertThat(stored.code()).as(stored.err()).isZero();
        assertThat(stored.out()).contains("has no matching section", "compare email as email:", "stored as rule set 'people' v2 (not active");
        Run activated = run("match", "train", "--data", data.toString(), "--activate");
        assertThat(activated.code()).as(activated.err()).isZero();
        assertThat(activated.out()).contains("activated v3 (1000 profiles re-resolved)");
        try (SqliteProfileStore store = SqliteProfileStore.open(data, 1)) {
            StoredConfig active = store.configuration().activeConfig(ProfileService.DEFAULT_ORGANIZATION, ConfigKind.RULES).orElseThrow();
            assertThat(active.version()).isEqualTo(3);
            assertThat(active.body().path("matching").path("comparisons").size()).isEqualTo(5);
            assertThat(active.body().path("sources")).isEqualTo(Json.MAPPER.readTree(rules.toFile()).path("sources"));
        }

        Run dry = run("match", "rebuild", "--data", data.toString());
        assertThat(dry.code()).as(dry.err()).isZero();
        assertThat(dry.out()).containsPattern("would make [1-9][0-9]* merge\\(s\\)").contains("dry run: nothing changed");
        assertThat(activeProfiles(data)).isEqualTo(1000);

        Run apply = run("match", "rebuild", "--data", data.toString(), "--apply", "--list", "0");
        assertThat(apply.code()).as(apply.err()).isZero();
        assertThat(apply.out()).doesNotContain("would ").contains("re-indexed");
        Run again = run("match", "rebuild", "--data", data.toString());
        assertThat(again.out()).contains("would make 0 merge(s)");

        try (SqliteProfileStore store = SqliteProfileStore.open(data, 1);
             ProfileService service = new ProfileService(store, ServiceOptions.defaults())) {
            String org = ProfileService.DEFAULT_ORGANIZATION;
            PairwiseMetrics m = metrics(service);
            assertThat(m.precision()).isGreaterThanOrEqualTo(0.99);
            assertThat(m.f1()).isGreaterThanOrEqualTo(0.86);
            assertThat(m.clusters()).isLessThan(1000);
            // automatic merges, the score as evidence, with change events: as the pipeline merges
            List<ChangeEvent> merged = store.profiles().changesSince(org, 0, 100_000).stream().filter(e -> e.type().equals("profile.merged")).toList();
            assertThat(merged).isNotEmpty();
            IdentityLink link = store.profiles().fragment(org, List.of(merged.getFirst().profileId())).links().stream()
                    .filter(l -> l.kind() == LinkKind.SAME).findFirst().orElseThrow();
            assertThat(link.origin()).isEqualTo(LinkOrigin.AUTOMATIC);
            assertThat(Json.MAPPER.readTree(link.evidence()).path("matched_by").asText()).isEqualTo("probabilistic");
            // the blocking keys were written: a new record of a stored person finds its profile through them
            var answer = service.upsert(org, Json.MAPPER.readTree("""
                    {"source": "crm", "source_record_id": "new-1", "profile_data":
                      {"first_name": "Julia", "surname": "Taylor", "dob": "2015-07-31", "city": "London", "email": "hannah88@powers.com"}}"""), null);
            assertThat(answer.outcome()).isNotEqualTo("created");
        }
    }

    private static long activeProfiles(Path data) {
        try (SqliteProfileStore store = SqliteProfileStore.open(data, 1)) {
            return store.profiles().countActiveProfiles(ProfileService.DEFAULT_ORGANIZATION);
        }
    }

    /** The stored profiles against fake_1000's cluster column. */
    private static PairwiseMetrics metrics(ProfileService service) throws IOException {
        List<LabelledRecord> rows = LabelledCsv.parse(Files.readString(FAKE_1000), "crm", "unique_id", "cluster");
        Map<String, String> profileOf = new HashMap<>();
        new StoredMatchRecords(service, ProfileService.DEFAULT_ORGANIZATION).forEach(p -> {
            for (SourceRecord r : p.records()) profileOf.put(r.key().sourceRecordId(), p.profileId());
        });
        Map<String, Integer> numbers = new TreeMap<>();
        int[] clusters = new int[rows.size()];
        List<String> truth = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            clusters[i] = numbers.computeIfAbsent(profileOf.get(rows.get(i).id()), k -> numbers.size());
            truth.add(rows.get(i).truth());
        }
        return PairwiseMetrics.of(clusters, truth);
    }
}
