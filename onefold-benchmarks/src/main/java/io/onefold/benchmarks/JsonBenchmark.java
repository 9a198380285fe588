package io.onefold.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.identity.ProfileIds;
import io.onefold.core.json.CanonicalJson;
import io.onefold.core.json.Json;
import io.onefold.core.model.NormalizedObservation;
import io.onefold.core.model.Observation;
import io.onefold.core.model.ObservationParser;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.core.schema.ObservationValidator;
import io.onefold.store.StoreCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
 * The JSON work of one upsert, step by step, on the fixture's CRM record (20 attributes, 8 orders):
 * what the HTTP thread and the single writer pay per upsert besides the engine.
 *
 * <ul>
 *   <li>{@code parseBody}: the request body's bytes to a Jackson tree (every upsert, on the caller's thread);</li>
 *   <li>{@code parseAndValidate}: the tree to a checked observation (shape, template, identifier normalization);</li>
 *   <li>{@code encodeRecord} / {@code decodeRecord}: a source record to the store's JSON text and back (the writer
 *       writes every changed record; a cluster load decodes every record of the cluster);</li>
 *   <li>{@code canonicalGolden} / {@code parseGolden}: the golden record to the canonical JSON kept on the profile row
 *       (every write) and back (every read).</li>
 * </ul>
 *
 * <p>Command: {@code java -jar onefold-benchmarks/target/benchmarks.jar JsonBenchmark -f 1 -wi 3 -i 5} (5-s iterations,
 * about 3 minutes); add {@code -prof gc} for allocation per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class JsonBenchmark {
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

    private byte[] body;
    private JsonNode tree;
    private ObservationValidator validator;
    private SourceRecord record;
    private String recordText;
    private ObjectNode golden;
    private String goldenText;

    @Setup
    public void setUp() throws IOException {
        Observation crm = ResolveBenchmark.crm();
        ObjectNode b = Json.object();
        b.put("source", crm.source());
        b.put("source_record_id", crm.sourceRecordId());
        b.put("observed_at", crm.observedAt().toString());
        b.set("profile_data", crm.profileData());
        body = b.toString().getBytes(StandardCharsets.UTF_8);
        tree = Json.MAPPER.readTree(body);
        validator = new ObservationValidator(OmnichannelFixture.template(), OmnichannelFixture.normalizer());
        IdentityGraph g = new IdentityGraph(OmnichannelFixture.template(), OmnichannelFixture.rules(), OmnichannelFixture.normalizer(), ProfileIds.contentHash(), () -> NOW);
        String id = g.upsert(crm).profileId();
        record = g.records().stream().filter(r -> r.key().equals(SourceRecordKey.explicit(crm.source(), crm.sourceRecordId()))).findFirst().orElseThrow();
        recordText = StoreCodec.record(record);
        golden = g.get(id).orElseThrow().golden().attributes();
        goldenText = CanonicalJson.of(golden);
        if (!StoreCodec.record(StoreCodec.record(record.key(), recordText)).equals(recordText)) throw new IllegalStateException("the record does not survive its encoding");
    }

    @Benchmark
    public JsonNode parseBody() throws IOException {
        return Json.MAPPER.readTree(body);
    }

    @Benchmark
    public NormalizedObservation parseAndValidate() {
        return validator.validate(ObservationParser.parse(tree, NOW));
    }

    @Benchmark
    public String encodeRecord() {
        return StoreCodec.record(record);
    }

    @Benchmark
    public SourceRecord decodeRecord() {
        return StoreCodec.record(record.key(), recordText);
    }

    @Benchmark
    public String canonicalGolden() {
        return CanonicalJson.of(golden);
    }

    @Benchmark
    public JsonNode parseGolden() {
        return StoreCodec.parse(goldenText);
    }
}
