package io.onefold.benchmarks;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.identity.ProfileIds;
import io.onefold.core.json.Json;
import io.onefold.core.model.Contribution;
import io.onefold.core.model.NormalizedObservation;
import io.onefold.core.model.Observation;
import io.onefold.core.model.ProfileIdentifiers;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.core.resolution.GoldenProfile;
import io.onefold.core.resolution.Resolver;
import io.onefold.core.rules.MergeRuleSet;
import io.onefold.core.schema.ObservationValidator;
import io.onefold.core.schema.ProfileTemplate;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * <b>Question:</b> how long does the pure resolver take to fold one customer's profile — 20 attributes of
 * every type and strategy, contributed by three source records (a CRM contact, a web-chat record and a voice-IVR
 * record) — into its golden values and lineage? This is the work the identity graph repeats after every
 * accepted upsert, so it bounds the engine's single-thread upsert rate.
 *
 * <p>Measures {@code new Resolver(template, rules).resolve(records, identifiers)}, constructor included (it is
 * two field stores). The records are built once in {@link #setUp()} from realistic observations run through the
 * engine's own {@link ObservationValidator}, so every contribution holds the canonical value the graph would
 * store: the CRM contributes 18 attributes, chat 10, IVR 9; IVR's address is more than 90 days older than
 * the CRM's (stale), chat's contact method is an explicit override, the three sources disagree on
 * {@code preferred_store} (MOST_FREQUENT), and the email has a retired alias.
 *
 * <p>Run (from the repository root, after {@code mvn -B -DskipTests package}):
 * <pre>
 * java -jar onefold-benchmarks/target/benchmarks.jar ResolveBenchmark -f 1 -wi 3 -i 5
 * </pre>
 * Two methods run the same resolve: {@code throughput} reports ops/s, {@code averageTime} µs/op (about 90 s
 * for both). Add {@code -prof gc} for the allocation per resolve, {@code -prof jfr} for where the time goes.
 */
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ResolveBenchmark {
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    private ProfileTemplate template;
    private MergeRuleSet rules;
    private List<SourceRecord> records;
    private ProfileIdentifiers identifiers;

    @Setup
    public void setUp() {
        template = OmnichannelFixture.template();
        rules = OmnichannelFixture.rules();
        ObservationValidator validator = new ObservationValidator(template, OmnichannelFixture.normalizer());

        List<Observation> observations = List.of(crm(), chat(), ivr());
        records = new ArrayList<>();
        for (Observation o : observations) {
            NormalizedObservation n = validator.validate(o);
            SourceRecordKey key = n.sourceRecordId() != null
                    ? SourceRecordKey.explicit(n.source(), n.sourceRecordId())
                    : SourceRecordKey.implicit(n.source(), "0190f3a4-7c1e-7b2a-9d4e-5f6a7b8c9d0e");
            List<Contribution> contributions = new ArrayList<>();
            n.values().forEach((name, value) -> contributions.add(Contribution.of(name, value, n.observedAt(), n.explicit().contains(name))));
            records.add(SourceRecord.empty(key).apply(contributions, n.observedAt()));
        }

        SortedMap<String, SortedSet<String>> current = new TreeMap<>();
        current.put("email", new TreeSet<>(List.of("maria.gonzalez.1983@example.com")));
        current.put("phone_number", new TreeSet<>(List.of("+14155550123", "+16175550188")));
        current.put("household_phone", new TreeSet<>(List.of("+14155550100")));
        SortedMap<String, SortedSet<String>> aliases = new TreeMap<>();
        aliases.put("email", new TreeSet<>(List.of("m.gonzalez@oldmail.example.net")));
        identifiers = new ProfileIdentifiers(current, aliases);

        check(observations, validator);
    }

    /** Resolves per second. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public GoldenProfile throughput() {
        return resolve();
    }

    /** Microseconds per resolve (the same work as {@link #throughput()}, reported the other way round). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public GoldenProfile averageTime() {
        return resolve();
    }

    private GoldenProfile resolve() {
        return new Resolver(template, rules).resolve(records, identifiers);
    }

    /**
     * The fixture must be what the engine itself would build: the same observations through an
     * {@link IdentityGraph} resolve to the same golden values, and every attribute is resolved.
     */
    private void check(List<Observation> observations, ObservationValidator validator) {
        GoldenProfile ours = resolve();
        if (ours.lineage().size() != 20) throw new IllegalStateException("expected lineage for 20 attributes, got " + ours.lineage().keySet());
        IdentityGraph graph = new IdentityGraph(template, rules, OmnichannelFixture.normalizer(), ProfileIds.contentHash(), () -> NOW);
        String id = null;
        for (Observation o : observations) id = graph.upsert(o).profileId();
        ObjectNode theirs = graph.rebuild(id).attributes().deepCopy();
        ObjectNode mine = ours.attributes().deepCopy();
        // identifiers differ on purpose (this fixture adds an alias and a second phone from outside the records)
        for (String identifier : List.of("email", "phone_number", "household_phone")) {
            theirs.remove(identifier);
            mine.remove(identifier);
        }
        if (!theirs.equals(mine)) throw new IllegalStateException("fixture disagrees with the engine:\n" + mine + "\n" + theirs);
    }

    // ------------------------------------------------------------------------------------------ the three records

    static Observation crm() {
        ObjectNode d = Json.object();
        d.put("email", "Maria.Gonzalez.1983@Example.com");
        d.putArray("phone_number").add("(415) 555-0123").add("+1 617 555 0188");
        d.put("household_phone", "415-555-0100");
        d.put("first_name", "María");
        d.put("last_name", "González");
        d.put("birth_date", "1983-04-17");
        d.put("loyalty_tier", "gold");
        d.put("preferred_contact_method", "email");
        ObjectNode address = d.putObject("postal_address");
        address.put("street", "1200 Valencia St Apt 4");
        address.put("city", "San Francisco");
        address.put("region", "CA");
        address.put("postal_code", "94110");
        address.put("country", "US");
        d.put("customer_since", "2014-09-02");
        d.put("first_seen_channel", "store");
        d.put("lifetime_value", new BigDecimal("4812.35"));
        ArrayNode orders = d.putArray("purchase_history");
        for (int i = 0; i < 8; i++) {
            ObjectNode order = orders.addObject();
            order.put("order_id", "SO-2026-" + (10417 + i * 131));
            order.put("placed_at", "2026-0" + (1 + i) + "-1" + i + "T15:2" + i + ":00Z");
            order.put("total", new BigDecimal(39 + i * 17 + ".90"));
            order.put("store", i % 3 == 0 ? "online" : "SF-Mission");
        }
        d.putArray("interaction_channels").add("store").add("email");
        d.put("marketing_opt_in", false);
        d.put("visit_count", 27);
        d.put("preferred_store", "SF-Mission");
        d.put("last_purchase_at", "2026-08-18T15:27:00Z");
        return new Observation(OmnichannelFixture.CRM, d, Instant.parse("2026-11-20T08:00:00Z"), "003Hs00001Zk9QAB", List.of(), null);
    }

    private static Observation chat() {
        ObjectNode d = Json.object();
        d.put("email", "  maria.gonzalez.1983@example.com ");
        d.put("phone_number", "+14155550123");
        d.put("preferred_contact_method", "sms");
        d.put("recent_intent", "order_status");
        d.put("last_interaction_timestamp", "2026-11-27T19:42:10Z");
        d.putArray("interaction_channels").add("chat");
        d.put("first_seen_channel", "chat");
        d.put("marketing_opt_in", true);
        d.put("visit_count", 31);
        d.put("preferred_store", "SF-Castro");
        return new Observation(OmnichannelFixture.CHAT, d, Instant.parse("2026-11-27T19:42:10Z"), null,
                List.of("preferred_contact_method", "marketing_opt_in"), null);
    }

    private static Observation ivr() {
        ObjectNode d = Json.object();
        d.put("phone_number", "415.555.0123");
        d.put("recent_intent", "billing_question");
        d.put("last_interaction_timestamp", "2026-07-02T16:05:00Z");
        d.putArray("interaction_channels").add("voice");
        d.put("first_seen_channel", "voice");
        ObjectNode address = d.putObject("postal_address");
        address.put("street", "88 Hoff St");
        address.put("city", "San Francisco");
        address.put("region", "CA");
        address.put("postal_code", "94110");
        address.put("country", "US");
        d.put("customer_since", "2013-11-30");
        d.put("lifetime_value", new BigDecimal("3977.10"));
        d.put("preferred_store", "SF-Mission");
        return new Observation(OmnichannelFixture.IVR, d, Instant.parse("2026-07-02T16:05:00Z"), null, List.of(), null);
    }
}
