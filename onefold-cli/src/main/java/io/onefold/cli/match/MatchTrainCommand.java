package io.onefold.cli.match;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.error.OnefoldException;
import io.onefold.core.identity.MatchValues;
import io.onefold.core.matching.InferenceOptions;
import io.onefold.core.matching.MatchRecord;
import io.onefold.core.matching.MatchTrainer;
import io.onefold.core.matching.MatchingRules;
import io.onefold.core.matching.MatchingRulesJson;
import io.onefold.core.matching.RuleInference;
import io.onefold.core.matching.TrainingOptions;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.rules.MergeRuleSet;
import io.onefold.core.schema.AttributeDefinition;
import io.onefold.core.schema.AttributeType;
import io.onefold.service.ConfigResult;
import io.onefold.service.StoredMatchRecords;
import io.onefold.store.ConfigKind;
import io.onefold.store.Job;
import io.onefold.store.StoredConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code onefold match train}: m, u and the prior from the stored records, as a new version of the active rule set. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train probabilistic matching on the organization's stored records, without labels.",
                "u from random pairs, m by expectation maximisation per blocking rule, the prior from the candidate pairs (docs/matching.md).",
                "The comparisons and blocking rules are the active rule set's 'matching' section; without one, they are inferred first from the",
                "values of the template's string attributes. The trained rules are stored as a new version of the active rule set (its",
                "'matching' section replaced, everything else as it was), versioned like any rules change; they apply only once activated:",
                "with --activate here (every profile is re-resolved under the new version first), or later through the API.",
                "",
                "Exit codes: 0 trained, 1 failure (nothing to train on, a store error), 2 unusable arguments."})
public final class MatchTrainCommand implements Callable<Integer> {
    @Mixin
    StoreSelection store;

    @Option(names = "--activate", description = "Activate the new version once stored (waits for the re-resolution of every profile).")
    boolean activate;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "The training's random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StoreSelection.Session session;
        try {
            session = store.open();
        } catch (IllegalArgumentException e) {
            err.println("onefold match train: " + e.getMessage());
            return 2;
        }
        try (session) {
            String org = store.org;
            StoredMatchRecords stored = new StoredMatchRecords(session.service(), org);
            MergeRuleSet active = stored.rules();
            StoredConfig row = session.store().configuration().activeConfig(org, ConfigKind.RULES).orElseThrow();
            List<SourceRecord> records = new ArrayList<>();
            stored.forEach(p -> records.addAll(p.records()));
            MatchingRules untrained;
            if (active.matching().isPresent()) {
                untrained = active.matching().get();
                out.println("training the matching section of rule set '" + row.name() + "' v" + row.version() + " on " + records.size() + " records");
            } else {
                List<String> attributes = stored.template().attributes().values().stream()
                        .filter(a -> a.type() == AttributeType.STRING).map(AttributeDefinition::name).toList();
                List<Map<String, String>> rows = records.stream().map(StoredMatchRecords::text).toList();
                untrained = RuleInference.infer(row.name(), attributes, rows, InferenceOptions.DEFAULTS);
                out.println("rule set '" + row.name() + "' v" + row.version() + " has no matching section: comparisons and blocking inferred from "
                        + records.size() + " records' string attributes " + attributes);
            }
            if (untrained.comparisons().isEmpty()) {
                err.println("onefold match train: no attribute to compare (no string attribute holds values that can be compared)");
                return 1;
            }
            List<MatchRecord> prepared = new ArrayList<>(records.size());
            for (SourceRecord r : records) prepared.add(MatchValues.of(untrained, r));
            if (prepared.size() < 2) {
                err.println("onefold match train: " + prepared.size() + " stored record(s): nothing to train on");
                return 1;
            }
            MatchingRules trained = MatchTrainer.train(untrained, prepared, false, TrainingOptions.DEFAULTS.withSeed(seed));
            out.println("trained (seed " + seed + "):");
            RulesPrinter.print(out, trained);

            ObjectNode body = row.body().deepCopy();
            body.remove(List.of("version", "active", "created_at"));
            body.set("matching", MatchingRulesJson.write(trained));
            ConfigResult saved = session.service().configurations().updateRules(org, row.name(), body);
            out.println("stored as rule set '" + row.name() + "' v" + saved.config().version() + (activate ? "" : " (not active: run again with --activate, or activate it through the API)"));
            saved.warnings().forEach(w -> out.println("  warning: " + w.field() + " " + w.reason()));
            if (activate) {
                Job job = session.service().configurations().activate(org, ConfigKind.RULES, row.name());
                job = awaitJob(session, org, job);
                if (!job.status().equals("SUCCEEDED")) {
                    err.println("onefold match train: activation " + job.id() + " " + job.status() + ": " + job.result());
                    return 1;
                }
                out.println("activated v" + saved.config().version() + " (" + job.done() + " profiles re-resolved)");
            }
            out.flush();
            return 0;
        } catch (OnefoldException e) {
            err.println("onefold match train: " + e.getMessage() + (e.details().isEmpty() ? "" : " " + e.details()));
            return 1;
        } catch (RuntimeException e) {
            err.println("onefold match train: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            return 1;
        }
    }

    /** Waits for the activation job, which the service runs in the background: each of its steps commits, which wakes this. */
    static Job awaitJob(StoreSelection.Session session, String org, Job job) {
        try {
            while (true) {
                long seen = session.service().notifier().version();
                Job j = session.service().configurations().job(org, job.id()).orElseThrow();
                if (!j.status().equals("RUNNING")) return j;
                session.service().notifier().await(seen, 60_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while activation " + job.id() + " runs");
        }
    }
}
