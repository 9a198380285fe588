package io.onefold.store.sqlite;

import io.onefold.core.model.SourceRecordKey;
import io.onefold.store.ChangeEvent;
import io.onefold.store.ConfigKind;
import io.onefold.store.Fragment;
import io.onefold.store.IdempotencyRecord;
import io.onefold.store.Job;
import io.onefold.store.Organization;
import io.onefold.store.Page;
import io.onefold.store.ProfileReads;
import io.onefold.store.SearchQuery;
import io.onefold.store.StoredConfig;
import io.onefold.store.StoredProfile;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every read, written once: the store runs them on a pooled read connection, the write session on its own
 * connection inside its transaction (so it sees its own writes).
 */
abstract class SqliteProfileReads implements io.onefold.store.StoreReads, ProfileReads, io.onefold.store.ConfigurationReads, io.onefold.store.AccessReads,
        io.onefold.store.WebhookReads, io.onefold.store.JobReads, io.onefold.store.IdempotencyReads {
    @Override
    public ProfileReads profiles() {
        return this;
    }

    @Override
    public io.onefold.store.ConfigurationReads configuration() {
        return this;
    }

    @Override
    public io.onefold.store.AccessReads access() {
        return this;
    }

    @Override
    public io.onefold.store.WebhookReads webhooks() {
        return this;
    }

    @Override
    public io.onefold.store.JobReads jobs() {
        return this;
    }

    @Override
    public io.onefold.store.IdempotencyReads idempotency() {
        return this;
    }


    interface Query<T> {
        T run(Statements s) throws SQLException;
    }

    /** Runs one query. */
    abstract <T> T query(Query<T> query);

    /** Runs several queries that must see one snapshot. */
    abstract <T> T snapshot(Query<T> query);

    @Override
    public Optional<Organization> organization(String id) {
        return query(s -> SqliteReads.organization(s, id));
    }

    @Override
    public List<Organization> organizations() {
        return query(SqliteReads::organizations);
    }

    @Override
    public Optional<StoredProfile> profile(String org, String profileId) {
        return query(s -> SqliteReads.profile(s, org, profileId));
    }

    @Override
    public Optional<String> ownerOf(String org, String attribute, String value) {
        return query(s -> SqliteReads.ownerOf(s, org, attribute, value));
    }

    @Override
    public Set<String> sharedOwners(String org, String attribute, String value) {
        return query(s -> SqliteReads.sharedOwners(s, org, attribute, value));
    }

    @Override
    public Optional<String> recordOwner(String org, SourceRecordKey key) {
        return query(s -> SqliteReads.recordOwner(s, org, key));
    }

    @Override
    public Set<String> recordOwnersMentioning(String org, Collection<String> values) {
        return query(s -> SqliteReads.recordOwnersMentioning(s, org, values));
    }

    @Override
    public Fragment fragment(String org, Collection<String> nodeIds) {
        return snapshot(s -> SqliteReads.fragment(s, org, nodeIds));
    }

    @Override
    public Page<StoredProfile> search(String org, SearchQuery query) {
        return query(s -> SqliteReads.search(s, org, query));
    }

    @Override
    public List<String> activeProfileIds(String org, String afterId, int limit) {
        return query(s -> SqliteReads.activeProfileIds(s, org, afterId, limit));
    }

    @Override
    public long countActiveProfiles(String org) {
        return query(s -> SqliteReads.countActiveProfiles(s, org));
    }

    @Override
    public List<ChangeEvent> history(String org, Collection<String> profileIds, int limit) {
        return snapshot(s -> SqliteReads.history(s, org, profileIds, limit));
    }

    @Override
    public List<ChangeEvent> changesSince(String org, long afterPosition, int limit) {
        return query(s -> SqliteReads.changesSince(s, org, afterPosition, limit));
    }

    @Override
    public long latestPosition(String org) {
        return query(s -> SqliteReads.latestPosition(s, org));
    }

    @Override
    public List<StoredConfig> configs(String org, ConfigKind kind) {
        return query(s -> SqliteReads.configs(s, org, kind));
    }

    @Override
    public Optional<StoredConfig> config(String org, ConfigKind kind, String name) {
        return query(s -> SqliteReads.config(s, org, kind, name));
    }

    @Override
    public Optional<StoredConfig> activeConfig(String org, ConfigKind kind) {
        return query(s -> SqliteReads.activeConfig(s, org, kind));
    }

    @Override
    public Optional<IdempotencyRecord> idempotency(String org, String key) {
        return query(s -> SqliteReads.idempotency(s, org, key));
    }

    @Override
    public List<IdempotencyRecord> idempotencyOf(String org, Collection<String> profileIds) {
        return query(s -> SqliteReads.idempotencyOf(s, org, profileIds));
    }

    @Override
    public Optional<Job> job(String org, String id) {
        return query(s -> SqliteReads.job(s, org, id));
    }

    @Override
    public List<Job> jobs(String type, String status) {
        return query(s -> SqliteReads.jobs(s, type, status));
    }

    @Override
    public Optional<io.onefold.store.ApiClient> client(String clientId) {
        return query(s -> SqliteReads.client(s, clientId));
    }

    @Override
    public List<io.onefold.store.ApiClient> clients(String org) {
        return query(s -> SqliteReads.clients(s, org));
    }

    @Override
    public List<io.onefold.store.SigningKey> signingKeys() {
        return query(SqliteReads::signingKeys);
    }

    @Override
    public List<io.onefold.store.Webhook> webhooks(String org) {
        return query(s -> SqliteReads.webhooks(s, org));
    }

    @Override
    public List<io.onefold.store.Webhook> activeWebhooks() {
        return query(SqliteReads::activeWebhooks);
    }

    @Override
    public com.fasterxml.jackson.databind.node.ObjectNode organizationSettings(String org) {
        return query(s -> SqliteReads.organizationSettings(s, org));
    }
}
