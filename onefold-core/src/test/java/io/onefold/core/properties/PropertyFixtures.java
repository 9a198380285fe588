package io.onefold.core.properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.identity.NewProfileId;
import io.onefold.core.identity.ProfileIds;
import io.onefold.core.identity.ProfileView;
import io.onefold.core.json.CanonicalJson;
import io.onefold.core.json.Json;
import io.onefold.core.json.ProfileJson;
import io.onefold.core.model.Observation;
import io.onefold.core.model.ProfileIdentifiers;
import io.onefold.core.rules.MergeRuleSet;
import io.onefold.core.rules.MergeRuleSetParser;
import io.onefold.core.schema.IdentifierNormalizer;
import io.onefold.core.schema.ProfileTemplate;
import io.onefold.core.schema.TemplateParser;
import io.onefold.core.testing.StoredProfilesEqualRebuild;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Shared fixtures of the engine properties: a template and rule set that exercise every strategy and option,
 * generators of observation specs, and the "profile modulo ids" comparison.
 *
 * <p>Observations are generated as small integer specs ({@link ObsSpec}) and turned into {@link Observation}s
 * by {@link #observation}, so that jqwik shrinks them to readable counterexamples.
 */
final class PropertyFixtures {
    private PropertyFixtures() {}

    // ------------------------------------------------------------------------------------------ configuration

    static final String TEMPLATE = """
            {
              "template_name": "PropertyProfile",
              "attributes": [
                {"name": "email", "type": "string", "is_identifier": true, "cardinality": "single", "normalization": "email",
                 "blocked_values": ["test@test.com"]},
                {"name": "phone_number", "type": "string", "is_identifier": true, "cardinality": "multiple", "normalization": "phone", "max_values": 5},
                {"name": "household_phone", "type": "string", "is_identifier": true, "cardinality": "single", "normalization": "phone",
                 "links_profiles": false},
                {"name": "device_id", "type": "string", "is_identifier": true, "cardinality": "multiple", "normalization": "none",
                 "links_profiles": false},
                {"name": "loyalty_tier", "type": "string"},
                {"name": "preferred_contact_method", "type": "string"},
                {"name": "last_interaction_timestamp", "type": "date"},
                {"name": "recent_intent", "type": "string"},
                {"name": "customer_since", "type": "date"},
                {"name": "first_seen_channel", "type": "string"},
                {"name": "lifetime_value", "type": "number"},
                {"name": "segment", "type": "string"},
                {"name": "postal_address", "type": "object"},
                {"name": "purchase_history", "type": "array", "max_values": 3},
                {"name": "interaction_channels", "type": "string", "cardinality": "multiple", "max_values": 3},
                {"name": "nickname", "type": "string"},
                {"name": "marketing_opt_in", "type": "boolean"}
              ]
            }""";

    /**
     * Every strategy (UNION with and without key), staleness on a source and on a rule, override sources,
     * null_behavior retract on a source and on a rule, update_behavior replace_all on a source and on a rule,
     * and the CRM as identifier authority.
     */
    static final String RULES = """
            {
              "rule_name": "PropertyRules",
              "identifier_authority": "crm",
              "default_strategy": "SOURCE_PRIORITY",
              "sources": [
                {"source_id": "crm", "priority": 1},
                {"source_id": "webchat", "priority": 2},
                {"source_id": "ivr", "priority": 3, "staleness_threshold": "P30D"},
                {"source_id": "app", "priority": 4, "null_behavior": "retract"},
                {"source_id": "pos", "priority": 5, "update_behavior": "replace_all"}
              ],
              "attribute_rules": [
                {"attribute_name": "loyalty_tier", "resolution_strategy": "SOURCE_PRIORITY"},
                {"attribute_name": "preferred_contact_method", "resolution_strategy": "SOURCE_PRIORITY", "override_sources": ["webchat", "app"]},
                {"attribute_name": "last_interaction_timestamp", "resolution_strategy": "MOST_RECENT"},
                {"attribute_name": "recent_intent", "resolution_strategy": "NEWER_WINS", "null_behavior": "retract"},
                {"attribute_name": "customer_since", "resolution_strategy": "MIN"},
                {"attribute_name": "first_seen_channel", "resolution_strategy": "OLDEST"},
                {"attribute_name": "lifetime_value", "resolution_strategy": "MAX"},
                {"attribute_name": "segment", "resolution_strategy": "MOST_FREQUENT"},
                {"attribute_name": "postal_address", "resolution_strategy": "SOURCE_PRIORITY", "staleness_threshold": "P90D"},
                {"attribute_name": "purchase_history", "resolution_strategy": "UNION", "key": "order_id"},
                {"attribute_name": "interaction_channels", "resolution_strategy": "UNION"},
                {"attribute_name": "marketing_opt_in", "resolution_strategy": "MOST_RECENT", "update_behavior": "replace_all"}
              ]
            }""";

    /** {@link #RULES} without any null_behavior / update_behavior: every null is ignored, every omission is "no opinion". */
    static final String IGNORE_RULES = RULES
            .replace(", \"null_behavior\": \"retract\"", "")
            .replace(", \"update_behavior\": \"replace_all\"", "");

    static final List<String> SOURCES = List.of("crm", "webchat", "ivr", "app", "pos");
    static final String AUTHORITY = "crm";

    static IdentityGraph graph() {
        return graph(RULES);
    }

    private static final IdentifierNormalizer NORMALIZER = new IdentifierNormalizer("US");
    private static final ProfileTemplate PARSED_TEMPLATE = new TemplateParser(NORMALIZER).parse(parse(TEMPLATE));
    private static final Map<String, MergeRuleSet> PARSED_RULES = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A fresh, empty graph; the template and rule set are immutable, so they are parsed once. After each try, its
     * profiles must equal their rebuild ({@link io.onefold.core.testing.RebuildAfterEveryTry}).
     */
    static IdentityGraph graph(String rulesJson) {
        MergeRuleSet rules = PARSED_RULES.computeIfAbsent(rulesJson, json -> MergeRuleSetParser.parse(parse(json)));
        return StoredProfilesEqualRebuild.watch(new IdentityGraph(PARSED_TEMPLATE, rules, NORMALIZER, ProfileIds.contentHash(), () -> Instant.EPOCH));
    }

    /**
     * A graph whose profile ids are issued by a counter (creation time: the creating observation's observed_at), for
     * sequences of operator actions. {@link ProfileIds#contentHash()} is made for {@code onefold resolve} (upserts
     * only): after a record deletion the same observation can legitimately create a profile again, and would get the
     * id of the first one. The server issues unique ids (UUIDv7), as this factory does.
     */
    static IdentityGraph sequentialGraph() {
        MergeRuleSet rules = PARSED_RULES.computeIfAbsent(RULES, json -> MergeRuleSetParser.parse(parse(json)));
        int[] next = {0};
        return StoredProfilesEqualRebuild.watch(new IdentityGraph(PARSED_TEMPLATE, rules, NORMALIZER,
                obs -> new NewProfileId(String.format("00000000-0000-8000-8000-%012d", ++next[0]), obs.observedAt()), () -> Instant.EPOCH));
    }

    static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------------------------------ value pools

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    /** Few instants, so that ties are common; spread so that the P30D and P90D staleness thresholds bite. */
    static final List<Instant> TIMES = List.of(T0, T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(45)), T0.plus(Duration.ofDays(130)));

    /** The non-identifier attributes, in the order of {@link ObsSpec#attributes()}. */
    static final List<String> ATTRIBUTES = List.of("loyalty_tier", "preferred_contact_method", "last_interaction_timestamp",
            "recent_intent", "customer_since", "first_seen_channel", "lifetime_value", "segment", "postal_address",
            "purchase_history", "interaction_channels", "nickname", "marketing_opt_in");
    /** Attributes an observation may flag {@code explicit} (bit i of {@link ObsSpec#explicitMask()}). */
    static final List<String> EXPLICIT_CANDIDATES = List.of("preferred_contact_method", "loyalty_tier", "recent_intent");

    private static final Map<String, List<JsonNode>> POOLS = new TreeMap<>();

    static {
        POOLS.put("loyalty_tier", texts("bronze", "silver", "gold"));
        POOLS.put("preferred_contact_method", texts("email", "sms", "phone"));
        POOLS.put("last_interaction_timestamp", texts("2026-01-02", "2026-01-02T10:00:00Z", "2026-01-01T23:00:00-02:00", "2026-03-01"));
        POOLS.put("recent_intent", texts("billing", "upgrade", "cancel"));
        POOLS.put("customer_since", texts("2019-05-01", "2019-05-01T00:00:00Z", "2018-07-07", "2020-02-29"));
        POOLS.put("first_seen_channel", texts("web", "store", "phone"));
        POOLS.put("lifetime_value", List.of(Json.NODES.numberNode(10), Json.NODES.numberNode(new BigDecimal("10.0")),
                Json.NODES.numberNode(new BigDecimal("250.5")), Json.NODES.numberNode(99)));
        POOLS.put("segment", texts("a", "b", "c"));
        POOLS.put("postal_address", List.of(parse("{\"city\": \"Paris\", \"zip\": \"75001\"}"), parse("{\"zip\": \"75001\", \"city\": \"Paris\"}"),
                parse("{\"city\": \"NYC\", \"zip\": \"10001\"}"), parse("{\"city\": \"Lyon\"}")));
        POOLS.put("purchase_history", List.of(parse("[{\"order_id\": \"o1\", \"total\": 10}]"),
                parse("[{\"order_id\": \"o1\", \"total\": 12.50}, {\"order_id\": \"o2\", \"total\": 5}]"),
                parse("[{\"order_id\": \"o3\", \"total\": 1}, {\"order_id\": \"o2\", \"total\": 5.0}]"), parse("[]")));
        POOLS.put("interaction_channels", List.of(Json.NODES.textNode("chat"), parse("[\"voice\", \"chat\"]"),
                parse("[\"email\", \"store\", \"chat\"]"), parse("[\"store\"]")));
        POOLS.put("nickname", texts("Al", "Bo", "Cy"));
        POOLS.put("marketing_opt_in", List.of(Json.NODES.booleanNode(true), Json.NODES.booleanNode(false)));
    }

    private static List<JsonNode> texts(String... values) {
        List<JsonNode> out = new ArrayList<>();
        for (String v : values) out.add(Json.NODES.textNode(v));
        return out;
    }

    static JsonNode value(String attribute, int index) {
        List<JsonNode> pool = POOLS.get(attribute);
        return pool.get(Math.floorMod(index, pool.size())).deepCopy();
    }

    // identifiers: every person has its own, never shared with another person

    static String email(int person, int variant) {
        return variant % 2 == 0 ? "person" + person + "@example.com" : "  Person" + person + "@EXAMPLE.com ";
    }

    /** The identifier authority's person sends two different emails from one CRM record over time. */
    static String authorityEmail(int person, int which) {
        return (which % 2 == 0 ? "first" : "second") + person + "@example.com";
    }

    static int phoneCount(int person) {
        return person % 2 == 0 ? 2 : 1;
    }

    static String phone(int person, int index, int variant) {
        String last4 = String.valueOf(1000 + person * 10 + index);
        return variant % 2 == 0 ? "+1 212 555 " + last4 : "(212) 555-" + last4;
    }

    static String household(int person) {
        return "646-555-" + (2000 + person);
    }

    static String device(int person) {
        return "device-" + person;
    }

    static String sourceRecordId(String source, int person, int which) {
        return source + "-" + person + "-" + (which == 0 ? "a" : "b");
    }

    static String authorityRecordId(int person) {
        return "crm-" + person + "-master";
    }

    // ------------------------------------------------------------------------------------------ specs

    /** Attribute choice: omitted. */
    static final int OMIT = -2;
    /** Attribute choice: an explicit JSON null (an empty list for a multiple attribute, when the spec's variant says so). */
    static final int NULL = -1;

    /**
     * One observation as small integers.
     *
     * @param srid       -1: no source_record_id; 0 or 1: one of the person's records in that source
     * @param email      -1: no email; otherwise a spelling variant (for the authority person: which of its two emails)
     * @param phones     bit i: carry phone i of the person (if it has one)
     * @param attributes per {@link #ATTRIBUTES}: {@link #OMIT}, {@link #NULL} or a value index
     */
    record ObsSpec(int person, int source, int srid, int time, int email, int phones, boolean household, boolean device,
                   List<Integer> attributes, int explicitMask) {
        record Head(int person, int source, int srid, int time, int email, int phones, boolean household, boolean device) {}
    }

    static Arbitrary<ObsSpec> obsSpecs(int persons) {
        Arbitrary<Integer> attributeChoice = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(OMIT)),
                Tuple.of(1, Arbitraries.just(NULL)),
                Tuple.of(4, Arbitraries.integers().between(0, 3)));
        Arbitrary<List<Integer>> attributes = attributeChoice.list().ofSize(ATTRIBUTES.size());
        Arbitrary<Integer> explicit = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(0)),
                Tuple.of(2, Arbitraries.integers().between(0, (1 << EXPLICIT_CANDIDATES.size()) - 1)));
        // person 0 (the identifier authority's case, when the scenario has one) a bit more often than the others
        Arbitrary<Integer> person = persons == 1 ? Arbitraries.just(0)
                : Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(0)), Tuple.of(persons - 1, Arbitraries.integers().between(1, persons - 1)));
        Arbitrary<ObsSpec.Head> head = Combinators.combine(
                person,
                Arbitraries.frequency(Tuple.of(3, 0), Tuple.of(2, 1), Tuple.of(2, 2), Tuple.of(2, 3), Tuple.of(2, 4)), // crm a bit more often
                Arbitraries.frequency(Tuple.of(2, -1), Tuple.of(1, 0), Tuple.of(1, 1)),
                Arbitraries.integers().between(0, TIMES.size() - 1),
                Arbitraries.frequency(Tuple.of(2, -1), Tuple.of(1, 0), Tuple.of(1, 1)),
                Arbitraries.integers().between(0, 3),
                Arbitraries.of(false, true),
                Arbitraries.frequency(Tuple.of(4, false), Tuple.of(1, true))).as(ObsSpec.Head::new);
        return Combinators.combine(head, attributes, explicit)
                .as((h, a, e) -> new ObsSpec(h.person(), h.source(), h.srid(), h.time(), h.email(), h.phones(), h.household(), h.device(), a, e));
    }

    /**
     * The observation a spec stands for. When {@code authorityPerson} is true, person 0 is the identifier authority's
     * case: its CRM observations all come from one record and carry one of its two emails and all its phones; its other
     * observations carry no email (only phones or a record id). Otherwise every person has one email.
     * <p>Every observation carries at least one linking identifier or a source_record_id; non-linking identifiers
     * (household phone, device id) travel only with the person's email, so they never decide matching on their own.
     */
    static Observation observation(ObsSpec s, boolean authorityPerson) {
        String source = SOURCES.get(s.source());
        int p = s.person();
        ObjectNode data = Json.object();
        String srid = s.srid() < 0 ? null : sourceRecordId(source, p, s.srid());
        boolean authorityCase = authorityPerson && p == 0;
        if (authorityCase && source.equals(AUTHORITY)) {
            srid = authorityRecordId(p);
            data.put("email", authorityEmail(p, Math.max(0, s.email())));
            ArrayNode phones = data.putArray("phone_number");
            for (int i = 0; i < phoneCount(p); i++) phones.add(phone(p, i, s.time()));
        } else {
            boolean email = !authorityCase && s.email() >= 0;
            List<String> phones = new ArrayList<>();
            for (int i = 0; i < phoneCount(p); i++) if ((s.phones() & (1 << i)) != 0) phones.add(phone(p, i, s.time() + i));
            if (!email && phones.isEmpty() && srid == null) {
                if (authorityCase) phones.add(phone(p, 0, 0));
                else email = true;
            }
            if (email) data.put("email", email(p, Math.max(0, s.email())));
            if (phones.size() == 1 && s.time() % 2 == 0) data.put("phone_number", phones.get(0));
            else if (!phones.isEmpty()) {
                ArrayNode list = data.putArray("phone_number");
                phones.forEach(list::add);
            }
            if (email && s.household()) data.put("household_phone", household(p));
            if (email && s.device()) data.putArray("device_id").add(device(p));
        }
        for (int i = 0; i < ATTRIBUTES.size(); i++) {
            String name = ATTRIBUTES.get(i);
            int choice = s.attributes().get(i);
            if (choice == OMIT) continue;
            if (choice == NULL) {
                if (name.equals("interaction_channels") && s.time() % 2 == 1) data.putArray(name);
                else data.putNull(name);
            } else {
                data.set(name, value(name, choice));
            }
        }
        List<String> explicit = new ArrayList<>();
        for (int i = 0; i < EXPLICIT_CANDIDATES.size(); i++) {
            if ((s.explicitMask() & (1 << i)) != 0 && data.has(EXPLICIT_CANDIDATES.get(i))) explicit.add(EXPLICIT_CANDIDATES.get(i));
        }
        return new Observation(source, data, TIMES.get(s.time()), srid, explicit, null);
    }

    static List<Observation> observations(List<ObsSpec> specs, boolean authorityPerson) {
        return specs.stream().map(s -> observation(s, authorityPerson)).toList();
    }

    // ------------------------------------------------------------------------------------------ comparisons

    /** One profile without its id: current identifiers, aliases and golden attributes, as canonical JSON. */
    static String withoutId(ProfileView v) {
        return CanonicalJson.of(withoutIdNode(v));
    }

    private static ObjectNode withoutIdNode(ProfileView v) {
        ObjectNode n = Json.object();
        n.set("identifiers", ProfileJson.identifiers(ProfileIdentifiers.asLists(v.identifiers().current())));
        n.set("aliases", ProfileJson.identifiers(ProfileIdentifiers.asLists(v.identifiers().aliases())));
        n.set("attributes", v.golden().attributes());
        return n;
    }

    /** Every active profile modulo ids, sorted: two graphs that agree here hold the same profiles. */
    static List<String> profilesModuloIds(IdentityGraph graph) {
        return graph.profiles().stream().map(PropertyFixtures::withoutId).sorted().toList();
    }

    /** Like {@link #profilesModuloIds}, with each profile's lineage too (which contribution won and why each lost). */
    static List<String> profilesWithLineageModuloIds(IdentityGraph graph) {
        return graph.profiles().stream().map(v -> {
            ObjectNode n = withoutIdNode(v);
            n.set("lineage", ProfileJson.lineage(v.golden().lineage()));
            return CanonicalJson.of(n);
        }).sorted().toList();
    }

    /** Asserts two {@link #profilesById} maps are equal, one profile at a time so that a failure shows only what differs. */
    static void assertSameProfiles(Map<String, String> actual, Map<String, String> expected, String description) {
        org.assertj.core.api.Assertions.assertThat(actual.keySet()).as("active profile ids; %s", description).isEqualTo(expected.keySet());
        for (String id : expected.keySet()) {
            org.assertj.core.api.Assertions.assertThat(actual.get(id)).as("profile %s; %s", id, description).isEqualTo(expected.get(id));
        }
    }

    /** Every active profile by id: identifiers, aliases, golden attributes and lineage. */
    static Map<String, String> profilesById(IdentityGraph graph, boolean withVersion) {
        Map<String, String> out = new TreeMap<>();
        for (ProfileView v : graph.profiles()) {
            ObjectNode n = ProfileJson.profile(v, true);
            if (withVersion) n.put("version", v.version());
            out.put(v.profileId(), CanonicalJson.of(n));
        }
        return out;
    }

    /** Observations as JSON lines, for failure messages. */
    static String describe(List<Observation> observations) {
        StringBuilder out = new StringBuilder();
        for (Observation o : observations) out.append("\n  ").append(describe(o));
        return out.toString();
    }

    static String describe(Observation o) {
        ObjectNode n = Json.object();
        n.put("source", o.source());
        if (o.sourceRecordId() != null) n.put("source_record_id", o.sourceRecordId());
        n.put("observed_at", o.observedAt().toString());
        n.set("profile_data", o.profileData());
        if (!o.explicit().isEmpty()) {
            ArrayNode explicit = n.putArray("explicit");
            o.explicit().forEach(explicit::add);
        }
        if (o.profileId() != null) n.put("profile_id", o.profileId());
        return CanonicalJson.of(n);
    }
}
