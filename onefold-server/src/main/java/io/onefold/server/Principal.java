package io.onefold.server;

import io.onefold.service.Permission;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** The authenticated caller: an OAuth client of one organization, its permissions and the sources it may write as. */
record Principal(String clientId, String organization, Set<Permission> permissions, Set<String> sources) {

    void require(Permission permission) {
        if (!permissions.contains(permission)) {
            throw ApiException.forbidden("the token lacks the permission " + permission.wire(), "permission");
        }
    }

    /**
     * Aliases and identifier transfers change which customer a value finds: a client bound to sources may make them
     * only when one of its sources is the rule set's identifier authority (a client of every source always may).
     */
    void requireIdentifierAuthority(Supplier<Optional<String>> authority) {
        if (sources.contains("*")) return;
        Optional<String> trusted = authority.get();
        if (trusted.isPresent() && sources.contains(trusted.get())) return;
        throw ApiException.forbidden("client '" + clientId + "' may not change identifiers: only a client of the identifier authority"
                + trusted.map(a -> " '" + a + "'").orElse(" (the active rule set names none)") + " or of every source may", "source");
    }

    void requireSource(String source) {
        if (source != null && !sources.contains("*") && !sources.contains(source)) {
            throw ApiException.forbidden("client '" + clientId + "' may not write as source '" + source + "'", "source");
        }
    }
}
