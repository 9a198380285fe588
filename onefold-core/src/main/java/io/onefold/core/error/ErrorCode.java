package io.onefold.core.error;

/**
 * Stable error codes, grouped by what the caller should do (the Senzing SDK's taxonomy).
 * The HTTP server maps these to statuses in one table (io.onefold.server.ErrorStatus), which {@code /profiles/bulk}
 * lines and {@code onefold ingest}'s rejects use too; codes are part of the wire contract.
 */
public enum ErrorCode {
    /** The input breaks the template, the rules or the request's shape: fix the input. */
    VALIDATION_FAILED,
    /** The body is not JSON at all. */
    MALFORMED_JSON,
    /** A row of a CSV file could not be read ({@code onefold ingest --csv}). */
    MALFORMED_CSV,
    /** The profile, template, rule set or record named does not exist. */
    NOT_FOUND,
    /** Merge protection refused: the input would give a profile two values for a single identifier, etc. */
    IDENTIFIER_CONFLICT,
    /** The operation conflicts with the current state in some other way (e.g. unmerging a profile that was not merged). */
    CONFLICT,
    /** A configuration (template, rule set) is invalid. */
    INVALID_CONFIGURATION,
    /** The same Idempotency-Key was sent with a different body. */
    IDEMPOTENCY_KEY_REUSED,
    /** The request's Idempotency-Key named a profile since erased: it is never applied again. */
    ERASED,
    /**
     * The store cannot be reached (a database restarting, its connections lost): nothing was written. Retry later;
     * the same request is safe to send again.
     */
    UNAVAILABLE,
    /**
     * The connection to the store was lost after the commit was sent: the write may or may not be stored. A retry with
     * the same Idempotency-Key is safe — it answers the stored result if the commit happened, and applies the write once
     * if it did not.
     */
    COMMIT_OUTCOME_UNKNOWN
}
