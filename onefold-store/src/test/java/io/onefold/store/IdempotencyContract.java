package io.onefold.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The store contract for {@link IdempotencyReads} and {@link IdempotencyWrites}. */
public interface IdempotencyContract extends StoreFixture {
    @Test
    default void anIdempotencyRecordRoundTripsWithinItsOrganizationAndTheSessionSeesItBeforeTheCommit() {
        IdempotencyRecord answer = new IdempotencyRecord(ORG, "k", "h", 201, "{\"profile_id\":\"p\"}", "p", NOW);
        write(s -> s.idempotency().putIdempotency(answer), s -> {
            assertThat(s.idempotency().idempotency(ORG, "k")).contains(answer);
            assertThat(store().idempotency().idempotency(ORG, "k")).as("a reader, before the commit").isEmpty();
        });
        assertThat(store().idempotency().idempotency(ORG, "k")).contains(answer);
        assertThat(store().idempotency().idempotency("other", "k")).isEmpty();
        assertThat(store().idempotency().idempotency(ORG, "nope")).isEmpty();
    }

    @Test
    default void anIdempotencyRecordIsFoundByItsProfileAndBecomesATombstoneWithoutTheRequestOrTheAnswer() {
        write(s -> {
            s.idempotency().putIdempotency(new IdempotencyRecord(ORG, "k1", "hash", 201, "{\"profile_id\":\"p\",\"email\":\"ann@example.com\"}", "p", NOW));
            s.idempotency().putIdempotency(new IdempotencyRecord(ORG, "k3", "hash", 200, "{\"profile_id\":\"p\"}", "p", NOW));
            s.idempotency().putIdempotency(new IdempotencyRecord(ORG, "k2", "hash", 200, "{\"profile_id\":\"q\"}", "q", NOW));
            s.idempotency().putIdempotency(new IdempotencyRecord("other", "k4", "hash", 200, "{\"profile_id\":\"p\"}", "p", NOW));
        });
        assertThat(store().idempotency().idempotencyOf(ORG, List.of("p", "r"))).extracting(IdempotencyRecord::key).containsExactlyInAnyOrder("k1", "k3");
        assertThat(store().idempotency().idempotencyOf(ORG, List.of())).isEmpty();
        write(s -> s.idempotency().idempotencyOf(ORG, List.of("p")).forEach(r -> s.idempotency().putIdempotency(r.tombstone())));
        assertThat(store().idempotency().idempotency(ORG, "k1")).hasValueSatisfying(r -> {
            assertThat(r.erased()).isTrue();
            assertThat(r.response() + r.requestHash()).doesNotContain("ann@example.com").doesNotContain("hash");
            assertThat(r.profileId()).isEqualTo("p");
        });
        assertThat(store().idempotency().idempotency(ORG, "k2")).hasValueSatisfying(r -> assertThat(r.erased()).isFalse());
        assertThat(store().idempotency().idempotency("other", "k4")).as("another organization's record of the same id")
                .hasValueSatisfying(r -> assertThat(r.erased()).isFalse());
    }
}
