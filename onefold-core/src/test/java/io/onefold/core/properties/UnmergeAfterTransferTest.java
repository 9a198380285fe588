package io.onefold.core.properties;

import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.model.ObservationParser;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Found by {@link IdentityInvariantProperties} (seed -6439125357765073564): a merge demotes one of two emails to an
 * alias; the identifier authority's record then transfers its email to a new value; the unmerge used to make the
 * demoted email current again beside the transferred one — two current values of a single identifier. The value
 * the authority gave since the merge stays current; the demoted one stays an alias.
 */
class UnmergeAfterTransferTest {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    private static void upsert(IdentityGraph g, String json) {
        g.upsert(ObservationParser.parse(PropertyFixtures.parse(json), NOW));
    }

    @Test
    void anUnmergeAfterTheAuthorityTransferredAnEmailLeavesOneCurrentEmailPerProfile() {
        IdentityGraph g = PropertyFixtures.sequentialGraph();
        upsert(g, "{\"observed_at\":\"2026-01-01T00:00:00Z\",\"profile_data\":{\"email\":\"person1@example.com\"},\"source\":\"crm\"}");
        upsert(g, "{\"observed_at\":\"2026-01-01T00:00:00Z\",\"profile_data\":{\"email\":\"first0@example.com\",\"phone_number\":[\"+1 212 555 1000\"]},"
                + "\"source\":\"crm\",\"source_record_id\":\"crm-0-master\"}");
        String first = "00000000-0000-8000-8000-000000000001";
        String second = "00000000-0000-8000-8000-000000000002";
        g.merge(List.of(second, first), null);
        upsert(g, "{\"observed_at\":\"2026-01-01T00:00:00Z\",\"profile_data\":{\"email\":\"other0@example.com\",\"phone_number\":[\"+1 212 555 1000\"]},"
                + "\"source\":\"crm\",\"source_record_id\":\"crm-0-master\"}");
        g.unmerge(first, second);
        for (String id : List.of(first, second)) {
            assertThat(g.get(id).orElseThrow().identifiers().current("email")).as("current emails of %s", id).hasSizeLessThanOrEqualTo(1);
        }
    }
}
