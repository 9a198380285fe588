package io.onefold.core.error;

import java.util.List;

/** The operation does not fit the current state (e.g. unmerging profiles that were never merged). */
public final class StateConflictException extends OnefoldException {
    public StateConflictException(String message) {
        super(ErrorCode.CONFLICT, message, List.of());
    }
}
