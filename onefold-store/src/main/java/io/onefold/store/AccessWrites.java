package io.onefold.store;

/** API clients and signing keys, written in the session's transaction. */
public interface AccessWrites extends AccessReads {
    void putClient(ApiClient client);

    boolean deleteClient(String clientId);

    void putSigningKey(SigningKey key);
}
