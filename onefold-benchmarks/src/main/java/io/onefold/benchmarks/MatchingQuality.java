package io.onefold.benchmarks;

import io.onefold.benchmarks.matching.MatchingQualityRun;

/**
 * <b>Question:</b> how well does probabilistic matching with inferred, label-free rules find the same person in
 * labelled data — pairwise precision, recall and F1 and the cluster count against the truth column?
 *
 * <p>The core alone (rules inferred, trained without labels, blocked pairs scored, connected components at the rules'
 * {@code auto_merge_threshold}); not yet through the upsert pipeline. Run:
 * <pre>
 * java -cp onefold-benchmarks/target/benchmarks.jar io.onefold.benchmarks.MatchingQuality \
 *   --csv ../shared/data/matching/febrl3.csv --id-column rec_id --truth-column entity_id \
 *   --compare given_name,surname,street_number,address_1,address_2,suburb,postcode,state,date_of_birth
 * </pre>
 * With {@code --second-csv FILE} the two files are linked (pairs only across files); with {@code --union true} as well,
 * both files are deduplicated together, as the upsert pipeline will see them.
 */
public final class MatchingQuality {
    private MatchingQuality() {}

    public static void main(String[] args) throws Exception {
        MatchingQualityRun.main(args);
    }
}
