package io.onefold.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The readers' cache's protocol, step by step: a commit drops its rows, a fill read before a commit that wrote its
 * row is refused, a lookup entry lives only as long as the document it was filled with.
 */
class ProfileReadCacheTest {
    private static final String ORG = "acme";

    private static ProfileDocument doc(String id, String tier) {
        return new ProfileDocument(id, ("{\"profile_id\":\"" + id + "\",\"attributes\":{\"tier\":\"" + tier + "\"}}").getBytes(StandardCharsets.UTF_8));
    }

    private static ProfileReadCache.ValueKey email(String value) {
        return new ProfileReadCache.ValueKey(ORG, "email", value);
    }

    @Test
    void aCommitDropsTheRowsItWrote() {
        ProfileReadCache cache = new ProfileReadCache(10);
        cache.fill(cache.epoch(), ORG, doc("p1", "Gold"), email("ada@example.com"), null);
        cache.fill(cache.epoch(), ORG, doc("p2", "Gold"), null, null);
        assertThat(cache.document(ORG, "p1")).isNotNull();

        cache.committed(Map.of(ORG, Set.of("p1")));

        assertThat(cache.document(ORG, "p1")).isNull();
        assertThat(cache.lookup(ORG, "email", "ada@example.com")).isNull();
        assertThat(cache.document(ORG, "p2")).as("a row the commit did not write").isNotNull();
        assertThat(cache.document("other-org", "p2")).as("organizations are apart").isNull();
    }

    @Test
    void aFillReadBeforeACommitThatWroteItsRowIsRefused() {
        ProfileReadCache cache = new ProfileReadCache(10);
        long before = cache.epoch();                    // a reader reads p1 as Bronze …
        cache.committed(Map.of(ORG, Set.of("p1")));     // … the writer commits Gold and drops p1 …
        cache.fill(before, ORG, doc("p1", "Bronze"), email("ada@example.com"), null); // … the reader's fill comes late

        assertThat(cache.document(ORG, "p1")).isNull();
        assertThat(cache.lookup(ORG, "email", "ada@example.com")).isNull();

        long after = cache.epoch();
        cache.fill(after, ORG, doc("p1", "Gold"), null, null);
        assertThat(cache.document(ORG, "p1").document().json()).isEqualTo(doc("p1", "Gold").json());
    }

    @Test
    void aFillBeforeTheCommitIsDroppedByIt() {
        ProfileReadCache cache = new ProfileReadCache(10);
        cache.fill(cache.epoch(), ORG, doc("p1", "Bronze"), null, null);
        cache.committing();
        cache.committed(Map.of(ORG, Set.of("p1")));
        assertThat(cache.document(ORG, "p1")).isNull();
    }

    @Test
    void aLookupLivesOnlyAsLongAsTheDocumentItWasFilledWith() {
        ProfileReadCache cache = new ProfileReadCache(10);
        cache.fill(cache.epoch(), ORG, doc("p1", "Bronze"), email("ada@example.com"), null);
        // the same bytes again (another reader's fill): the entry stays, and so does the lookup
        cache.fill(cache.epoch(), ORG, doc("p1", "Bronze"), null, null);
        assertThat(cache.lookup(ORG, "email", "ada@example.com")).isNotNull();

        cache.committed(Map.of(ORG, Set.of("p1")));
        // p1 read again by id only: the email may have left p1 meanwhile, so the old lookup must not come back
        cache.fill(cache.epoch(), ORG, doc("p1", "Gold"), null, null);
        assertThat(cache.document(ORG, "p1")).isNotNull();
        assertThat(cache.lookup(ORG, "email", "ada@example.com")).isNull();
    }

    @Test
    void unknownChangesDropEverythingAndRefuseEarlierReads() {
        ProfileReadCache cache = new ProfileReadCache(10);
        long before = cache.epoch();
        cache.fill(before, ORG, doc("p1", "Bronze"), email("ada@example.com"), null);
        cache.unknownChanges();
        assertThat(cache.document(ORG, "p1")).isNull();
        assertThat(cache.lookup(ORG, "email", "ada@example.com")).isNull();
        cache.fill(before, ORG, doc("p9", "Bronze"), null, null);
        assertThat(cache.document(ORG, "p9")).as("read before the unknown change").isNull();
    }

    @Test
    void aCommitInFlightIsNotQuiet() {
        ProfileReadCache cache = new ProfileReadCache(10);
        long quiet = cache.quietMark();
        assertThat(quiet).isGreaterThanOrEqualTo(0);
        cache.committing();
        assertThat(cache.quietMark()).isNegative();
        cache.committed(Map.of(ORG, Set.of("p1")));
        assertThat(cache.quietMark()).isGreaterThan(quiet);
    }

    @Test
    void sizeZeroKeepsNothing() {
        ProfileReadCache cache = new ProfileReadCache(0);
        cache.fill(cache.epoch(), ORG, doc("p1", "Bronze"), email("ada@example.com"), null);
        assertThat(cache.document(ORG, "p1")).isNull();
        assertThat(cache.lookup(ORG, "email", "ada@example.com")).isNull();
        assertThat(cache.enabled()).isFalse();
    }
}
