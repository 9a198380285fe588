package io.onefold.core.error;

import java.util.List;

/**
 * Merge protection refused the change; nothing was written. Names the profiles involved and the
 * attribute that would have been broken, so that an operator can fix it (transfer, alias, manual merge).
 */
public final class IdentifierConflictException extends OnefoldException {
    private final List<String> profileIds;
    private final String attribute;

    public IdentifierConflictException(String attribute, List<String> profileIds, String message) {
        super(ErrorCode.IDENTIFIER_CONFLICT, message, List.of(new Violation(attribute == null ? "" : "profile_data." + attribute, message)));
        this.profileIds = List.copyOf(profileIds);
        this.attribute = attribute;
    }

    public List<String> profileIds() {
        return profileIds;
    }

    public String attribute() {
        return attribute;
    }
}
