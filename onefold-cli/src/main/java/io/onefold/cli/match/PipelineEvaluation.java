package io.onefold.cli.match;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.json.Json;
import io.onefold.core.matching.EvaluationResult;
import io.onefold.core.matching.InferenceOptions;
import io.onefold.core.matching.LabelledRecord;
import io.onefold.core.matching.MatchEvaluation;
import io.onefold.core.matching.MatchRecord;
import io.onefold.core.matching.MatchTrainer;
import io.onefold.core.matching.MatchingRules;
import io.onefold.core.matching.MatchingRulesJson;
import io.onefold.core.matching.PairwiseMetrics;
import io.onefold.core.matching.RuleInference;
import io.onefold.core.matching.TrainingOptions;
import io.onefold.core.model.SourceRecord;
import io.onefold.service.BulkLoader;
import io.onefold.service.MatchReviews;
import io.onefold.service.ProfileService;
import io.onefold.service.ServiceOptions;
import io.onefold.service.StoredMatchRecords;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code onefold match evaluate}'s run: labelled records through the real upsert pipeline of a fresh embedded store
 * (a temporary data directory, deleted afterwards), then the profiles each record ended in against the truth.
 *
 * <p>The store gets a template of the compared columns (each a non-identifier string attribute: only matching can join
 * two records) and a rule set with one source per file and the matching rules as its {@code matching} section. Every
 * record is one upsert keyed by its id ({@code source_record_id}), in file order, in batches through {@link BulkLoader}
 * — what {@code onefold ingest} runs. The truth column is read only for the metrics. Deterministic: the same records,
 * rules and seed give the same profiles (the pipeline's merges do not depend on profile ids or arrival order within
 * what blocking finds; observed_at is fixed).
 */
final class PipelineEvaluation {
    static final String ORG = ProfileService.DEFAULT_ORGANIZATION;
    /** Every observation's time: fixed, so that nothing depends on the clock. */
    private static final String OBSERVED_AT = "2020-01-01T00:00:00Z";
    static final int BATCH = 1000;

    /** What the run found. */
    record Result(MatchingRules rules, boolean trained, int records, int refused, PairwiseMetrics metrics, int profiles,
                  long reviewQueue, EvaluationResult offline) {}

    /**
     * @param files   one file (deduplication) or two (linkage: each its own source, "a" and "b")
     * @param compare the compared columns
     * @param given   matching rules to use as they are, or null: inferred from the compared columns and trained
     */
    static Result run(List<List<LabelledRecord>> files, List<String> compare, MatchingRules given, Double threshold, long seed, boolean offline) {
        List<LabelledRecord> rows = files.stream().flatMap(List::stream).toList();
        boolean linkage = files.size() > 1;
        TrainingOptions training = TrainingOptions.DEFAULTS.withSeed(seed);
        MatchingRules untrained = given != null ? given
                : RuleInference.infer("evaluation", compare, rows.stream().map(LabelledRecord::values).toList(), InferenceOptions.DEFAULTS);
        MatchingRules rules = untrained;
        if (given == null) {
            List<MatchRecord> records = new ArrayList<>(rows.size());
            for (LabelledRecord row : rows) records.add(untrained.prepare(row.id(), row.source(), row.values()));
            rules = MatchTrainer.train(untrained, records, linkage, training);
        }
        if (threshold != null) rules = rules.withThresholds(threshold, Math.min(threshold, rules.reviewThreshold()));
        // the core alone on the same inferred rules, with term frequencies from the records: what the pipeline is measured against
        EvaluationResult core = offline && given == null ? MatchEvaluation.run(threshold == null ? untrained
                : untrained.withThresholds(threshold, Math.min(threshold, untrained.reviewThreshold())), rows, linkage, training) : null;

        Path dir;
        try {
            dir = Files.createTempDirectory("onefold-match-evaluate");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (SqliteProfileStore store = SqliteProfileStore.openExclusive(dir, 2);
             ProfileService service = new ProfileService(store, ServiceOptions.defaults())) {
            service.ensureDefaultOrganization();
            service.configurations().createTemplate(ORG, template(compare));
            service.configurations().createRules(ORG, ruleSet(rules, files.size()));
            int refused = load(service, files, compare);
            return new Result(rules, given == null, rows.size(), refused, score(service, rows), profiles(service), reviewQueue(service), core);
        } finally {
            delete(dir);
        }
    }

    /** Every record, in file order, through the bulk loader; answers how many were refused. */
    private static int load(ProfileService service, List<List<LabelledRecord>> files, List<String> compare) {
        BulkLoader loader = service.bulkLoader(ORG);
        int refused = 0;
        long number = 0;
        List<BulkLoader.Line> batch = new ArrayList<>(BATCH);
        for (List<LabelledRecord> file : files) {
            for (LabelledRecord row : file) {
                batch.add(BulkLoader.Line.of(++number, body(row, compare)));
                if (batch.size() == BATCH) {
                    refused += apply(loader, batch);
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty()) refused += apply(loader, batch);
        return refused;
    }

    private static int apply(BulkLoader loader, List<BulkLoader.Line> batch) {
        int refused = 0;
        for (BulkLoader.LineResult r : loader.load(loader.prepare(batch), null)) if (!r.ok()) refused++;
        return refused;
    }

    private static ObjectNode body(LabelledRecord row, List<String> compare) {
        ObjectNode body = Json.object();
        body.put("source", row.source());
        body.put("source_record_id", row.id());
        body.put("observed_at", OBSERVED_AT);
        ObjectNode data = body.putObject("profile_data");
        for (String c : compare) {
            String v = row.values().get(c);
            if (v != null && !v.isBlank()) data.put(c, v);
        }
        return body;
    }

    /** Each record's profile (read back from the store: records' owners, their active roots) against its truth. */
    private static PairwiseMetrics score(ProfileService service, List<LabelledRecord> rows) {
        Map<String, String> profileOf = new HashMap<>();
        new StoredMatchRecords(service, ORG).forEach(p -> {
            for (SourceRecord r : p.records()) profileOf.put(key(r.source(), r.key().sourceRecordId()), p.profileId());
        });
        // cluster numbers in profile-id order, a refused record alone in its own: nothing depends on the ids drawn
        Map<String, Integer> number = new TreeMap<>();
        for (String id : new java.util.TreeSet<>(profileOf.values())) number.put(id, number.size());
        int[] clusters = new int[rows.size()];
        int next = number.size();
        for (int i = 0; i < rows.size(); i++) {
            String profile = profileOf.get(key(rows.get(i).source(), rows.get(i).id()));
            clusters[i] = profile == null ? next++ : number.get(profile);
        }
        return PairwiseMetrics.of(clusters, rows.stream().map(LabelledRecord::truth).toList());
    }

    private static String key(String source, String id) {
        return source + "\u0000" + id;
    }

    private static int profiles(ProfileService service) {
        return (int) service.store().profiles().countActiveProfiles(ORG);
    }

    /** The possible matches waiting for a reviewer, as the review queue lists them (a pair whose profiles merged meanwhile is not). */
    private static long reviewQueue(ProfileService service) {
        long n = 0;
        String cursor = null;
        do {
            ObjectNode page = service.matchReviews().queue(ORG, 0, cursor, MatchReviews.MAX_LIMIT);
            n += page.path("items").size();
            cursor = page.path("next_cursor").isTextual() ? page.get("next_cursor").asText() : null;
        } while (cursor != null);
        return n;
    }

    static ObjectNode template(List<String> compare) {
        ObjectNode t = Json.object().put("template_name", "evaluation").put("description", "the compared columns of a labelled file");
        ArrayNode attributes = t.putArray("attributes");
        // a template needs an identifier; this one is never filled, so only matching joins records
        String unused = "evaluation_key";
        while (compare.contains(unused)) unused = "_" + unused;
        attributes.addObject().put("name", unused).put("type", "string").put("is_identifier", true).put("is_required", false).put("cardinality", "single");
        for (String c : compare) {
            attributes.addObject().put("name", c).put("type", "string").put("is_identifier", false).put("is_required", false).put("cardinality", "single");
        }
        return t;
    }

    static ObjectNode ruleSet(MatchingRules rules, int sources) {
        ObjectNode r = Json.object().put("rule_name", "evaluation");
        ArrayNode list = r.putArray("sources");
        for (int i = 0; i < sources; i++) list.addObject().put("source_id", i == 0 ? "a" : "b").put("priority", i + 1);
        r.set("matching", MatchingRulesJson.write(rules));
        return r;
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the temporary store " + dir, e);
        }
    }
}
