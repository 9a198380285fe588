package io.onefold.store;

import static io.onefold.core.testing.Fixtures.obs;
import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Transactions as the service sees them ({@link WriteSession#transact}, {@link WriteSession#atomically}): units of
 * work each atomic alone, a unit that meets another writer ending the transaction after what ran before it, a store
 * that can only undo everything reporting the transaction lost, readers seeing nothing before the commit.
 */
public interface TransactionContract extends StoreFixture {
    /** A unit of work that upserts {@code o} and returns the profile id. */
    private Supplier<String> upserting(WriteSession s, io.onefold.core.model.Observation o) {
        return () -> upsert(s, o);
    }

    @Test
    default void aUnitThatThrowsIsUndoneAloneAndTheOthersCommit() {
        try (WriteSession s = store().openWriteSession()) {
            List<Supplier<?>> units = new ArrayList<>(List.of(
                    upserting(s, obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"kept@example.com\"}")),
                    () -> {
                        upsert(s, obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"dropped@example.com\"}"));
                        throw new IllegalStateException("refused after writing");
                    },
                    upserting(s, obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"later@example.com\"}"))));
            TransactionResult r = s.transact(units, epoch -> {});
            if (r instanceof TransactionResult.Lost lost) {
                // the store undid the whole transaction instead: the writer runs the other units again
                assertThat(lost.at()).isEqualTo(1);
                assertThat(lost.error()).hasMessage("refused after writing");
                units.remove(1);
                r = s.transact(units, epoch -> {});
                assertThat(r).isInstanceOf(TransactionResult.Committed.class);
            } else {
                TransactionResult.Committed c = (TransactionResult.Committed) r;
                assertThat(c.outcomes()).hasSize(3);
                assertThat(c.outcomes().get(0).value()).isNotNull();
                assertThat(c.outcomes().get(1).error()).hasMessage("refused after writing");
                assertThat(c.outcomes().get(2).error()).isNull();
            }
        }
        assertThat(store().profiles().ownerOf(ORG, "email", "kept@example.com")).isPresent();
        assertThat(store().profiles().ownerOf(ORG, "email", "later@example.com")).isPresent();
        assertThat(store().profiles().ownerOf(ORG, "email", "dropped@example.com")).isEmpty();
    }

    @Test
    default void aUnitRefusedBeforeItWroteIsUndoneAloneAndTakesItsEventsWithIt() {
        TransactionResult r;
        try (WriteSession s = store().openWriteSession()) {
            r = s.transact(List.of(
                    () -> s.profiles().appendChange(new ChangeEvent(0, ORG, "p1", "profile.updated", NOW, Json.object().put("n", 1))),
                    () -> {
                        s.profiles().ownerOf(ORG, "email", "nobody@example.com");
                        s.profiles().appendChange(new ChangeEvent(0, ORG, "p2", "profile.updated", NOW, Json.object().put("n", 2)));
                        throw new IllegalArgumentException("refused");
                    }), epoch -> {});
        }
        assertThat(r).isInstanceOfSatisfying(TransactionResult.Committed.class, c -> {
            assertThat(c.outcomes()).extracting(u -> u.error() == null ? null : u.error().getMessage()).containsExactly(null, "refused");
            assertThat(c.cutBy()).isNull();
        });
        assertThat(store().profiles().changesSince(ORG, 0, 10)).extracting(ChangeEvent::profileId).containsExactly("p1");
    }

    @Test
    default void aUnitMeetingAnotherWriterEndsTheTransactionAndWhatRanBeforeCommits() {
        List<String> ran = new ArrayList<>();
        TransactionResult r;
        try (WriteSession s = store().openWriteSession()) {
            r = s.transact(List.of(
                    () -> ran.add(upsert(s, obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"first@example.com\"}"))),
                    () -> {
                        ran.add("blocked");
                        throw new TransientStoreException("a key is locked by another node");
                    },
                    () -> ran.add("never")), epoch -> ran.add("begun"));
        }
        assertThat(ran).hasSize(3).startsWith("begun").endsWith("blocked");
        assertThat(r).isInstanceOfSatisfying(TransactionResult.Committed.class, c -> {
            assertThat(c.outcomes()).hasSize(1);
            assertThat(c.cutBy()).hasMessageContaining("locked by another node");
        });
        assertThat(store().profiles().ownerOf(ORG, "email", "first@example.com")).isPresent();
    }

    @Test
    default void anAtomicSectionThatThrowsLeavesNoWriteAndTheUnitGoesOn() {
        TransactionResult r;
        try (WriteSession s = store().openWriteSession()) {
            r = s.transact(List.of(() -> {
                s.atomically(() -> upsert(s, obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"whole@example.com\"}")));
                try {
                    s.atomically(() -> {
                        upsert(s, obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"partial@example.com\"}"));
                        throw new IllegalStateException("half way");
                    });
                } catch (IllegalStateException e) {
                    assertThat(e).hasMessage("half way");
                }
                // (a store whose savepoints are marks can only undo the whole transaction: TransactionLostException
                // leaves the unit, and the transaction is Lost)
                return null;
            }), epoch -> {});
        }
        if (r instanceof TransactionResult.Lost) {
            assertThat(store().profiles().ownerOf(ORG, "email", "whole@example.com")).isEmpty();
        } else {
            assertThat(r).isInstanceOf(TransactionResult.Committed.class);
            assertThat(store().profiles().ownerOf(ORG, "email", "whole@example.com")).isPresent();
        }
        assertThat(store().profiles().ownerOf(ORG, "email", "partial@example.com")).isEmpty();
    }

    @Test
    default void readersNeverSeeUncommittedWritesAndSeeCommittedOnesAtOnce() {
        write(s -> {
            upsert(s, obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"pending@example.com\"}"));
            assertThat(s.profiles().ownerOf(ORG, "email", "pending@example.com")).as("the writer sees its own write").isPresent();
            assertThat(store().profiles().ownerOf(ORG, "email", "pending@example.com")).as("a reader does not, yet").isEmpty();
        });
        assertThat(store().profiles().ownerOf(ORG, "email", "pending@example.com")).isPresent();
    }

    @Test
    default void aUnitThatThrowsLeavesNothingOfAnyConcern() {
        TransactionResult r;
        try (WriteSession s = store().openWriteSession()) {
            r = s.transact(List.of(() -> {
                upsert(s, obs("webchat_middleware", "2026-11-01T00:00:00Z", "{\"email\":\"undone@example.com\"}"));
                s.configuration().putConfig(ORG, ConfigKind.RULES, "r", Json.object(), NOW);
                s.jobs().putJob(new Job("j", ORG, "re-resolve", "RUNNING", 1, 0, Json.object(), NOW, NOW));
                s.idempotency().putIdempotency(new IdempotencyRecord(ORG, "k", "h", 201, "{}", "p", NOW));
                s.profiles().appendChange(new ChangeEvent(0, ORG, "p", "profile.created", NOW, Json.object()));
                throw new IllegalStateException("refused at the end");
            }), epoch -> {});
        }
        assertThat(r).isInstanceOfAny(TransactionResult.Committed.class, TransactionResult.Lost.class);
        assertThat(store().profiles().ownerOf(ORG, "email", "undone@example.com")).isEmpty();
        assertThat(store().profiles().countActiveProfiles(ORG)).isZero();
        assertThat(store().configuration().configs(ORG, ConfigKind.RULES)).isEmpty();
        assertThat(store().jobs().job(ORG, "j")).isEmpty();
        assertThat(store().idempotency().idempotency(ORG, "k")).isEmpty();
        assertThat(store().profiles().latestPosition(ORG)).isZero();
    }
}
