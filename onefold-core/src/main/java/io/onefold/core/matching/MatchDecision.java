package io.onefold.core.matching;

/** What a score leads to under the rules' thresholds; codes are stable (they are stored with a link's evidence). */
public enum MatchDecision {
    /** At or above {@code auto_merge_threshold}: merge automatically (merge protection still applies). */
    AUTO_MERGE("auto_merge"),
    /** At or above {@code review_threshold} but below the merge threshold: a possible match for a reviewer. */
    REVIEW("review"),
    /** Below {@code review_threshold}: different people. */
    NO_MATCH("no_match");

    private final String code;

    MatchDecision(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
