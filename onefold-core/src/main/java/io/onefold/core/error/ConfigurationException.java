package io.onefold.core.error;

import java.util.List;

/** A template or rule set that cannot be compiled; lists every problem with its path and the valid options. */
public final class ConfigurationException extends OnefoldException {
    public ConfigurationException(List<Violation> violations) {
        super(ErrorCode.INVALID_CONFIGURATION, summary(violations), violations);
    }

    private static String summary(List<Violation> v) {
        return v.isEmpty() ? "invalid configuration" : v.get(0).field() + ": " + v.get(0).reason()
                + (v.size() > 1 ? " (and " + (v.size() - 1) + " more)" : "");
    }
}
