package io.onefold.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.core.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The store contract for the change stream of {@link ProfileReads} and {@link ProfileWrites}: appended changes, read by
 * profile and from a position, rewritten by an erasure and purged by retention.
 */
public interface ChangeStreamContract extends StoreFixture {
    private static ChangeEvent change(String profileId, String type, Instant at, int n) {
        return new ChangeEvent(0, ORG, profileId, type, at, Json.object().put("n", n));
    }

    @Test
    default void changesGetIncreasingPositionsAndAreReadByProfileAndFromAPosition() {
        assertThat(store().profiles().latestPosition(ORG)).as("no change yet").isZero();
        assertThat(store().profiles().changesSince(ORG, 0, 10)).isEmpty();
        write(s -> {
            for (int i = 0; i < 4; i++) s.profiles().appendChange(change(i == 1 ? "p2" : "p1", "profile.updated", NOW, i));
            s.profiles().appendChange(new ChangeEvent(0, "other", "p1", "profile.created", NOW, Json.object().put("n", 9)));
        }, s -> assertThat(store().profiles().changesSince(ORG, 0, 10)).as("a reader, before the commit").isEmpty());
        // a store may assign positions at commit (PostgreSQL does, so that position order is commit order)
        List<ChangeEvent> all = store().profiles().changesSince(ORG, 0, 10);
        assertThat(all).extracting(e -> e.payload().get("n").asInt()).as("in append order, this organization's only").containsExactly(0, 1, 2, 3);
        assertThat(all).allSatisfy(e -> {
            assertThat(e.organization()).isEqualTo(ORG);
            assertThat(e.type()).isEqualTo("profile.updated");
            assertThat(e.at()).isEqualTo(NOW);
        });
        List<Long> positions = all.stream().map(ChangeEvent::position).toList();
        assertThat(positions).isSorted().doesNotHaveDuplicates();
        assertThat(store().profiles().latestPosition(ORG)).isEqualTo(positions.get(3));
        assertThat(store().profiles().changesSince(ORG, positions.get(0), 10)).extracting(ChangeEvent::position).containsExactlyElementsOf(positions.subList(1, 4));
        assertThat(store().profiles().changesSince(ORG, 0, 2)).as("at most the limit, from the oldest").extracting(ChangeEvent::position).containsExactlyElementsOf(positions.subList(0, 2));
        assertThat(store().profiles().changesSince(ORG, positions.get(3), 10)).isEmpty();
        assertThat(store().profiles().history(ORG, List.of("p1"), 10)).extracting(e -> e.payload().get("n").asInt()).containsExactly(0, 2, 3);
        assertThat(store().profiles().history(ORG, List.of("p2", "p1"), 10)).as("oldest first across the profiles")
                .extracting(ChangeEvent::position).containsExactlyElementsOf(positions);
        assertThat(store().profiles().history(ORG, List.of("p1"), 2)).extracting(e -> e.payload().get("n").asInt()).containsExactly(0, 2);
        assertThat(store().profiles().history(ORG, List.of("nobody"), 10)).isEmpty();
        assertThat(store().profiles().history("other", List.of("p1"), 10)).extracting(e -> e.payload().get("n").asInt()).containsExactly(9);
    }

    @Test
    default void anErasureRewritesTheChangesOfTheProfilesItNamesIncludingThoseOfItsOwnTransaction() {
        write(s -> {
            s.profiles().appendChange(change("p1", "profile.created", NOW, 0));
            s.profiles().appendChange(change("p2", "profile.created", NOW, 1));
        });
        List<Set<String>> changed = new ArrayList<>();
        write(s -> {
            // appended in the same transaction as the rewrite (a store may hold it until the commit): rewritten too
            s.profiles().appendChange(change("p1", "profile.updated", NOW, 2));
            changed.add(s.profiles().rewriteChanges(ORG, List.of("p1", "p3"), e -> Json.object().put("scrubbed", true)));
            changed.add(s.profiles().rewriteChanges(ORG, List.of("p2"), ChangeEvent::payload));
        });
        assertThat(changed).containsExactly(Set.of("p1"), Set.of());
        List<ChangeEvent> all = store().profiles().changesSince(ORG, 0, 10);
        assertThat(all).as("positions, types and order stay").extracting(ChangeEvent::type)
                .containsExactly("profile.created", "profile.created", "profile.updated");
        assertThat(store().profiles().history(ORG, List.of("p1"), 10)).hasSize(2)
                .allSatisfy(e -> assertThat(e.payload()).isEqualTo(Json.object().put("scrubbed", true)));
        assertThat(store().profiles().history(ORG, List.of("p2"), 10)).singleElement().satisfies(e -> assertThat(e.payload().get("n").asInt()).isEqualTo(1));
    }

    @Test
    default void retentionPurgesTheChangesOccurredStrictlyBeforeTheInstantInOneOrganization() {
        Instant cutoff = NOW.minus(Duration.ofDays(1));
        write(s -> {
            s.profiles().appendChange(change("p1", "profile.created", NOW.minus(Duration.ofDays(2)), 0));
            s.profiles().appendChange(change("p1", "profile.updated", cutoff, 1));
            s.profiles().appendChange(change("p1", "profile.updated", NOW, 2));
            s.profiles().appendChange(new ChangeEvent(0, "other", "p1", "profile.created", NOW.minus(Duration.ofDays(2)), Json.object()));
        });
        long latest = store().profiles().latestPosition(ORG);
        write(s -> assertThat(s.profiles().purgeChanges(ORG, cutoff)).isEqualTo(1),
                s -> assertThat(store().profiles().changesSince(ORG, 0, 10)).as("a reader, before the commit").hasSize(3));
        assertThat(store().profiles().changesSince(ORG, 0, 10)).extracting(e -> e.payload().get("n").asInt()).containsExactly(1, 2);
        assertThat(store().profiles().latestPosition(ORG)).isEqualTo(latest);
        assertThat(store().profiles().changesSince("other", 0, 10)).as("another organization's changes stay").hasSize(1);
        write(s -> assertThat(s.profiles().purgeChanges(ORG, cutoff)).as("nothing left to purge").isZero());
    }
}
