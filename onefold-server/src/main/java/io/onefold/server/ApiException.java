package io.onefold.server;

import io.onefold.core.error.Violation;
import java.util.List;
import java.util.Map;

/** An HTTP-level refusal (401, 403, 413, 415, 429…) with a stable code; mapped by {@link ApiErrors} like every other error. */
final class ApiException extends RuntimeException {
    final int status;
    final String code;
    final List<Violation> details;
    final Map<String, String> headers;

    ApiException(int status, String code, String message, List<Violation> details, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = details;
        this.headers = headers;
    }

    static ApiException unauthorized(String message) {
        return new ApiException(401, "UNAUTHORIZED", message, List.of(), Map.of("WWW-Authenticate", "Bearer realm=\"onefold\", error=\"invalid_token\""));
    }

    static ApiException forbidden(String message, String field) {
        return new ApiException(403, "FORBIDDEN", message, List.of(new Violation(field, message)), Map.of());
    }

    static ApiException unsupportedMediaType(String expected) {
        return new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be " + expected, List.of(new Violation("Content-Type", "must be " + expected)), Map.of());
    }

    static ApiException tooLarge(long limit) {
        return new ApiException(413, "PAYLOAD_TOO_LARGE", "the request body is larger than " + limit + " bytes", List.of(), Map.of());
    }

    static ApiException rateLimited(long retryAfterSeconds) {
        return new ApiException(429, "RATE_LIMITED", "too many requests; retry after " + retryAfterSeconds + " s", List.of(),
                Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    static ApiException badRequest(String field, String reason) {
        return new ApiException(400, "VALIDATION_FAILED", field + ": " + reason, List.of(new Violation(field, reason)), Map.of());
    }
}
