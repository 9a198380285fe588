package io.onefold.core.properties;

import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.model.ObservationParser;
import io.onefold.core.testing.GraphRebuild;
import io.onefold.core.testing.StoredProfilesEqualRebuild;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Found by {@link IdentityInvariantProperties} (CI, 2026-12-06): a manual merge demotes the absorbed profile's email to
 * an alias; an operator removes that alias and adds it to a third profile; the unmerge used to make the email current
 * again wherever it now lived — on the third profile, whose golden record was not refreshed (it no longer equalled its
 * rebuild) and which gained a current email nobody had sent it. An unmerge restores only what is still in the cluster it
 * splits: a value an operator moved elsewhere stays where it is.
 */
class UnmergeAfterAliasMovedTest {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final String FIRST = "00000000-0000-8000-8000-000000000001";
    private static final String SECOND = "00000000-0000-8000-8000-000000000002";
    private static final String THIRD = "00000000-0000-8000-8000-000000000003";

    private static void upsert(IdentityGraph g, String json) {
        g.upsert(ObservationParser.parse(PropertyFixtures.parse(json), NOW));
    }

    @Test
    void anUnmergeLeavesADemotedEmailWhereAnOperatorMovedIt() {
        IdentityGraph g = PropertyFixtures.sequentialGraph();
        upsert(g, "{\"observed_at\":\"2026-01-01T00:00:00Z\",\"profile_data\":{\"email\":\"first0@example.com\"},\"source\":\"crm\"}");
        upsert(g, "{\"observed_at\":\"2026-01-02T00:00:00Z\",\"profile_data\":{\"email\":\"person1@example.com\"},\"source\":\"crm\"}");
        upsert(g, "{\"observed_at\":\"2026-01-03T00:00:00Z\",\"profile_data\":{\"phone_number\":[\"+1 212 555 1000\"]},\"source\":\"crm\"}");
        g.merge(List.of(FIRST, SECOND), null); // SECOND's email becomes an alias
        g.removeAlias(FIRST, "email", "person1@example.com");
        g.addAlias(THIRD, "email", "person1@example.com");

        g.unmerge(FIRST, SECOND);

        assertThat(g.get(THIRD).orElseThrow().identifiers().current("email")).isEmpty();
        assertThat(g.get(THIRD).orElseThrow().identifiers().aliases("email")).containsExactly("person1@example.com");
        StoredProfilesEqualRebuild.verify(new GraphRebuild(g));
    }
}
