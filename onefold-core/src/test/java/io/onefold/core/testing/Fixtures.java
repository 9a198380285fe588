package io.onefold.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.identity.ProfileIds;
import io.onefold.core.identity.ProfileView;
import io.onefold.core.json.CanonicalJson;
import io.onefold.core.json.Json;
import io.onefold.core.model.Observation;
import io.onefold.core.rules.MergeRuleSet;
import io.onefold.core.rules.MergeRuleSetParser;
import io.onefold.core.schema.IdentifierNormalizer;
import io.onefold.core.schema.ProfileTemplate;
import io.onefold.core.schema.TemplateParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Small builders shared by engine tests: the example configurations, observations written as JSON text. */
public final class Fixtures {
    public static final IdentifierNormalizer US = new IdentifierNormalizer("US");

    private Fixtures() {}

    /** The repository's examples/retail directory, found from the module's working directory. */
    public static Path examples() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("examples/retail");
            if (Files.isDirectory(candidate)) return candidate;
        }
        throw new IllegalStateException("examples/retail not found above " + Path.of("").toAbsolutePath());
    }

    public static JsonNode json(String text) {
        try {
            return Json.parse(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode exampleJson(String file) {
        try {
            return Json.parse(Files.readString(examples().resolve(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ProfileTemplate template(String file) {
        return new TemplateParser(US).parse(exampleJson(file));
    }

    public static MergeRuleSet rules(String file) {
        return MergeRuleSetParser.parse(exampleJson(file));
    }

    /** A graph over the guide's template and merge rules, verbatim. */
    public static IdentityGraph guideGraph() {
        return graph(template("template.json"), rules("merge-rules.json"));
    }

    /** A graph over the omnichannel extension (email optional, staleness, override, CRM as identifier authority). */
    public static IdentityGraph omnichannelGraph() {
        return graph(template("omnichannel-template.json"), rules("omnichannel-rules.json"));
    }

    /** examples/matching: people without a shared identifier, matched on name, birth date and city. */
    public static ProfileTemplate matchingTemplate() {
        return new TemplateParser(US).parse(json(read(examples().resolveSibling("matching").resolve("template.json"))));
    }

    /** The rule set of examples/matching, with its {@code matching} section. */
    public static MergeRuleSet matchingRules() {
        return MergeRuleSetParser.parse(json(read(examples().resolveSibling("matching").resolve("merge-rules.json"))));
    }

    /** A graph over examples/matching. */
    public static IdentityGraph matchingGraph() {
        return graph(matchingTemplate(), matchingRules());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An empty graph; after the test, its profiles must equal their rebuild ({@link StoredProfilesEqualRebuild}). */
    public static IdentityGraph graph(ProfileTemplate template, MergeRuleSet rules) {
        return StoredProfilesEqualRebuild.watch(new IdentityGraph(template, rules, US, ProfileIds.contentHash(), () -> Instant.EPOCH));
    }

    /** An observation: {@code obs("salesforce_crm", "2026-11-01T09:00:00Z", "{\"email\":\"a@x.com\"}")}. */
    public static Observation obs(String source, String observedAt, String profileData) {
        return new Observation(source, (ObjectNode) json(profileData), Instant.parse(observedAt), null, List.of(), null);
    }

    public static Observation record(String source, String recordId, String observedAt, String profileData) {
        return new Observation(source, (ObjectNode) json(profileData), Instant.parse(observedAt), recordId, List.of(), null);
    }

    public static Observation explicit(String source, String observedAt, String profileData, String... explicitAttributes) {
        return new Observation(source, (ObjectNode) json(profileData), Instant.parse(observedAt), null, Arrays.asList(explicitAttributes), null);
    }

    /** Everything a reader sees of every active profile, ids included, as one comparable string. */
    public static String state(IdentityGraph graph) {
        return graph.profiles().stream().map(Fixtures::describe).collect(Collectors.joining("\n"));
    }

    /** Everything a reader sees of every active profile except ids (ids depend on which observation created a profile). */
    public static String stateWithoutIds(IdentityGraph graph) {
        return graph.profiles().stream().map(p -> {
            ObjectNode n = io.onefold.core.json.ProfileJson.profile(p, false);
            n.remove("profile_id");
            return CanonicalJson.of(n);
        }).sorted().collect(Collectors.joining("\n"));
    }

    public static String describe(ProfileView p) {
        return CanonicalJson.of(io.onefold.core.json.ProfileJson.profile(p, true));
    }
}
