package io.onefold.core.error;

import java.util.List;

/** Bad input: every offending field is reported at once, never only the first. */
public final class ValidationException extends OnefoldException {
    public ValidationException(List<Violation> violations) {
        this(ErrorCode.VALIDATION_FAILED, violations);
    }

    public ValidationException(ErrorCode code, List<Violation> violations) {
        super(code, summary(violations), violations);
    }

    public static ValidationException of(String field, String reason) {
        return new ValidationException(List.of(new Violation(field, reason)));
    }

    private static String summary(List<Violation> violations) {
        if (violations.isEmpty()) return "invalid input";
        Violation first = violations.get(0);
        String more = violations.size() > 1 ? " (and " + (violations.size() - 1) + " more)" : "";
        return first.field() + ": " + first.reason() + more;
    }
}
