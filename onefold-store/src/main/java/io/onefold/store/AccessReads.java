package io.onefold.store;

import java.util.List;
import java.util.Optional;

/** API clients and the keys that sign their tokens. */
public interface AccessReads {
    /** A client by id, whatever its organization (client ids are global: the token endpoint does not know the organization). */
    Optional<ApiClient> client(String clientId);

    List<ApiClient> clients(String org);

    /** Every signing key, newest first. */
    List<SigningKey> signingKeys();
}
