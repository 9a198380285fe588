package io.onefold.store.jdbc;

import io.onefold.core.identity.IdentifierKey;
import io.onefold.core.identity.IdentityLink;
import io.onefold.core.identity.LinkKind;
import io.onefold.core.identity.LinkState;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.store.ChangeEvent;
import io.onefold.store.Fragment;
import io.onefold.store.SearchPage;
import io.onefold.store.ProfileReads;
import io.onefold.store.SearchQuery;
import io.onefold.store.StoredProfile;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Profiles and the change stream, read on a runner: a store's pooled read connections, or a write session's connection
 * inside its transaction (which so sees its own writes). What a store reads its own way, the {@link Dialect} runs.
 */
public class JdbcProfileReads implements ProfileReads {
    protected final QueryRunner db;

    public JdbcProfileReads(QueryRunner db) {
        this.db = db;
    }

    @Override
    public Optional<StoredProfile> profile(String org, String profileId) {
        return db.query(s -> ProfileQueries.profile(s, org, profileId));
    }

    @Override
    public Optional<String> rowStamp(String org, String profileId) {
        return db.query(s -> ProfileQueries.rowStamp(s, org, profileId));
    }

    @Override
    public Optional<OwnerStamp> ownerStamp(String org, String attribute, String value) {
        return db.query(s -> ProfileQueries.ownerStamp(s, org, attribute, value));
    }

    @Override
    public Optional<StoredProfile> profileOwning(String org, String attribute, String value) {
        return db.query(s -> ProfileQueries.profileOwning(s, org, attribute, value));
    }

    @Override
    public Optional<String> ownerOf(String org, String attribute, String value) {
        return db.query(s -> ProfileQueries.ownerOf(s, org, attribute, value));
    }

    @Override
    public Set<String> sharedOwners(String org, String attribute, String value) {
        return db.query(s -> ProfileQueries.sharedOwners(s, org, attribute, value));
    }

    @Override
    public Optional<String> recordOwner(String org, SourceRecordKey key) {
        return db.query(s -> ProfileQueries.recordOwner(s, org, key));
    }

    @Override
    public Map<IdentifierKey, String> owners(String org, Collection<IdentifierKey> values) {
        return db.query(s -> ProfileQueries.owners(s, org, List.copyOf(values)));
    }

    @Override
    public Map<IdentifierKey, Set<String>> sharedOwners(String org, Collection<IdentifierKey> values) {
        return db.query(s -> ProfileQueries.sharedOwners(s, org, List.copyOf(values)));
    }

    @Override
    public Map<SourceRecordKey, String> recordOwners(String org, Collection<SourceRecordKey> keys) {
        return db.query(s -> ProfileQueries.recordOwners(s, org, List.copyOf(keys)));
    }

    @Override
    public SearchPage<StoredProfile> search(String org, SearchQuery query) {
        return db.query(s -> ProfileQueries.search(s, org, query));
    }

    @Override
    public List<String> activeProfileIds(String org, String afterId, int limit) {
        return db.query(s -> ProfileQueries.activeProfileIds(s, org, afterId, limit));
    }

    @Override
    public long countActiveProfiles(String org) {
        return db.query(s -> ProfileQueries.countActiveProfiles(s, org));
    }

    @Override
    public List<ChangeEvent> changesSince(String org, long afterPosition, int limit) {
        return db.query(s -> ChangeQueries.changesSince(s, org, afterPosition, limit));
    }

    @Override
    public long latestPosition(String org) {
        return db.query(s -> ChangeQueries.latestPosition(s, org));
    }

    @Override
    public Set<String> recordOwnersMentioning(String org, Collection<String> values) {
        return db.query(s -> s.dialect().recordOwnersMentioning(s, org, values));
    }

    @Override
    public Map<String, Set<String>> matchCandidates(String org, Collection<String> keys, int maxPerKey) {
        return db.query(s -> MatchQueries.matchCandidates(s, org, keys, maxPerKey));
    }

    @Override
    public List<io.onefold.store.CandidateRecord> matchCandidateRecords(String org, Collection<String> keys, int maxPerKey) {
        return db.query(s -> MatchQueries.matchCandidateRecords(s, org, keys, maxPerKey));
    }

    @Override
    public List<IdentityLink> links(String org, LinkKind kind, LinkState state, Instant afterAt, String afterId, int limit) {
        return db.query(s -> MatchQueries.links(s, org, kind, state, afterAt, afterId, limit));
    }

    @Override
    public Optional<IdentityLink> link(String org, String linkId) {
        return db.query(s -> MatchQueries.link(s, org, linkId));
    }

    @Override
    public Fragment fragment(String org, Collection<String> nodeIds) {
        return db.snapshot(s -> s.dialect().fragment(s, org, nodeIds));
    }

    @Override
    public List<ChangeEvent> history(String org, Collection<String> profileIds, int limit) {
        return db.snapshot(s -> s.dialect().history(s, org, profileIds, limit));
    }
}
