package io.onefold.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.error.OnefoldException;
import io.onefold.core.error.Violation;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.identity.ProfileIds;
import io.onefold.core.identity.ProfileView;
import io.onefold.core.json.CanonicalJson;
import io.onefold.core.json.Json;
import io.onefold.core.json.ProfileJson;
import io.onefold.core.model.Observation;
import io.onefold.core.model.ObservationParser;
import io.onefold.core.model.ObservedAtRange;
import io.onefold.core.rules.MergeRuleSet;
import io.onefold.core.rules.MergeRuleSetParser;
import io.onefold.core.schema.IdentifierNormalizer;
import io.onefold.core.schema.Instants;
import io.onefold.core.schema.ProfileTemplate;
import io.onefold.core.schema.TemplateParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code onefold resolve}: the merge engine offline. Template + rules + observations in, golden profiles
 * with lineage out — to try merge rules on synthetic data before deploying them, as the guide advises.
 * Observations are replayed in {@code observed_at} order (ties by canonical content), so the output never
 * depends on the order of the input's lines.
 */
@Command(name = "resolve", mixinStandardHelpOptions = true,
        description = {"Resolve observations (NDJSON, one upsert payload per line) into golden profiles with lineage.",
                "Output: NDJSON on stdout, one profile per line, sorted by its smallest identifier, keys sorted."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the input was processed (rejected lines go to --rejects)", "2:unusable arguments or configuration"})
public final class ResolveCommand implements Callable<Integer> {
    @Option(names = "--template", required = true, paramLabel = "T.json", description = "The profile template (the guide's payload).")
    Path template;

    @Option(names = "--rules", required = true, paramLabel = "R.json", description = "The merge rule set (the guide's payload).")
    Path rules;

    @Option(names = "--default-region", defaultValue = "US", paramLabel = "REGION",
            description = "Region for phone numbers written without a country code (default: ${DEFAULT-VALUE}).")
    String defaultRegion;

    @Option(names = "--now", paramLabel = "INSTANT", description = "The current time: the observed_at of lines without one (default: the clock).")
    String now;

    @Option(names = "--rejects", paramLabel = "FILE", description = "Write rejected lines here as NDJSON {line, code, message, details}.")
    Path rejects;

    @Parameters(index = "0", paramLabel = "OBS.ndjson", description = "Observations, one JSON object per line; '-' reads stdin.")
    String observations;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** One accepted input line, ready to replay. */
    private record Line(int number, Observation observation, String canonical) {}

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Instant clock = Instant.now();
        if (now != null) {
            var parsed = Instants.parseInstant(now);
            if (parsed.isEmpty()) return usage(err, "--now must be an ISO-8601 instant such as 2026-11-28T10:00:00Z");
            // the default observed_at: the same range as any observed_at
            if (parsed.get().isBefore(ObservedAtRange.EARLIEST)) return usage(err, "--now must not be before " + ObservedAtRange.EARLIEST);
            clock = parsed.get();
        }
        IdentifierNormalizer normalizer;
        try {
            normalizer = new IdentifierNormalizer(defaultRegion);
        } catch (IllegalArgumentException e) {
            return usage(err, "--default-region: " + e.getMessage());
        }
        ProfileTemplate profileTemplate;
        MergeRuleSet ruleSet;
        try {
            profileTemplate = new TemplateParser(normalizer).parse(readJson(template));
            ruleSet = MergeRuleSetParser.parse(readJson(rules));
        } catch (UnusableInput e) {
            return usage(err, e.getMessage());
        } catch (OnefoldException e) {
            err.println("onefold resolve: invalid configuration");
            for (Violation v : e.details()) err.println("  " + v.field() + ": " + v.reason());
            return 2;
        }
        for (Violation w : ruleSet.warningsAgainst(profileTemplate)) err.println("warning: " + w.field() + ": " + w.reason());

        List<Line> lines = new ArrayList<>();
        List<ObjectNode> rejected = new ArrayList<>();
        int read = 0;
        try (BufferedReader in = observations.equals("-")
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : open(Path.of(observations))) {
            String text;
            int number = 0;
            while ((text = in.readLine()) != null) {
                number++;
                if (text.isBlank()) continue;
                read++;
                try {
                    JsonNode json = Json.parse(text);
                    Observation obs = ObservationParser.parse(json, clock);
                    lines.add(new Line(number, obs, CanonicalJson.of(json)));
                } catch (JsonProcessingException e) {
                    rejected.add(reject(number, "MALFORMED_JSON", "not a JSON object: " + e.getOriginalMessage(), List.of()));
                } catch (OnefoldException e) {
                    rejected.add(reject(number, e.code().name(), e.getMessage(), e.details()));
                }
            }
        } catch (UnusableInput e) {
            return usage(err, e.getMessage());
        }
        lines.sort(Comparator.comparing((Line l) -> l.observation().observedAt()).thenComparing(Line::canonical).thenComparingInt(Line::number));

        IdentityGraph graph = new IdentityGraph(profileTemplate, ruleSet, normalizer, ProfileIds.contentHash(), () -> Instant.EPOCH);
        for (Line line : lines) {
            try {
                graph.upsert(line.observation());
            } catch (OnefoldException e) {
                rejected.add(reject(line.number(), e.code().name(), e.getMessage(), e.details()));
            }
        }

        List<ProfileView> profiles = new ArrayList<>(graph.profiles());
        profiles.sort(Comparator.comparing(ResolveCommand::smallestIdentifier, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(ProfileView::profileId));
        PrintWriter out = spec.commandLine().getOut();
        for (ProfileView p : profiles) {
            out.write(CanonicalJson.of(ProfileJson.profile(p, true)));
            out.write('\n');
        }
        out.flush();
        if (rejects != null) {
            rejected.sort(Comparator.comparingInt(r -> r.get("line").intValue()));
            try (Writer w = Files.newBufferedWriter(rejects, StandardCharsets.UTF_8)) {
                for (ObjectNode r : rejected) w.write(CanonicalJson.of(r) + "\n");
            }
        }
        err.printf("onefold resolve: %d observations, %d profiles, %d rejected%n", read, profiles.size(), rejected.size());
        return 0;
    }

    private static String smallestIdentifier(ProfileView p) {
        return p.identifiers().current().values().stream().flatMap(s -> s.stream()).min(Comparator.naturalOrder())
                .orElseGet(() -> p.identifiers().aliases().values().stream().flatMap(s -> s.stream()).min(Comparator.naturalOrder()).orElse(null));
    }

    private static ObjectNode reject(int line, String code, String message, List<Violation> details) {
        ObjectNode r = Json.object();
        r.put("line", line);
        r.put("code", code);
        r.put("message", message);
        ArrayNode d = r.putArray("details");
        for (Violation v : details) d.addObject().put("field", v.field()).put("reason", v.reason());
        return r;
    }

    private static int usage(PrintWriter err, String message) {
        err.println("onefold resolve: " + message);
        return 2;
    }

    /** An argument that names something unusable (missing file, not JSON): exit 2. */
    private static final class UnusableInput extends RuntimeException {
        UnusableInput(String message) {
            super(message);
        }
    }

    private static BufferedReader open(Path path) {
        try {
            return Files.newBufferedReader(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UnusableInput("cannot read " + path + ": " + e.getMessage());
        }
    }

    private static JsonNode readJson(Path path) {
        try {
            return Json.parse(Files.readString(path, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new UnusableInput(path + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UnusableInput("cannot read " + path + ": " + e.getMessage());
        }
    }
}
