package io.onefold.core.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** Training is a function of its input: the same records, rules and seed give exactly the same parameters. */
class TrainingProperties {
    /** Small random-pair samples force sampling (the records form more pairs than that), where the seed matters. */
    private static final TrainingOptions SAMPLED = new TrainingOptions(0, 2_000, 25, 1e-4);

    @Property(tries = 10)
    void training_twice_with_the_same_seed_gives_the_same_rules(@ForAll @LongRange(min = 0, max = 1_000) long dataSeed,
                                                                 @ForAll long trainingSeed) {
        List<LabelledRecord> labelled = SyntheticPeople.generate(80, dataSeed);
        MatchingRules untrained = SyntheticPeople.inferredRules(labelled);
        List<MatchRecord> records = SyntheticPeople.prepared(untrained, labelled);
        TrainingOptions options = SAMPLED.withSeed(trainingSeed);
        assertThat(MatchTrainer.train(untrained, records, false, options))
                .isEqualTo(MatchTrainer.train(untrained, List.copyOf(records), false, options));
    }
}
