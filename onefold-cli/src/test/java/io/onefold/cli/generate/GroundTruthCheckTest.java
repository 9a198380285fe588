package io.onefold.cli.generate;

import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.cli.OnefoldCommand;
import io.onefold.core.json.Json;
import io.onefold.service.ProfileService;
import io.onefold.service.ServiceOptions;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroundTruthCheckTest {
    static final Instant AS_OF = Instant.parse("2026-11-01T00:00:00Z");
    static final String ORG = ProfileService.DEFAULT_ORGANIZATION;

    @Test
    void perfectProfilesScoreOneAndMixingOrSplittingIsCountedPairwise() throws Exception {
        String truth = """
                {"customer":"a","records":[["crm","1"],["chat","2"],["ivr","3"]]}
                {"customer":"b","records":[["crm","4"],["chat","5"]]}
                """;
        MergeQuality exact = GroundTruthCheck.score(new BufferedReader(new StringReader(truth)),
                (s, id) -> Optional.of(Integer.parseInt(id) <= 3 ? "P" : "Q"));
        assertThat(exact.exact()).isTrue();
        assertThat(exact.precision()).isEqualTo(1.0);
        assertThat(exact.recall()).isEqualTo(1.0);
        assertThat(exact.profiles()).isEqualTo(2);

        // everything in one profile: 4 true pairs of 10 → precision 0.4; recall 1
        MergeQuality lumped = GroundTruthCheck.score(new BufferedReader(new StringReader(truth)), (s, id) -> Optional.of("P"));
        assertThat(lumped.precision()).isEqualTo(0.4);
        assertThat(lumped.recall()).isEqualTo(1.0);
        assertThat(lumped.mixedProfiles()).isEqualTo(1);

        // the caller left alone: a's pairs 1-3 and 2-3 lost → recall 2/4; record 5 missing is a singleton
        MergeQuality split = GroundTruthCheck.score(new BufferedReader(new StringReader(truth)),
                (s, id) -> id.equals("5") ? Optional.empty() : Optional.of(id.equals("3") ? "R" : Integer.parseInt(id) <= 3 ? "P" : "Q"));
        assertThat(split.recall()).isEqualTo(0.25);
        assertThat(split.precision()).isEqualTo(1.0);
        assertThat(split.splitCustomers()).isEqualTo(1);
        assertThat(split.missingRecords()).isEqualTo(1);
        assertThat(split.exact()).isFalse();
    }

    /**
     * The generator's promise: loaded in the documented order (CRM, IVR, chat) through the real service with the
     * omnichannel template and rules, every true customer is exactly one profile — callers merge when they identify,
     * household landlines never bridge two customers, identifier variants are one identifier.
     */
    @Test
    void generatedCustomersLoadedThroughTheServiceAreExactlyOneProfileEach(@TempDir Path dir) throws Exception {
        MergeQuality q = loadAndScore(dir, 1_000, 11, false);
        assertThat(q.customers()).isEqualTo(1_000);
        assertThat(q.missingRecords()).isZero();
        assertThat(q.mixedExamples()).isEmpty();
        assertThat(q.splitExamples()).isEmpty();
        assertThat(q.profiles()).isEqualTo(1_000);
        assertThat(q.precision()).isEqualTo(1.0);
        assertThat(q.recall()).isEqualTo(1.0);

        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = OnefoldCommand.execute(new PrintWriter(out), new PrintWriter(err), "evaluate", "--truth",
                dir.resolve("gen/truth.ndjson").toString(), "--data", dir.resolve("data").toString(), "--require-exact");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("customers 1,000 · profiles 1,000").contains("precision 1.000000 · recall 1.000000");
    }

    /** Identity does not depend on arrival order: every record of every file, shuffled together, gives the same truth. */
    @Test
    void anyArrivalOrderGivesTheSameExactProfiles(@TempDir Path dir) throws Exception {
        MergeQuality q = loadAndScore(dir, 1_000, 23, true);
        assertThat(q.exact()).as(q.summary()).isTrue();
        assertThat(q.profiles()).isEqualTo(1_000);
    }

    private static MergeQuality loadAndScore(Path dir, int customers, long seed, boolean shuffled) throws Exception {
        DatasetWriter.write(new SyntheticPopulation(seed, AS_OF), customers, seed, AS_OF, dir.resolve("gen"));
        var population = new SyntheticPopulation(seed, AS_OF);
        List<GeneratedRecord> crm = new ArrayList<>(), calls = new ArrayList<>(), chats = new ArrayList<>();
        for (int i = 0; i < customers; i++) {
            var c = population.customer(i);
            crm.addAll(c.crm());
            calls.addAll(c.calls());
            chats.addAll(c.chats());
        }
        List<List<GeneratedRecord>> files = List.of(crm, calls, chats);
        if (shuffled) {
            List<GeneratedRecord> all = new ArrayList<>();
            files.forEach(all::addAll);
            java.util.Collections.shuffle(all, new java.util.Random(seed));
            files = List.of(all);
        }
        Path data = dir.resolve("data");
        try (SqliteProfileStore store = SqliteProfileStore.open(data, 2);
             ProfileService service = new ProfileService(store, ServiceOptions.defaults())) {
            service.ensureDefaultOrganization();
            service.configurations().createTemplate(ORG, Json.parse(Files.readString(dir.resolve("gen/template.json"))));
            service.configurations().createRules(ORG, Json.parse(Files.readString(dir.resolve("gen/rules.json"))));
            // file after file; within a file, 8 concurrent writers (records of one file are independent)
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(shuffled ? 1 : 8)) {
                for (List<GeneratedRecord> file : files) {
                    var done = new ArrayList<java.util.concurrent.Future<?>>();
                    for (GeneratedRecord r : file) done.add(pool.submit(() -> service.upsert(ORG, r.upsertBody(), null)));
                    for (var f : done) f.get();
                }
            }
            assertThat(store.profiles().countActiveProfiles(ORG)).isEqualTo(customers);
            try (BufferedReader truth = Files.newBufferedReader(dir.resolve("gen/truth.ndjson"))) {
                return GroundTruthCheck.score(truth, GroundTruthCheck.inStore(store, ORG));
            }
        }
    }
}
