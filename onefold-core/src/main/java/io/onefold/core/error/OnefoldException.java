package io.onefold.core.error;

import java.util.List;

/** Root of Onefold's small exception taxonomy; every subclass carries a stable {@link ErrorCode}. */
public abstract class OnefoldException extends RuntimeException {
    private final ErrorCode code;
    private final List<Violation> details;

    protected OnefoldException(ErrorCode code, String message, List<Violation> details) {
        super(message);
        this.code = code;
        this.details = List.copyOf(details);
    }

    public ErrorCode code() {
        return code;
    }

    public List<Violation> details() {
        return details;
    }
}
