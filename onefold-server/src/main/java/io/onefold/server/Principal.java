package io.onefold.server;

import io.onefold.service.Permission;
import java.util.Set;

/** The authenticated caller: an OAuth client of one organization, its permissions and the sources it may write as. */
record Principal(String clientId, String organization, Set<Permission> permissions, Set<String> sources) {

    void require(Permission permission) {
        if (!permissions.contains(permission)) {
            throw ApiException.forbidden("the token lacks the permission " + permission.wire(), "permission");
        }
    }

    void requireSource(String source) {
        if (source != null && !sources.contains("*") && !sources.contains(source)) {
            throw ApiException.forbidden("client '" + clientId + "' may not write as source '" + source + "'", "source");
        }
    }
}
