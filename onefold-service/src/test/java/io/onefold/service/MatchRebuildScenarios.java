package io.onefold.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.error.StateConflictException;
import io.onefold.core.identity.IdentityLink;
import io.onefold.core.identity.LinkKind;
import io.onefold.core.identity.LinkOrigin;
import io.onefold.core.identity.LinkState;
import io.onefold.core.testing.Fixtures;
import io.onefold.store.ConfigKind;
import io.onefold.store.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MatchRebuild}: profiles stored while the rule set had no matching section are matched once it has one — a
 * dry run reports and changes nothing, applied it merges (automatic, the score as evidence, a change event) and queues
 * the possible match; an operator's "never the same" is respected; a second run finds nothing left to do. On every store.
 */
abstract class MatchRebuildScenarios {
    private static final String JOHN = "{\"source\":\"crm\",\"source_record_id\":\"c1\",\"observed_at\":\"2026-03-01T10:00:00Z\","
            + "\"profile_data\":{\"given_name\":\"John\",\"surname\":\"Smith\",\"date_of_birth\":\"1980-04-12\",\"city\":\"Boston\"}}";
    private static final String JON = "{\"source\":\"webchat\",\"source_record_id\":\"w1\",\"observed_at\":\"2026-03-02T10:00:00Z\","
            + "\"profile_data\":{\"given_name\":\"Jon\",\"surname\":\"Smith\",\"date_of_birth\":\"1980-04-12\",\"city\":\"Boston\"}}";
    private static final String JOHN_SMITH_ONLY = "{\"source\":\"ivr\",\"source_record_id\":\"i1\",\"observed_at\":\"2026-03-03T10:00:00Z\","
            + "\"profile_data\":{\"given_name\":\"John\",\"surname\":\"Smith\"}}";
    private static final String ORG = ServiceFixture.ORG;

    protected ServiceFixture f;

    /** The service on a fresh, unconfigured store. */
    protected abstract ServiceFixture open();

    /** The service closed and opened again on the same data (a restart). */
    protected abstract ServiceFixture reopen();

    @AfterEach
    void closeService() {
        if (f != null) f.close();
    }

    /** examples/matching, stored first without its matching section; three profiles of (probably) one person. */
    private void storedWithoutMatching() throws Exception {
        f = open();
        f.service.ensureDefaultOrganization();
        Path matching = Fixtures.examples().resolveSibling("matching");
        f.service.configurations().createTemplate(ORG, Fixtures.json(Files.readString(matching.resolve("template.json"))));
        ObjectNode rules = (ObjectNode) Fixtures.json(Files.readString(matching.resolve("merge-rules.json")));
        JsonNode section = rules.remove("matching");
        f.service.configurations().createRules(ORG, rules);
        f.upsert(JOHN);
        f.upsert(JON);
        f.upsert(JOHN_SMITH_ONLY);
        assertThat(f.store.profiles().countActiveProfiles(ORG)).isEqualTo(3);
        assertThatThrownBy(() -> new MatchRebuild(f.service, ORG).run(false)).isInstanceOf(StateConflictException.class);
        rules.set("matching", section);
        f.service.configurations().updateRules(ORG, rules.get("rule_name").asText(), rules);
        Job done = TestJobs.awaitEnd(f.service, ORG, f.service.configurations().activate(ORG, ConfigKind.RULES, rules.get("rule_name").asText()));
        assertThat(done.status()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aDryRunReportsTheMergeAndTheReviewAndChangesNothingApplyMakesThem() throws Exception {
        storedWithoutMatching();
        long position = f.store.profiles().latestPosition(ORG);

        MatchRebuild.Result dry = new MatchRebuild(f.service, ORG).run(false);
        assertThat(dry.applied()).isFalse();
        assertThat(dry.records()).isEqualTo(3);
        assertThat(dry.merges()).hasSize(1);
        assertThat(dry.reviews()).hasSize(1);
        assertThat(f.store.profiles().countActiveProfiles(ORG)).isEqualTo(3);
        assertThat(f.store.profiles().latestPosition(ORG)).isEqualTo(position);
        assertThat(f.store.profiles().links(ORG, LinkKind.POSSIBLE_MATCH, LinkState.ASSERTED, null, null, 10)).isEmpty();

        MatchRebuild.Result applied = new MatchRebuild(f.service, ORG).run(true);
        assertThat(applied.merges()).isEqualTo(dry.merges());
        assertThat(applied.reviews()).isEqualTo(dry.reviews());
        assertThat(f.store.profiles().countActiveProfiles(ORG)).isEqualTo(2);
        MatchRebuild.Pair merge = applied.merges().getFirst();
        IdentityLink same = f.store.profiles().fragment(ORG, List.of(merge.profileId())).links().stream()
                .filter(l -> l.kind() == LinkKind.SAME).findFirst().orElseThrow();
        assertThat(same.origin()).isEqualTo(LinkOrigin.AUTOMATIC);
        assertThat(Fixtures.json(same.evidence()).path("matched_by").asText()).isEqualTo("probabilistic");
        assertThat(same.evidence()).doesNotContain("Smith", "Boston");
        assertThat(f.store.profiles().changesSince(ORG, position, 10)).extracting(e -> e.type()).containsExactly("profile.merged");
        List<IdentityLink> queued = f.store.profiles().links(ORG, LinkKind.POSSIBLE_MATCH, LinkState.ASSERTED, null, null, 10);
        assertThat(queued).hasSize(1);
        assertThat(f.service.matchReviews().queue(ORG, 0, null, 10).get("items")).hasSize(1);

        MatchRebuild.Result again = new MatchRebuild(f.service, ORG).run(true);
        assertThat(again.merges()).isEmpty();
        assertThat(again.reviews()).isEmpty();
        // the blocking keys were written: a restart finds the merged profile through the store's index
        f = reopen();
        UpsertResponse later = f.upsert(JOHN.replace("\"c1\"", "\"c2\""));
        assertThat(later.profileId()).isEqualTo(merge.profileId());
    }

    @Test
    void anOperatorsNeverTheSameIsRespected() throws Exception {
        storedWithoutMatching();
        MatchRebuild.Pair merge = new MatchRebuild(f.service, ORG).run(false).merges().getFirst();
        f.service.neverTheSame(ORG, merge.profileId(), merge.otherProfileId(), "twins");

        MatchRebuild.Result applied = new MatchRebuild(f.service, ORG).run(true);
        assertThat(applied.merges()).isEmpty();
        assertThat(applied.neverSame()).hasSize(1);
        assertThat(f.store.profiles().countActiveProfiles(ORG)).isEqualTo(3);
    }
}
