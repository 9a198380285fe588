package io.onefold.core.properties;

import static org.assertj.core.api.Assertions.assertThat;

import io.onefold.core.identity.IdentityGraph;
import io.onefold.core.model.ObservationParser;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Found by {@link IdentityInvariantProperties} (2026-12-06): profile 3 merged into 2 (its email demoted to an alias on
 * node 3), then 2 into 1 (2's email demoted); a transfer on 1 makes 3's old email current again — on node 3. Unmerging 2
 * used to restore 2's email as well: two current emails on the profile that 2 and 3 form again. Whether a demoted value
 * comes back is decided on the side of the split it lands on, not on its own node.
 */
class UnmergeAfterTransferInClusterTest {
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    private static void upsert(IdentityGraph g, String email) {
        g.upsert(ObservationParser.parse(PropertyFixtures.parse("{\"observed_at\":\"2026-01-01T00:00:00Z\",\"profile_data\":{\"email\":\""
                + email + "\"},\"source\":\"crm\"}"), NOW));
    }

    @Test
    void anUnmergeLeavesOneCurrentEmailOnEachSide() {
        IdentityGraph g = PropertyFixtures.sequentialGraph();
        upsert(g, "person0@example.com");
        upsert(g, "other0@example.com");
        upsert(g, "person1@example.com");
        String first = "00000000-0000-8000-8000-000000000001";
        String second = "00000000-0000-8000-8000-000000000002";
        String third = "00000000-0000-8000-8000-000000000003";
        g.merge(List.of(third, second), null);
        g.merge(List.of(first, second), null);
        g.transferIdentifier(first, "email", "person0@example.com", "person1@example.com");

        g.unmerge(second, null);

        for (String id : List.of(first, second)) {
            assertThat(g.get(id).orElseThrow().identifiers().current("email")).as("current emails of %s", id).hasSizeLessThanOrEqualTo(1);
        }
    }
}
