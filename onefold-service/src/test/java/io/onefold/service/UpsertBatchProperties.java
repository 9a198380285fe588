package io.onefold.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.core.testing.Fixtures;
import io.onefold.core.testing.StoredProfilesEqualRebuild;
import io.onefold.service.UpsertSender.Sent;
import io.onefold.service.UpsertSequences.Sequence;
import io.onefold.store.StoreRebuild;
import io.onefold.store.sqlite.SqliteProfileStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * The write pipeline's promise ({@link UpsertBatch}): upserts run together give what the same upserts sent one by one
 * give. A random sequence ({@link UpsertSequences}: creates, updates, partial records with explicit nulls, merges
 * through a shared phone, merge-guard conflicts, refusals, repeated idempotency keys, {@code profile_id}s, household
 * phones) is sent, after the same prelude, four ways, each into a store of its own:
 * <ol>
 *   <li>one by one through {@link ProfileService#upsert};</li>
 *   <li>through {@link UpsertBatch#run} in batches of 1, of 7, and of 512 (the whole sequence), each batch one writer
 *       transaction, its requests prepared as {@code upsert} prepares them.</li>
 * </ol>
 * Every answer (status, outcome or error code, replay, body), every stored profile (status, survivor, version,
 * identifiers, aliases, golden attributes, lineage) and every change event (in order) must be the same, profile ids
 * renamed by first appearance ({@link UpsertSnapshot}). Times are compared too: the clock stands still while the
 * sequence is sent (a batch stamps its upserts with one instant, one by one each would have its own: not what is
 * compared here), a little later than while the prelude was, so that a profile's {@code updated_at} tells whether the
 * sequence touched it.
 *
 * <p>Each try is a fresh organization in the four stores, opened once for the container: a store costs half a second
 * to open and close, a try's upserts a tenth of that. The writers check every cached cluster read against the database
 * (surefire's {@code onefold.cache.verify}), across organizations as a server's does, and every store's profile rows
 * must equal their rebuild when the container ends.
 */
class UpsertBatchProperties {
    private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
    /** What every store's clock says: moved by the test only. */
    private static final AtomicReference<Instant> CLOCK = new AtomicReference<>(START);
    /** 0: one by one; else the batch size. */
    private static final int[] WAYS = {0, 1, 7, SingleWriter.MAX_BATCH};
    private static final AtomicInteger TRIES = new AtomicInteger();
    private static Path root;
    private static final List<ServiceFixture> stores = new ArrayList<>();

    @BeforeContainer
    static void openStores() throws IOException {
        root = Files.createTempDirectory("onefold-upsert-batch");
        for (int way : WAYS) {
            Path dir = Files.createDirectory(root.resolve(way == 0 ? "one-by-one" : "batches-of-" + way));
            stores.add(new ServiceFixture(dir, SqliteProfileStore.open(dir, 4), new ServiceOptions("US", CLOCK::get), false));
        }
    }

    @AfterContainer
    static void checkAndDeleteStores() {
        try {
            for (ServiceFixture f : stores) f.close();
            for (ServiceFixture f : stores) {
                StoredProfilesEqualRebuild.verify(new StoreRebuild("SQLite store in " + f.dir, () -> SqliteProfileStore.open(f.dir, 1), "US"));
            }
        } finally {
            stores.clear();
            delete(root);
        }
    }

    @Provide
    Arbitrary<Sequence> sequences() {
        return UpsertSequences.sequences(60);
    }

    @Property(tries = 60, edgeCases = EdgeCasesMode.NONE)
    void batchesOfAnySizeAnswerStoreAndNotifyWhatOneByOneUpsertsDo(@ForAll("sequences") Sequence sequence) {
        int attempt = TRIES.incrementAndGet();
        String org = String.format("t%04d", attempt);
        Instant prelude = START.plus(Duration.ofHours(attempt));
        String oneByOne = run(stores.get(0), org, prelude, sequence, 0);
        for (int i = 1; i < WAYS.length; i++) {
            assertThat(run(stores.get(i), org, prelude, sequence, WAYS[i])).as("batches of %d", WAYS[i]).isEqualTo(oneByOne);
        }
        Statistics.label("requests").collect(sequence.ops().size() / 10 * 10);
        oneByOne.lines().takeWhile(l -> Character.isDigit(l.charAt(0)))
                .forEach(l -> Statistics.label("answers").collect(UpsertSequences.kind(l.substring(l.indexOf(' ') + 1))));
        oneByOne.lines().filter(l -> l.startsWith("profile.")).forEach(l -> Statistics.label("events").collect(l.substring(0, l.indexOf(' '))));
        Statistics.label("answers").coverage(c -> {
            for (String kind : List.of("merged", "IDENTIFIER_CONFLICT", "IDEMPOTENCY_KEY_REUSED", "NOT_FOUND", "VALIDATION_FAILED")) {
                c.check(kind).count(n -> n > 0);
            }
            c.checkQuery(k -> ((String) k.get(0)).endsWith("replayed")).count(n -> n > 0);
        });
    }

    /** Sends the prelude one by one, then the sequence one by one ({@code batch} 0) or in batches; its snapshot. */
    private static String run(ServiceFixture f, String org, Instant prelude, Sequence sequence, int batch) {
        CLOCK.set(prelude);
        f.service.createOrganization(org, org);
        f.service.configurations().createTemplate(org, Fixtures.exampleJson("omnichannel-template.json"));
        f.service.configurations().createRules(org, Fixtures.exampleJson("omnichannel-rules.json"));
        List<String> answers = new ArrayList<>();
        List<String> preludeIds = new ArrayList<>();
        for (Sent s : UpsertSequences.requests(sequence.prelude(), List.of())) {
            Object outcome = UpsertSender.oneByOne(f.service, org, s);
            answers.add(UpsertSnapshot.answer(outcome));
            preludeIds.add(outcome instanceof UpsertResponse r ? r.profileId() : null);
        }
        CLOCK.set(prelude.plus(Duration.ofMinutes(30)));
        List<Sent> sent = UpsertSequences.requests(sequence.ops(), preludeIds);
        if (batch == 0) {
            for (Sent s : sent) answers.add(UpsertSnapshot.answer(UpsertSender.oneByOne(f.service, org, s)));
        } else {
            for (int from = 0; from < sent.size(); from += batch) {
                UpsertSender.batch(f.service, org, sent.subList(from, Math.min(sent.size(), from + batch))).forEach(o -> answers.add(UpsertSnapshot.answer(o)));
            }
        }
        return UpsertSnapshot.of(f, org, answers);
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
