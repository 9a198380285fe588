package io.onefold.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.error.NotFoundException;
import io.onefold.core.error.StateConflictException;
import io.onefold.core.error.ValidationException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Probabilistic matching through the service, on every store (issue 16; examples/matching): a record that scores above
 * the auto-merge threshold joins the profile — found through the store's blocking index, after a restart too; one
 * between the thresholds waits in the review queue, which survives restarts and is decided by accepting (a merge) or
 * rejecting (never the same), each in the history; an unmerge of an automatic merge restores both profiles exactly.
 */
abstract class MatchingScenarios {
    private static final String JOHN = "{\"source\":\"crm\",\"source_record_id\":\"c1\",\"observed_at\":\"2026-03-01T10:00:00Z\","
            + "\"profile_data\":{\"given_name\":\"John\",\"surname\":\"Smith\",\"date_of_birth\":\"1980-04-12\",\"city\":\"Boston\"}}";
    private static final String JON = "{\"source\":\"webchat\",\"source_record_id\":\"w1\",\"observed_at\":\"2026-03-02T10:00:00Z\","
            + "\"profile_data\":{\"given_name\":\"Jon\",\"surname\":\"Smith\",\"date_of_birth\":\"1980-04-12\",\"city\":\"Boston\",\"phone_number\":[\"+1 617 555 0100\"]}}";
    private static final String JOHN_SMITH_ONLY = "{\"source\":\"ivr\",\"source_record_id\":\"i1\",\"observed_at\":\"2026-03-03T10:00:00Z\","
            + "\"profile_data\":{\"given_name\":\"John\",\"surname\":\"Smith\"}}";

    protected ServiceFixture f;

    /** The service on a fresh store, configured with examples/matching. */
    protected abstract ServiceFixture open();

    /** The service closed and opened again on the same data (a restart). */
    protected abstract ServiceFixture reopen();

    @AfterEach
    void closeService() {
        if (f != null) f.close();
    }

    private ObjectNode queue() {
        return f.service.matchReviews().queue(ServiceFixture.ORG, 0, null, 50);
    }

    @Test
    void aRecordAboveTheAutoMergeThresholdJoinsTheProfileAfterARestartToo() {
        f = open();
        String john = f.upsert(JOHN).profileId();
        f = reopen(); // nothing in memory: the candidates come from the store's blocking index
        UpsertResponse jon = f.upsert(JON);

        assertThat(jon.outcome()).isEqualTo("merged");
        assertThat(jon.profileId()).isEqualTo(john);
        assertThat(f.store.profiles().countActiveProfiles(ServiceFixture.ORG)).isEqualTo(1);
        JsonNode profile = f.get(john);
        assertThat(profile.path("attributes").path("given_name").asText()).isEqualTo("John"); // CRM outranks chat
    }

    @Test
    void thePossibleMatchWaitsInTheQueueAcrossARestartAndAnAcceptMergesIt() {
        f = open();
        String john = f.upsert(JOHN).profileId();
        String other = f.upsert(JOHN_SMITH_ONLY).profileId();
        assertThat(other).isNotEqualTo(john);

        f = reopen();
        ObjectNode page = queue();
        assertThat(page.get("items")).hasSize(1);
        JsonNode item = page.get("items").get(0);
        assertThat(item.get("profile_id").asText()).isEqualTo(other);
        assertThat(item.get("other_profile_id").asText()).isEqualTo(john);
        assertThat(item.get("match_probability").asDouble()).isBetween(0.9, 0.99);
        assertThat(item.get("evidence").get("comparisons")).hasSize(4);
        assertThat(item.toString()).doesNotContain("Smith", "smith", "John\"", "\"john\"");
        assertThat(page.get("next_cursor").isNull()).isTrue();

        ObjectNode why = f.service.matchReviews().explain(ServiceFixture.ORG, other, john);
        assertThat(why.get("decision").asText()).isEqualTo("review");
        assertThat(why.get("threshold_crossed").asText()).isEqualTo("review_threshold");
        assertThat(why.get("would_merge_automatically").asBoolean()).isFalse();

        ObjectNode merged = f.service.acceptMatch(ServiceFixture.ORG, item.get("link_id").asText(), null);
        assertThat(merged.get("profile_id").asText()).isEqualTo(john);
        assertThat(queue().get("items")).isEmpty();
        assertThat(f.store.profiles().countActiveProfiles(ServiceFixture.ORG)).isEqualTo(1);
        assertThat(f.service.queries().history(ServiceFixture.ORG, john, 50).toString()).contains("possible match accepted");
        assertThatThrownBy(() -> f.service.acceptMatch(ServiceFixture.ORG, item.get("link_id").asText(), null))
                .isInstanceOf(StateConflictException.class);
    }

    @Test
    void aRejectLinksTheTwoAsNeverTheSame() {
        f = open();
        String john = f.upsert(JOHN).profileId();
        String other = f.upsert(JOHN_SMITH_ONLY).profileId();
        String link = queue().get("items").get(0).get("link_id").asText();

        f.service.rejectMatch(ServiceFixture.ORG, link, "different people");

        assertThat(queue().get("items")).isEmpty();
        assertThat(f.service.matchReviews().explain(ServiceFixture.ORG, john, other).get("blocked_by").asText()).contains("never the same");
        assertThat(f.service.queries().history(ServiceFixture.ORG, other, 50).toString()).contains("different people");
        assertThatThrownBy(() -> f.service.rejectMatch(ServiceFixture.ORG, "no-such-link", null)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void theQueuePagesOldestFirstAndFiltersByProbability() {
        f = open();
        f.upsert(JOHN);
        for (int i = 0; i < 3; i++) {
            f.upsert(JOHN_SMITH_ONLY.replace("\"i1\"", "\"i" + (i + 2) + "\"").replace("\"John\"", i == 0 ? "\"John\"" : "\"John\""));
        }
        ObjectNode first = f.service.matchReviews().queue(ServiceFixture.ORG, 0, null, 2);
        assertThat(first.get("items")).hasSize(2);
        ObjectNode second = f.service.matchReviews().queue(ServiceFixture.ORG, 0, first.get("next_cursor").asText(), 2);
        List<String> ids = new java.util.ArrayList<>();
        first.get("items").forEach(i -> ids.add(i.get("link_id").asText()));
        second.get("items").forEach(i -> ids.add(i.get("link_id").asText()));
        assertThat(ids).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(3);
        assertThat(f.service.matchReviews().queue(ServiceFixture.ORG, 0.999, null, 50).get("items")).isEmpty();
        assertThatThrownBy(() -> f.service.matchReviews().queue(ServiceFixture.ORG, 0, "not-a-cursor", 2))
                .isInstanceOf(ValidationException.class).hasMessageContaining("cursor");
    }

    @Test
    void anUnmergeOfAnAutomaticMergeRestoresBothProfilesExactly() {
        f = open();
        String john = f.upsert(JOHN).profileId();
        JsonNode johnBefore = withoutVersion(f.get(john));
        UpsertResponse jon = f.upsert(JON);
        String absorbed = jon.body().get("merged_profile_ids").get(0).asText();

        ObjectNode out = f.service.unmerge(ServiceFixture.ORG, john, absorbed);

        assertThat(withoutVersion(f.get(john))).isEqualTo(johnBefore);
        JsonNode restored = out.get("restored");
        assertThat(restored.get("profile_id").asText()).isEqualTo(absorbed);
        assertThat(restored.get("attributes").get("given_name").asText()).isEqualTo("Jon");
        assertThat(f.service.queries().lookup(ServiceFixture.ORG, "phone_number", "+1 617 555 0100").orElseThrow().get("profile_id").asText())
                .isEqualTo(absorbed);
    }

    private static JsonNode withoutVersion(JsonNode profile) {
        ObjectNode copy = profile.deepCopy();
        copy.remove(List.of("version", "updated_at", "created_at"));
        return copy;
    }
}
