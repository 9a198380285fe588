package io.onefold.core.error;

import java.util.List;

/**
 * An identifier transfer named a {@code from_value} that is not the profile's current value: the caller's view is
 * stale (another transfer or a source changed it), so replacing the real current value would lose an update.
 * Nothing was written; the current values travel with the refusal so that the caller can decide again.
 */
public final class FromValueConflictException extends OnefoldException {
    private final String attribute;
    private final List<String> currentValues;

    public FromValueConflictException(String attribute, List<String> currentValues) {
        super(ErrorCode.CONFLICT, "from_value is not a current value of '" + attribute + "'; nothing was transferred",
                List.of(new Violation("from_value", "is not a current value of '" + attribute + "'; its current values are " + currentValues)));
        this.attribute = attribute;
        this.currentValues = List.copyOf(currentValues);
    }

    public String attribute() {
        return attribute;
    }

    public List<String> currentValues() {
        return currentValues;
    }
}
