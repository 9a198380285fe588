package io.onefold.store;

import io.onefold.core.identity.IdentifierKey;
import io.onefold.core.identity.IdentityLink;
import io.onefold.core.identity.LinkKind;
import io.onefold.core.identity.LinkState;
import io.onefold.core.model.SourceRecordKey;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Profiles as a store holds them: rows, identifier owners, source-record owners, whole clusters, search, and the
 * change stream. Read inside a write session (seeing its own writes) or outside (never waiting for the writer).
 */
public interface ProfileReads {
    /** The stored row of a profile id, whatever its status. */
    Optional<StoredProfile> profile(String org, String profileId);

    /**
     * A stamp of a profile's row that changes whenever the row is written (PostgreSQL: the row version's {@code xmin}
     * with the profile's version), or empty when there is no such row — what confirms a cached read on a store shared
     * by several nodes ({@link ProfileStore#rowStamps}). A store without stamps answers empty.
     */
    default Optional<String> rowStamp(String org, String profileId) {
        return Optional.empty();
    }

    /** The node owning a linking value and its row's {@link #rowStamp}, in one read; empty when nobody owns it. */
    default Optional<OwnerStamp> ownerStamp(String org, String attribute, String value) {
        return Optional.empty();
    }

    /** The owner of a linking value and the stamp of its row. */
    record OwnerStamp(String profileId, String stamp) {}

    /** The node owning a linking identifier value (current or alias). */
    Optional<String> ownerOf(String org, String attribute, String value);

    /** The stored row of the node owning a linking identifier value ({@link #ownerOf} then {@link #profile}, in one read). */
    Optional<StoredProfile> profileOwning(String org, String attribute, String value);

    /** The nodes holding a non-linking identifier value. */
    Set<String> sharedOwners(String org, String attribute, String value);

    /** The node owning a source record. */
    Optional<String> recordOwner(String org, SourceRecordKey key);

    /**
     * The owners of many linking identifier values at once, each as {@link #ownerOf} answers it (a value nobody owns
     * is absent): the write pipeline's read of a whole batch's values, one query however many.
     */
    Map<IdentifierKey, String> owners(String org, Collection<IdentifierKey> values);

    /** The holders of many non-linking values at once, each as {@link #sharedOwners(String, String, String)} answers it (absent: nobody). */
    Map<IdentifierKey, Set<String>> sharedOwners(String org, Collection<IdentifierKey> values);

    /** The owners of many source records at once, each as {@link #recordOwner} answers it (absent: nobody). */
    Map<SourceRecordKey, String> recordOwners(String org, Collection<SourceRecordKey> keys);

    /**
     * The nodes owning a source record whose body holds one of {@code values} as a JSON string: a scan of the
     * organization's records, for an erasure, which must find the records carrying the erased person's identifiers
     * wherever they live. A filter only: the engine checks each record it loads exactly.
     */
    Set<String> recordOwnersMentioning(String org, Collection<String> values);

    /**
     * Probabilistic matching's candidates: for each blocking key, the nodes owning the records indexed under it (each
     * record's {@link #recordOwner}: the node that holds it, absorbed or not — the caller loads its cluster). One query
     * however many keys.
     *
     * <p>A key held by more than {@code maxPerKey} records answers an <em>empty</em> set: a key that common (a frequent
     * surname's block) is no evidence, and scoring thousands of candidates per upsert would blow the write's budget; its
     * cost here stays bounded too (at most {@code maxPerKey + 1} index entries read). A key no record holds is
     * <em>absent</em> from the map, so an empty set always means "too common".
     */
    Map<String, Set<String>> matchCandidates(String org, Collection<String> keys, int maxPerKey);

    /**
     * The same candidates as {@link #matchCandidates}, as the records themselves with their nodes, in key order then
     * record order; a key over {@code maxPerKey} finds nothing. The pipeline scores these and reads whole clusters only
     * for the nodes whose records score at the review threshold or above (the join already reads each record's row).
     */
    List<CandidateRecord> matchCandidateRecords(String org, Collection<String> keys, int maxPerKey);

    /**
     * The links of a kind and state (the review queue: {@code POSSIBLE_MATCH}, {@code ASSERTED}), oldest first — by
     * {@code at}, then id — strictly after the cursor {@code (afterAt, afterId)} (afterAt null: from the start; afterId
     * null with an afterAt: every link at that instant is after it), at most {@code limit}.
     */
    List<IdentityLink> links(String org, LinkKind kind, LinkState state, Instant afterAt, String afterId, int limit);

    /** One link by its id, whatever its kind and state (a review decision names the possible match it decides). */
    Optional<IdentityLink> link(String org, String linkId);

    /** The whole clusters of the given node ids (each id's root and everything absorbed into it). */
    Fragment fragment(String org, Collection<String> nodeIds);

    /**
     * Active profiles whose golden attribute matches, ordered by id, after the cursor: from the search index when the
     * query is {@link SearchQuery#indexed}, else from a scan of at most {@link SearchQuery#scanLimit} profiles (the
     * page says it was {@link SearchPage#scanned}).
     */
    SearchPage<StoredProfile> search(String org, SearchQuery query);

    /** Active profile ids after {@code afterId} (null: from the start), ordered, at most {@code limit}. */
    List<String> activeProfileIds(String org, String afterId, int limit);

    long countActiveProfiles(String org);

    /** The changes of the given profile ids, oldest first. */
    List<ChangeEvent> history(String org, Collection<String> profileIds, int limit);

    /** The organization's changes after a stream position, in position order. */
    List<ChangeEvent> changesSince(String org, long afterPosition, int limit);

    /** The organization's latest stream position, 0 when it has no change yet. */
    long latestPosition(String org);
}
