package io.onefold.core.identity;

import static io.onefold.core.testing.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onefold.core.error.NotFoundException;
import io.onefold.core.error.StateConflictException;
import io.onefold.core.matching.MatchDecision;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.core.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Probabilistic matching in the upsert (issue 16, examples/matching): at or above the auto-merge threshold a new record
 * joins the profile as a node of its own, absorbed at once (so an unmerge restores both exactly); between the thresholds a
 * profile is created with a POSSIBLE_MATCH link waiting for review; merge protection and "never the same" still apply;
 * evidence names comparisons and levels, never values.
 */
class ProbabilisticMatchingTest {
    private static final String T = "2026-03-01T10:00:00Z";
    private static final String JOHN = "{\"given_name\":\"John\",\"surname\":\"Smith\",\"date_of_birth\":\"1980-04-12\",\"city\":\"Boston\"}";

    private final IdentityGraph graph = Fixtures.matchingGraph();

    private UpsertResult upsert(String source, String recordId, String data) {
        return graph.upsert(record(source, recordId, T, data));
    }

    private List<IdentityLink> links(LinkKind kind) {
        return graph.links().stream().filter(l -> l.kind() == kind && l.asserted()).toList();
    }

    @Test
    void aRecordAboveTheAutoMergeThresholdJoinsTheProfileAsANodeOfItsOwn() {
        String john = upsert("crm", "c1", JOHN).profile().profileId();
        UpsertResult second = upsert("webchat", "w1", "{\"given_name\":\"Jon\",\"surname\":\"Smith\",\"date_of_birth\":\"1980-04-12\",\"city\":\"Boston\"}");

        assertThat(second.outcome()).isEqualTo(Outcome.MERGED);
        assertThat(second.profile().profileId()).isEqualTo(john);
        assertThat(graph.profiles()).hasSize(1);
        assertThat(second.mergedProfileIds()).hasSize(1);
        IdentityLink same = links(LinkKind.SAME).getFirst();
        assertThat(same.fromProfileId()).isEqualTo(second.mergedProfileIds().getFirst());
        assertThat(same.evidence()).contains("\"matched_by\":\"probabilistic\"", "\"decision\":\"auto_merge\"", "\"attribute\":\"surname\"")
                .doesNotContain("Smith", "smith", "Boston", "boston", "1980");
    }

    @Test
    void betweenTheThresholdsAProfileIsCreatedAndQueuedForReview() {
        String john = upsert("crm", "c1", JOHN).profile().profileId();
        UpsertResult second = upsert("webchat", "w1", "{\"given_name\":\"John\",\"surname\":\"Smith\"}");

        assertThat(second.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(graph.profiles()).hasSize(2);
        IdentityLink queued = links(LinkKind.POSSIBLE_MATCH).getFirst();
        assertThat(queued.fromProfileId()).isEqualTo(second.profile().profileId());
        assertThat(queued.toProfileId()).isEqualTo(john);
        assertThat(queued.origin()).isEqualTo(LinkOrigin.AUTOMATIC);
        assertThat(queued.evidence()).contains("\"decision\":\"review\"").doesNotContain("Smith", "smith", "John", "john");
    }

    @Test
    void belowTheReviewThresholdANewProfileAndNoLink() {
        upsert("crm", "c1", JOHN);
        upsert("webchat", "w1", "{\"given_name\":\"Mary\",\"surname\":\"Smith\",\"date_of_birth\":\"1991-07-02\",\"city\":\"Denver\"}");

        assertThat(graph.profiles()).hasSize(2);
        assertThat(graph.links()).isEmpty();
    }

    @Test
    void aReplayOfTheSameRecordQueuesNoSecondReview() {
        upsert("crm", "c1", JOHN);
        upsert("webchat", "w1", "{\"given_name\":\"John\",\"surname\":\"Smith\"}");
        upsert("webchat", "w1", "{\"given_name\":\"John\",\"surname\":\"Smith\"}");

        assertThat(links(LinkKind.POSSIBLE_MATCH)).hasSize(1);
    }

    @Test
    void mergeProtectionTurnsAnAutomaticMergeIntoAReview() {
        upsert("crm", "c1", "{\"email\":\"john@example.com\"," + JOHN.substring(1));
        UpsertResult other = upsert("webchat", "w1", "{\"email\":\"johnny@example.com\"," + JOHN.substring(1));

        assertThat(other.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(graph.profiles()).hasSize(2);
        IdentityLink queued = links(LinkKind.POSSIBLE_MATCH).getFirst();
        assertThat(queued.evidence()).contains("\"decision\":\"auto_merge\"", "\"blocked_by\":", "'email'").doesNotContain("john@", "johnny@");
    }

    @Test
    void neverTheSameProfilesAreNeitherMergedNorQueued() {
        String john = upsert("crm", "c1", JOHN).profile().profileId();
        String other = upsert("crm", "c2", "{\"given_name\":\"Mary\",\"surname\":\"Jones\"}").profile().profileId();
        graph.neverTheSame(john, other, "test");
        // Mary's record now says she is John: an operator said they are different people
        UpsertResult changed = upsert("webchat", "w1", JOHN);
        assertThat(changed.outcome()).isEqualTo(Outcome.MERGED);
        assertThat(graph.profiles()).hasSize(2);

        upsert("crm", "c2", JOHN); // scored only when it would create a profile: c2 is known, so nothing is scored
        assertThat(links(LinkKind.POSSIBLE_MATCH)).isEmpty();
    }

    @Test
    void anUnmergeOfAnAutomaticMergeRestoresBothProfilesExactly() {
        String jon = "{\"given_name\":\"Jon\",\"surname\":\"Smith\",\"date_of_birth\":\"1980-04-12\",\"city\":\"Boston\",\"phone_number\":[\"+1 617 555 0100\"]}";
        String john = upsert("crm", "c1", JOHN).profile().profileId();
        String johnAlone = seen(graph.get(john).orElseThrow());
        IdentityGraph apart = Fixtures.graph(Fixtures.matchingTemplate(), Fixtures.matchingRules().withMatching(null));
        String jonAlone = seen(apart.upsert(record("webchat", "w1", T, jon)).profile());

        UpsertResult merged = upsert("webchat", "w1", jon);
        assertThat(merged.outcome()).isEqualTo(Outcome.MERGED);
        assertThat(graph.lookup("phone_number", "+1 617 555 0100").map(ProfileView::profileId)).hasValue(john);
        ProfileView restored = graph.unmerge(john, merged.mergedProfileIds().getFirst());

        assertThat(seen(graph.get(john).orElseThrow())).isEqualTo(johnAlone);
        assertThat(seen(restored)).isEqualTo(jonAlone);
        assertThat(graph.lookup("phone_number", "+1 617 555 0100").map(ProfileView::profileId)).hasValue(restored.profileId());
        assertThat(graph.recordsOf(restored.profileId())).extracting(r -> r.key()).containsExactly(SourceRecordKey.explicit("webchat", "w1"));
    }

    /** What a reader sees of a profile apart from its id, version and timestamps: golden record, lineage, identifiers. */
    private static String seen(ProfileView p) {
        var json = io.onefold.core.json.ProfileJson.profile(p, true);
        for (String field : List.of("profile_id", "version", "created_at", "updated_at")) json.remove(field);
        return io.onefold.core.json.CanonicalJson.of(json);
    }

    @Test
    void acceptingAQueuedMatchMergesAndRejectingLinksNeverTheSame() {
        String john = upsert("crm", "c1", JOHN).profile().profileId();
        upsert("webchat", "w1", "{\"given_name\":\"John\",\"surname\":\"Smith\"}");
        upsert("crm", "c2", "{\"given_name\":\"Jane\",\"surname\":\"Smith\",\"date_of_birth\":\"1980-04-12\"}"); // his twin sister
        List<IdentityLink> queued = links(LinkKind.POSSIBLE_MATCH);
        assertThat(queued).hasSize(2);

        IdentityLink first = queued.get(0);
        ProfileView merged = graph.acceptMatch(first.id(), null);
        assertThat(merged.profileId()).isEqualTo(john);
        assertThat(links(LinkKind.SAME)).singleElement().satisfies(l -> assertThat(l.origin()).isEqualTo(LinkOrigin.MANUAL));
        assertThatThrownBy(() -> graph.acceptMatch(first.id(), null)).isInstanceOf(StateConflictException.class);

        IdentityLink second = queued.get(1);
        graph.rejectMatch(second.id(), "different people");
        assertThat(links(LinkKind.POSSIBLE_MATCH)).isEmpty();
        assertThat(links(LinkKind.DIFFERENT)).hasSize(1);
        assertThat(graph.profiles()).hasSize(2);
        assertThatThrownBy(() -> graph.rejectMatch("no-such-link", null)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void whyAndWhyNotExplainsTheScoreTheDecisionAndTheGuard() {
        String john = upsert("crm", "c1", "{\"email\":\"john@example.com\"," + JOHN.substring(1)).profile().profileId();
        String johnny = upsert("webchat", "w1", "{\"email\":\"johnny@example.com\"," + JOHN.substring(1)).profile().profileId();
        String mary = upsert("crm", "c2", "{\"given_name\":\"Mary\",\"surname\":\"Jones\"}").profile().profileId();

        MatchExplanation why = graph.explainMatch(john, johnny);
        assertThat(why.decision()).isEqualTo(MatchDecision.AUTO_MERGE);
        assertThat(why.score().probability()).isGreaterThanOrEqualTo(why.autoMergeThreshold());
        assertThat(why.score().comparisons()).extracting(c -> c.attribute()).containsExactly("given_name", "surname", "date_of_birth", "city");
        assertThat(why.blockedBy()).contains("'email'");

        MatchExplanation whyNot = graph.explainMatch(john, mary);
        assertThat(whyNot.decision()).isEqualTo(MatchDecision.NO_MATCH);
        assertThat(whyNot.blockedBy()).isNull();
        assertThat(graph.explainMatch(john, john).blockedBy()).startsWith("already one profile");
    }

    @Test
    void changesCarryTheBlockingKeysOfRecordsWhoseComparedValuesMoved() {
        upsert("crm", "c1", JOHN);
        GraphChanges created = graph.changes();
        assertThat(created.matchKeys()).containsOnlyKeys(SourceRecordKey.explicit("crm", "c1"));
        assertThat(created.matchKeys().values().iterator().next()).hasSize(2);

        upsert("crm", "c1", "{\"phone_number\":[\"+1 617 555 0100\"]}");
        assertThat(graph.changes().matchKeys()).isEmpty();

        upsert("crm", "c1", "{\"surname\":\"Smithers\"}");
        assertThat(graph.changes().matchKeys()).containsOnlyKeys(SourceRecordKey.explicit("crm", "c1"));

        graph.deleteRecord("crm", "c1");
        assertThat(graph.changes().matchKeys()).containsEntry(SourceRecordKey.explicit("crm", "c1"), List.of());
    }

    @Test
    void withoutMatchingRulesNothingIsScoredOrIndexed() {
        IdentityGraph plain = Fixtures.graph(Fixtures.matchingTemplate(), Fixtures.matchingRules().withMatching(null));
        plain.upsert(record("crm", "c1", T, JOHN));
        plain.upsert(record("webchat", "w1", T, JOHN));
        assertThat(plain.profiles()).hasSize(2);
        assertThat(plain.changes().matchKeys()).isEmpty();
        assertThatThrownBy(() -> plain.explainMatch(plain.profiles().get(0).profileId(), plain.profiles().get(1).profileId()))
                .isInstanceOf(StateConflictException.class);
    }

    @Test
    void storedProfilesThatScoreAboveTheThresholdMergeAutomaticallyOnApplyMatch() {
        IdentityGraph plain = Fixtures.graph(Fixtures.matchingTemplate(), Fixtures.matchingRules().withMatching(null));
        String john = plain.upsert(record("crm", "c1", T, JOHN)).profile().profileId();
        String jon = plain.upsert(record("webchat", "w1", T, JOHN.replace("John", "Jon"))).profile().profileId();
        String other = plain.upsert(record("ivr", "i1", T, "{\"given_name\":\"John\",\"surname\":\"Smith\"}")).profile().profileId();
        graph.load(plain.nodeStates(), plain.records(), plain.links());

        MatchApplied merged = graph.applyMatch(jon, john, "onefold match rebuild");
        assertThat(merged.kind()).isEqualTo(MatchApplied.Kind.MERGED);
        assertThat(graph.profiles()).hasSize(2);
        IdentityLink same = links(LinkKind.SAME).getFirst();
        assertThat(same.origin()).isEqualTo(LinkOrigin.AUTOMATIC);
        assertThat(same.fromProfileId()).isEqualTo(merged.absorbed());
        assertThat(same.evidence()).contains("\"found_by\":\"onefold match rebuild\"", "\"decision\":\"auto_merge\"");

        assertThat(graph.applyMatch(other, merged.survivor(), null).kind()).isEqualTo(MatchApplied.Kind.QUEUED);
        assertThat(graph.applyMatch(other, merged.survivor(), null).kind()).isEqualTo(MatchApplied.Kind.NOTHING); // queued already
        graph.neverTheSame(other, merged.survivor(), "test");
        assertThat(graph.applyMatch(other, merged.survivor(), null).kind()).isEqualTo(MatchApplied.Kind.NEVER_THE_SAME);
    }
}
