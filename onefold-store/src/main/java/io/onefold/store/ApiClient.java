package io.onefold.store;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * An OAuth 2.0 client (client credentials grant) of one organization.
 *
 * @param secretHash  PBKDF2 hash of the secret, never the secret itself
 * @param permissions {@code CustomerProfile:Read}, {@code CustomerProfile:Write}, {@code CustomerProfile:Admin}
 * @param sources     the sources the client may write as; {@code *} for any
 * @param cidrs       networks the client may call from; empty for anywhere
 */
public record ApiClient(String clientId, String organization, String secretHash, Set<String> permissions, Set<String> sources,
                        List<String> cidrs, Instant createdAt) {
    public ApiClient {
        permissions = Set.copyOf(permissions);
        sources = Set.copyOf(sources);
        cidrs = List.copyOf(cidrs);
    }
}
