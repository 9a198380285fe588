package io.onefold.server;

import io.onefold.core.error.ErrorCode;

/**
 * The one table from the service's error codes to what a client is answered: the HTTP status and the code on the
 * wire. A single request ({@link ApiErrors}), a {@code /profiles/bulk} line ({@link ProfileController}) and a line
 * {@code onefold ingest} loads straight into a data directory (its rejects file) read it, so the same refusal gets
 * the same status and code on every path. Every code is a client error or a retryable 503 (the store cannot be
 * reached, or a commit's outcome is unknown): a refused request is never a 500.
 *
 * @param status the HTTP status
 * @param code   the wire code ({@code docs/api.md}, "Errors")
 */
public record ErrorStatus(int status, String code) {
    /** Seconds a client is told to wait before retrying a 503 (the database restarting takes about that). */
    static final String RETRY_AFTER_SECONDS = "1";

    public static ErrorStatus of(ErrorCode code) {
        return switch (code) {
            case VALIDATION_FAILED, MALFORMED_JSON, MALFORMED_CSV -> new ErrorStatus(400, code.name());
            // the wire contract has one code for a body that breaks a schema, whether an observation's or a configuration's
            case INVALID_CONFIGURATION -> new ErrorStatus(400, ErrorCode.VALIDATION_FAILED.name());
            case NOT_FOUND -> new ErrorStatus(404, code.name());
            case IDENTIFIER_CONFLICT, CONFLICT -> new ErrorStatus(409, code.name());
            case ERASED -> new ErrorStatus(410, code.name());
            case IDEMPOTENCY_KEY_REUSED -> new ErrorStatus(422, code.name());
            // the database restarting: retry later; after an unknown commit outcome, with the same Idempotency-Key
            case UNAVAILABLE, COMMIT_OUTCOME_UNKNOWN -> new ErrorStatus(503, code.name());
        };
    }
}
