package io.onefold.core.error;

import java.util.List;

/** The named profile, record, template or rule set does not exist in this organization. */
public final class NotFoundException extends OnefoldException {
    public NotFoundException(String message) {
        super(ErrorCode.NOT_FOUND, message, List.of());
    }
}
