package io.onefold.core.identity;

import static io.onefold.core.testing.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.onefold.core.matching.MatchingRules;
import io.onefold.core.model.NormalizedObservation;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.schema.ObservationValidator;
import io.onefold.core.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A batch's {@link MatchMemo} handed to the graph ({@link IdentityGraph#reuse}): the pipeline scores candidate records
 * before reading their clusters, the graph finds the same records and scores none of them again, its blocking keys
 * computed once per set of values — and every decision, link and evidence is the one a graph without the memo makes.
 */
class MatchMemoTest {
    private static final String T = "2026-03-01T10:00:00Z";
    private static final String JOHN = "{\"given_name\":\"John\",\"surname\":\"Smith\",\"date_of_birth\":\"1980-04-12\",\"city\":\"Boston\"}";
    private static final String MARY = "{\"given_name\":\"Mary\",\"surname\":\"Smith\",\"date_of_birth\":\"1991-07-02\",\"city\":\"Denver\"}";
    private static final String JON = "{\"given_name\":\"Jon\",\"surname\":\"Smith\",\"date_of_birth\":\"1980-04-12\",\"city\":\"Boston\"}";

    private final MatchingRules rules = Fixtures.matchingRules().matching().orElseThrow();
    private final ObservationValidator validator = new ObservationValidator(Fixtures.matchingTemplate(), Fixtures.US);

    /** John and Mary (both Smith: one blocking key in common with Jon) as a store holds them. */
    private GraphChanges stored() {
        IdentityGraph g = Fixtures.matchingGraph();
        g.upsert(record("crm", "c1", T, JOHN));
        g.upsert(record("crm", "c2", T, MARY));
        return g.changes();
    }

    private IdentityGraph loaded(GraphChanges stored) {
        IdentityGraph g = Fixtures.matchingGraph();
        g.load(stored.nodes(), stored.records(), stored.links());
        return g;
    }

    @Test
    void theGraphReusesThePipelinesScoresAndKeysAndDecidesAsWithout() {
        GraphChanges stored = stored();
        NormalizedObservation jon = validator.validate(record("webchat", "w1", T, JON));

        IdentityGraph without = loaded(stored);
        UpsertResult expected = without.upsert(jon);
        GraphChanges expectedChanges = without.changes();

        // the pipeline: keys of the incoming observation, then every stored record sharing one scored (John and Mary)
        MatchMemo memo = MatchMemo.of(rules);
        List<String> keys = memo.keys(memo.values(jon));
        for (SourceRecord r : stored.records()) memo.score(jon, r);
        assertThat(memo.pairsScored()).isEqualTo(2);
        assertThat(memo.keysComputed()).isEqualTo(1);

        IdentityGraph with = loaded(stored);
        with.reuse(memo);
        UpsertResult result = with.upsert(jon);
        GraphChanges changes = with.changes();

        assertThat(memo.pairsScored()).as("no candidate scored again").isEqualTo(2);
        assertThat(result.outcome()).isEqualTo(Outcome.MERGED).isEqualTo(expected.outcome());
        assertThat(Fixtures.stateWithoutIds(with)).isEqualTo(Fixtures.stateWithoutIds(without));
        assertThat(changes.links()).extracting(IdentityLink::evidence).isEqualTo(expectedChanges.links().stream().map(IdentityLink::evidence).toList());
        // the new record's keys are the observation's: the same values, not hashed again
        assertThat(changes.matchKeys().values()).contains(keys);
        assertThat(memo.keysComputed()).as("the observation's, then John's and Mary's as the graph indexes them").isEqualTo(3);
        assertThat(changes.matchKeys()).isEqualTo(expectedChanges.matchKeys());
    }

    @Test
    void aRecordChangedSinceItWasScoredIsScoredAgain() {
        GraphChanges stored = stored();
        NormalizedObservation jon = validator.validate(record("webchat", "w1", T, JON));
        MatchMemo memo = MatchMemo.of(rules);
        for (SourceRecord r : stored.records()) memo.score(jon, r);

        IdentityGraph with = loaded(stored);
        with.reuse(memo);
        // an earlier upsert of the same batch moves John to Denver: his record is no longer the one scored
        with.upsert(validator.validate(record("crm", "c1", "2026-03-01T11:00:00Z", "{\"city\":\"Denver\"}")));
        with.upsert(jon);

        assertThat(memo.pairsScored()).isEqualTo(3);
    }

    @Test
    void aMemoUnderOtherRulesIsRefused() {
        IdentityGraph g = Fixtures.matchingGraph();
        MatchingRules other = rules.withThresholds(0.95, 0.5);
        assertThatThrownBy(() -> g.reuse(MatchMemo.of(other))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fixtures.omnichannelGraph().reuse(MatchMemo.of(rules))).isInstanceOf(IllegalArgumentException.class);
    }
}
