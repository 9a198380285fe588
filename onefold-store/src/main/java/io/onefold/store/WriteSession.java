package io.onefold.store;

import io.onefold.core.identity.GraphChanges;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.function.Function;

/**
 * The store's single write connection, used by one thread at a time (the service's writer). A batch of
 * operations runs in one transaction — group commit — each inside a savepoint, so a refused operation is
 * rolled back alone. {@link #commit()} returns only when the transaction is durable (fsync).
 */
public interface WriteSession extends ProfileReads, AutoCloseable {
    void begin();

    void commit();

    void rollback();

    void savepoint();

    void releaseSavepoint();

    void rollbackToSavepoint();

    void createOrganization(Organization organization);

    void putOrganizationSettings(String org, com.fasterxml.jackson.databind.node.ObjectNode settings);

    /** Deletes the organization's changes that occurred before {@code before} (event retention); returns how many. */
    int purgeChanges(String org, Instant before);

    /**
     * Writes what an operation changed on a loaded fragment: node rows, identifier entries (a value owned by
     * another profile violates the store's unique constraint: {@link io.onefold.core.error.IdentifierConflictException}),
     * records, links, and the readers' view of every changed root.
     */
    void apply(String org, Fragment before, GraphChanges changes, java.util.Set<String> nonLinkingAttributes, Instant now);

    /** Replaces the readers' view of an active profile whose identity did not change (re-resolution under new rules). */
    void updateGolden(String org, io.onefold.core.identity.ProfileView profile, Instant now);

    /**
     * Appends a change (history + outbox). Returns 0: positions are what readers see once the transaction committed
     * (PostgreSQL assigns them at commit, so that they follow commit order across nodes; SQLite's rowid does, and
     * asking for it per insert costs a statement reset). Either way a reader that sees a position has seen every smaller
     * one.
     */
    long appendChange(ChangeEvent event);

    /**
     * Locks {@code keys} (opaque strings: an identifier value, a record key, a profile id) until the transaction
     * ends, against every other process sharing the store. Waits for a key another transaction holds only when
     * {@code mayWait} and the locks this transaction already holds were all taken by the current operation (since
     * {@link #savepoint()}), in the order the caller keeps — so waits never form a cycle; otherwise returns false at
     * once when a key is taken. The embedded store has one writer and nothing to lock: always true.
     */
    default boolean lock(java.util.Collection<String> keys, boolean mayWait) {
        return true;
    }

    /** Whether other processes write the same store, so that operations must lock what they touch. */
    default boolean shared() {
        return false;
    }

    /**
     * A number that changes whenever any process commits a configuration or settings change, read by
     * {@link #begin()} and stable until the transaction ends (such changes wait for it): a writer that sees it
     * unchanged may keep its compiled configuration. Always 0 for a store with one process.
     */
    default long configurationEpoch() {
        return 0;
    }

    /**
     * Erasure: replaces the payload of every change of the given profile ids — stored, or appended in this transaction
     * and not yet stored — by {@code rewrite}'s (position, type and time stay: consumers replaying the stream still see
     * every change). Returns the profile ids whose payloads changed.
     */
    Set<String> rewriteChanges(String org, Collection<String> profileIds, Function<ChangeEvent, ObjectNode> rewrite);

    /** Stores a new version of a configuration; returns it. The first of its kind in an organization becomes active. */
    StoredConfig putConfig(String org, ConfigKind kind, String name, com.fasterxml.jackson.databind.JsonNode body, Instant now);

    /**
     * Makes {@code version} of {@code name} the active one of its kind; false, changing nothing, when that version no
     * longer exists (deleted meanwhile).
     */
    boolean activate(String org, ConfigKind kind, String name, int version);

    /** Removes every version of a configuration that is not active. Returns whether anything was removed. */
    boolean deleteConfig(String org, ConfigKind kind, String name);

    void putIdempotency(IdempotencyRecord record);

    void putJob(Job job);

    void putClient(ApiClient client);

    boolean deleteClient(String clientId);

    void putSigningKey(SigningKey key);

    void putWebhook(Webhook webhook);

    boolean deleteWebhook(String org, String id);

    @Override
    void close();
}
