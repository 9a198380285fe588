package io.onefold.store;

import io.onefold.core.identity.GraphChanges;
import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.model.Observation;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.core.testing.Fixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * What every store contract works with: a fresh store holding the organization {@link #ORG}, and the ways to write to
 * it. {@link ProfileStoreContract} provides the store; the contracts by concern ({@link ProfileContract},
 * {@link ChangeStreamContract}, {@link ConfigurationContract}, {@link AccessContract}, {@link WebhookContract},
 * {@link JobContract}, {@link IdempotencyContract}, {@link SearchContract}) are interfaces whose default methods are the tests.
 */
public interface StoreFixture {
    String ORG = "acme";
    Set<String> NON_LINKING = Set.of("household_phone");
    /** The attributes {@link #upsert} indexes for search (a string, a list of strings, a number). */
    Set<String> SEARCHABLE = Set.of("loyalty_tier", "interaction_channels", "lifetime_value");
    Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    /** The store under test, open for the current test. */
    ProfileStore store();

    /** Runs {@code work} as one unit of a committed transaction (undone, and rethrown, when it throws). */
    default void write(Consumer<WriteSession> work) {
        write(work, s -> {});
    }

    /**
     * Runs {@code work}, then {@code beforeCommit}, as one unit of a transaction, then commits: in {@code beforeCommit}
     * the session sees its own writes while the store's readers must not see them yet.
     */
    default void write(Consumer<WriteSession> work, Consumer<WriteSession> beforeCommit) {
        try (WriteSession s = store().openWriteSession()) {
            TransactionResult r = s.transact(List.of(() -> {
                work.accept(s);
                beforeCommit.accept(s);
                return null;
            }), epoch -> {});
            Throwable error = switch (r) {
                case TransactionResult.Committed c -> c.cutBy() != null ? c.cutBy() : c.outcomes().get(0).error();
                case TransactionResult.Lost l -> l.error();
                case TransactionResult.Failed f -> f.error();
            };
            if (error instanceof RuntimeException e) throw e;
            if (error instanceof Error e) throw e;
        }
    }

    /** Runs one observation the way the service does: load what it reaches, run the engine, apply the changes. */
    default String upsert(WriteSession s, Observation o) {
        return upsert(s, o, changes -> changes);
    }

    /** {@link #upsert(WriteSession, Observation)}, with what the engine changed edited before it is applied. */
    default String upsert(WriteSession s, Observation o, UnaryOperator<GraphChanges> edit) {
        IdentityGraph g = Fixtures.omnichannelGraph();
        List<String> seeds = new ArrayList<>();
        o.profileData().fields().forEachRemaining(e -> {
            if (e.getValue().isTextual()) s.profiles().ownerOf(ORG, e.getKey(), e.getValue().textValue().toLowerCase()).ifPresent(seeds::add);
        });
        if (o.sourceRecordId() != null) s.profiles().recordOwner(ORG, SourceRecordKey.explicit(o.source(), o.sourceRecordId())).ifPresent(seeds::add);
        Fragment f = s.profiles().fragment(ORG, seeds);
        g.load(f.nodes(), f.records(), f.links());
        String id = g.upsert(o).profileId();
        GraphChanges changes = edit.apply(g.changes());
        s.profiles().apply(ORG, f, changes, NON_LINKING, SEARCHABLE, NOW);
        return id;
    }
}
