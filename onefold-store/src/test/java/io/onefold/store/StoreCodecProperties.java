package io.onefold.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.json.CanonicalJson;
import io.onefold.core.json.Json;
import io.onefold.core.json.JsonValues;
import io.onefold.core.json.ProfileJson;
import io.onefold.core.model.Contribution;
import io.onefold.core.model.ProfileIdentifiers;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The stored forms of records and identities are written straight as canonical text; every stored byte must stay what
 * the tree-based encoders gave (a tree of the same fields, canonicalized), whatever the attribute names, values and
 * times — the oracles below are those encoders as they were.
 */
class StoreCodecProperties {
    @Provide
    Arbitrary<SourceRecord> records() {
        Arbitrary<Instant> time = instants();
        Arbitrary<Contribution> contribution = Combinators.combine(JsonValues.texts(), JsonValues.values(), time,
                Arbitraries.of(false, true), Arbitraries.integers().between(0, 4)).as((name, value, t, explicit, kind) -> switch (kind) {
                    case 0, 1 -> Contribution.of(name, value, t, explicit);
                    case 2 -> Contribution.retraction(name, t);
                    case 3 -> Contribution.omission(name, t);
                    // every flag together, as no factory makes it: the encoder must still write each of them
                    default -> new Contribution(name, value, CanonicalJson.of(value), t, explicit, true);
                });
        return Combinators.combine(contribution.list().ofMaxSize(8), time.injectNull(0.2), time.injectNull(0.2), Arbitraries.of(false, true))
                .as((cs, first, last, lastIsAContributions) -> {
                    Map<String, Contribution> byName = new TreeMap<>();
                    cs.forEach(c -> byName.put(c.attribute(), c));
                    // as in stored records, contributions mostly carry the record's last observation (stored without "t")
                    Instant l = lastIsAContributions && !cs.isEmpty() ? cs.get(0).observedAt() : last;
                    return new SourceRecord(SourceRecordKey.explicit("crm", "1"), byName, first, l);
                });
    }

    /** A few times per record, so that contributions share them; from the whole range, with every precision of nanos. */
    private static Arbitrary<Instant> instants() {
        Arbitrary<Long> seconds = Arbitraries.oneOf(
                Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()),
                Arbitraries.longs().between(0, 4_102_444_800L),
                Arbitraries.of(0L, -1L, 1_700_000_000L, 253_402_300_799L, 253_402_300_800L, -62_167_219_200L, -62_167_219_201L));
        Arbitrary<Integer> nanos = Arbitraries.oneOf(Arbitraries.of(0), Arbitraries.integers().between(0, 999).map(m -> m * 1_000_000),
                Arbitraries.integers().between(0, 999_999).map(u -> u * 1_000), Arbitraries.integers().between(0, 999_999_999));
        return Combinators.combine(seconds, nanos).as(Instant::ofEpochSecond);
    }

    @Property(tries = 1000)
    void a_record_is_stored_as_the_tree_encoder_stored_it(@ForAll("records") SourceRecord record) {
        assertThat(StoreCodec.record(record)).isEqualTo(recordAsTree(record));
    }

    @Property(tries = 200)
    void a_stored_record_read_back_is_stored_again_unchanged(@ForAll("records") SourceRecord record) {
        // (a value marked implied is made by no factory, and reads back as a plain value)
        Assume.that(record.contributions().values().stream().noneMatch(c -> c.implied() && !c.retracted()));
        String stored = StoreCodec.record(record);
        assertThat(StoreCodec.record(StoreCodec.record(record.key(), stored))).isEqualTo(stored);
    }

    @Provide
    Arbitrary<ProfileIdentifiers> identifiers() {
        Arbitrary<SortedMap<String, SortedSet<String>>> values = Arbitraries.maps(JsonValues.texts(),
                JsonValues.texts().set().ofMaxSize(4).map(s -> (SortedSet<String>) new TreeSet<>(s))).ofMaxSize(5).map(TreeMap::new);
        return Combinators.combine(values, values).as(ProfileIdentifiers::new);
    }

    @Property(tries = 1000)
    void an_identity_is_stored_as_the_tree_encoder_stored_it(@ForAll("identifiers") ProfileIdentifiers ids) {
        assertThat(StoreCodec.identity(ids)).isEqualTo(identityAsTree(ids));
    }

    @Property(tries = 500)
    void a_body_stored_before_contributions_at_the_last_observation_lost_their_time_reads_the_same(@ForAll("records") SourceRecord record) {
        Assume.that(record.contributions().values().stream().noneMatch(c -> c.implied() && !c.retracted()));
        // the earlier form: every contribution with its "t"
        ObjectNode old = (ObjectNode) StoreCodec.parse(StoreCodec.record(record));
        old.path("c").fields().forEachRemaining(e -> ((ObjectNode) e.getValue()).put("t", record.contributions().get(e.getKey()).observedAt().toString()));
        assertThat(StoreCodec.record(StoreCodec.record(record.key(), CanonicalJson.of(old)))).isEqualTo(StoreCodec.record(record));
    }

    @Property(tries = 500)
    void a_stored_record_reads_back_as_the_record_it_was(@ForAll("records") SourceRecord record) {
        Assume.that(record.contributions().values().stream().noneMatch(c -> c.implied() && !c.retracted()));
        SourceRecord read = StoreCodec.record(record.key(), StoreCodec.record(record));
        assertThat(read.lastObservedAt()).isEqualTo(record.lastObservedAt());
        assertThat(read.firstObservedAt()).isEqualTo(record.firstObservedAt());
        record.contributions().forEach((attribute, c) -> {
            assertThat(read.contributions().get(attribute).observedAt()).as(attribute).isEqualTo(c.observedAt());
            assertThat(read.contributions().get(attribute).retracted()).as(attribute).isEqualTo(c.retracted());
        });
    }

    /** The record encoder before it wrote text directly (a contribution observed at the record's last observation without "t"). */
    private static String recordAsTree(SourceRecord record) {
        ObjectNode out = Json.object();
        if (record.firstObservedAt() != null) out.put("f", record.firstObservedAt().toString());
        if (record.lastObservedAt() != null) out.put("l", record.lastObservedAt().toString());
        ObjectNode c = out.putObject("c");
        new TreeMap<>(record.contributions()).forEach((attr, contribution) -> {
            ObjectNode e = c.putObject(attr);
            if (!contribution.retracted()) e.set("v", contribution.value());
            if (!contribution.observedAt().equals(record.lastObservedAt())) e.put("t", contribution.observedAt().toString());
            if (contribution.explicit()) e.put("x", true);
            if (contribution.implied()) e.put("i", true);
        });
        return CanonicalJson.of(out);
    }

    /** The identity encoder before it wrote text directly. */
    private static String identityAsTree(ProfileIdentifiers ids) {
        ObjectNode out = Json.object();
        out.set("current", ProfileJson.identifiers(ProfileIdentifiers.asLists(ids.current())));
        out.set("aliases", ProfileJson.identifiers(ProfileIdentifiers.asLists(ids.aliases())));
        return CanonicalJson.of(out);
    }
}
