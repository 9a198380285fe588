package io.onefold.cli.generate;

import java.util.List;

/**
 * How well the profiles match the ground truth, counted over source records.
 *
 * <p>Pairwise precision: of the pairs of records Onefold put in one profile, the share that belong to one customer
 * (1.0 = no profile mixes two people). Pairwise recall: of the pairs of records of one customer, the share Onefold put
 * in one profile (1.0 = nobody is split). Records the store does not hold ({@code missingRecords}) count as singletons.
 */
public record MergeQuality(long customers, long profiles, long records, long missingRecords, double precision, double recall,
                           long mixedProfiles, long splitCustomers, List<String> mixedExamples, List<String> splitExamples) {
    public boolean exact() {
        return missingRecords == 0 && mixedProfiles == 0 && splitCustomers == 0;
    }

    public String summary() {
        return ("customers %,d · profiles %,d · records %,d (missing %,d) · pairwise precision %.6f · recall %.6f · "
                + "profiles mixing customers %,d · customers split %,d").formatted(customers, profiles, records, missingRecords,
                precision, recall, mixedProfiles, splitCustomers);
    }
}
