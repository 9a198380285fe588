package io.onefold.store.jdbc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.identity.IdentifierKey;
import io.onefold.core.identity.ProfileStatus;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.store.SearchPage;
import io.onefold.store.SearchQuery;
import io.onefold.store.StoreCodec;
import io.onefold.store.StoredProfile;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The queries on profile rows, identifier entries and records, run on whatever connection the caller holds (a pooled
 * reader, or the writer inside its transaction), in either dialect.
 */
public final class ProfileQueries {
    private ProfileQueries() {}

    public static final String PROFILE_COLUMNS = "id, status, survivor_id, created_at, updated_at, version, identity, golden, absorbed";

    public static Optional<StoredProfile> profile(Statements s, String org, String id) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + PROFILE_COLUMNS + " FROM profiles WHERE org = ? AND id = ?");
        ps.setString(1, org);
        ps.setString(2, id);
        return Rows.first(ps, rs -> profile(s.dialect(), rs));
    }

    /** A row of {@link #PROFILE_COLUMNS}. */
    public static StoredProfile profile(Dialect d, ResultSet rs) throws SQLException {
        String golden = rs.getString(8);
        return new StoredProfile(rs.getString(1), ProfileStatus.valueOf(rs.getString(2)), rs.getString(3),
                d.instant(rs, 4), d.instant(rs, 5), rs.getLong(6),
                StoreCodec.identity(rs.getString(7)), golden == null ? null : (ObjectNode) StoreCodec.parse(golden));
    }

    /** The row of the node owning a linking value, in one statement (a lookup's read: the owner, then its row). */
    public static Optional<StoredProfile> profileOwning(Statements s, String org, String attribute, String value) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT p." + PROFILE_COLUMNS.replace(", ", ", p.") + " FROM identifiers i JOIN profiles p"
                + " ON p.org = i.org AND p.id = i.profile_id WHERE i.org = ? AND i.attribute = ? AND i.value = ?");
        ps.setString(1, org);
        ps.setString(2, attribute);
        ps.setString(3, value);
        return Rows.first(ps, rs -> profile(s.dialect(), rs));
    }

    /** A profile row's stamp (empty when the dialect keeps none or the row does not exist). */
    public static Optional<String> rowStamp(Statements s, String org, String id) throws SQLException {
        String stamp = s.dialect().rowStamp("p");
        if (stamp == null) return Optional.empty();
        PreparedStatement ps = s.prepare("SELECT " + stamp + " FROM profiles p WHERE p.org = ? AND p.id = ?");
        ps.setString(1, org);
        ps.setString(2, id);
        return Rows.first(ps, rs -> rs.getString(1));
    }

    /** The node owning a linking value and its row's stamp, in one statement. */
    public static Optional<io.onefold.store.ProfileReads.OwnerStamp> ownerStamp(Statements s, String org, String attribute, String value) throws SQLException {
        String stamp = s.dialect().rowStamp("p");
        if (stamp == null) return Optional.empty();
        PreparedStatement ps = s.prepare("SELECT p.id, " + stamp + " FROM identifiers i JOIN profiles p"
                + " ON p.org = i.org AND p.id = i.profile_id WHERE i.org = ? AND i.attribute = ? AND i.value = ?");
        ps.setString(1, org);
        ps.setString(2, attribute);
        ps.setString(3, value);
        return Rows.first(ps, rs -> new io.onefold.store.ProfileReads.OwnerStamp(rs.getString(1), rs.getString(2)));
    }

    public static Optional<String> ownerOf(Statements s, String org, String attribute, String value) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT profile_id FROM identifiers WHERE org = ? AND attribute = ? AND value = ?");
        ps.setString(1, org);
        ps.setString(2, attribute);
        ps.setString(3, value);
        return Rows.first(ps, rs -> rs.getString(1));
    }

    public static Set<String> sharedOwners(Statements s, String org, String attribute, String value) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT profile_id FROM shared_identifiers WHERE org = ? AND attribute = ? AND value = ?");
        ps.setString(1, org);
        ps.setString(2, attribute);
        ps.setString(3, value);
        return new TreeSet<>(Rows.all(ps, rs -> rs.getString(1)));
    }

    public static Optional<String> recordOwner(Statements s, String org, SourceRecordKey key) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT profile_id FROM records WHERE org = ? AND source = ? AND record_key = ?");
        ps.setString(1, org);
        ps.setString(2, key.source());
        ps.setString(3, StoreCodec.recordKey(key));
        return Rows.first(ps, rs -> rs.getString(1));
    }

    // The set-based lookups bind the keys as one list of pairs and join it against the primary key: one statement,
    // prepared once, whatever the number of keys (Dialect#ownersOfPairs).

    public static Map<IdentifierKey, String> owners(Statements s, String org, List<IdentifierKey> values) throws SQLException {
        Map<IdentifierKey, String> out = HashMap.newHashMap(values.size());
        if (values.isEmpty()) return out;
        try (ResultSet rs = ownersOfPairs(s, org, "identifiers", "i", "attribute", "value",
                values.stream().map(IdentifierKey::attribute).toList(), values.stream().map(IdentifierKey::value).toList())) {
            while (rs.next()) out.put(values.get(s.dialect().pairIndex(rs)), rs.getString(2));
        }
        return out;
    }

    public static Map<IdentifierKey, Set<String>> sharedOwners(Statements s, String org, List<IdentifierKey> values) throws SQLException {
        Map<IdentifierKey, Set<String>> out = HashMap.newHashMap(values.size());
        if (values.isEmpty()) return out;
        try (ResultSet rs = ownersOfPairs(s, org, "shared_identifiers", "h", "attribute", "value",
                values.stream().map(IdentifierKey::attribute).toList(), values.stream().map(IdentifierKey::value).toList())) {
            while (rs.next()) out.computeIfAbsent(values.get(s.dialect().pairIndex(rs)), k -> new TreeSet<>()).add(rs.getString(2));
        }
        return out;
    }

    public static Map<SourceRecordKey, String> recordOwners(Statements s, String org, List<SourceRecordKey> keys) throws SQLException {
        Map<SourceRecordKey, String> out = HashMap.newHashMap(keys.size());
        if (keys.isEmpty()) return out;
        try (ResultSet rs = ownersOfPairs(s, org, "records", "r", "source", "record_key",
                keys.stream().map(SourceRecordKey::source).toList(), keys.stream().map(StoreCodec::recordKey).toList())) {
            while (rs.next()) out.put(keys.get(s.dialect().pairIndex(rs)), rs.getString(2));
        }
        return out;
    }

    private static ResultSet ownersOfPairs(Statements s, String org, String table, String alias, String first, String second,
            List<String> firsts, List<String> seconds) throws SQLException {
        PreparedStatement ps = s.prepare(s.dialect().ownersOfPairs(table, alias, first, second));
        ps.setString(s.dialect().bindPairs(s, ps, firsts, seconds), org);
        return ps.executeQuery();
    }

    /** A search: the index of a searchable attribute, else a scan of at most {@link SearchQuery#scanLimit} active profiles. */
    public static SearchPage<StoredProfile> search(Statements s, String org, SearchQuery q) throws SQLException {
        return q.indexed() ? indexedSearch(s, org, q) : scan(s, org, q);
    }

    /** A range of the index's primary key, in profile id order; the profile rows joined (an inactive one is left out). */
    public static final String INDEXED_SEARCH = "SELECT p." + PROFILE_COLUMNS.replace(", ", ", p.") + " FROM search_values v JOIN profiles p"
            + " ON p.org = v.org AND p.id = v.profile_id WHERE v.org = ? AND v.attribute = ? AND v.value = ? AND v.profile_id > ?"
            + " AND p.status = 'ACTIVE' ORDER BY v.profile_id LIMIT ?";

    private static SearchPage<StoredProfile> indexedSearch(Statements s, String org, SearchQuery q) throws SQLException {
        PreparedStatement ps = s.prepare(INDEXED_SEARCH);
        ps.setString(1, org);
        ps.setString(2, q.attribute());
        ps.setString(3, SearchIndex.encode(q.value()));
        ps.setString(4, q.cursor() == null ? "" : q.cursor());
        ps.setInt(5, q.limit() + 1);
        List<StoredProfile> items = Rows.all(ps, rs -> profile(s.dialect(), rs));
        if (items.size() <= q.limit()) return new SearchPage<>(items, null, false);
        items = new ArrayList<>(items.subList(0, q.limit()));
        return new SearchPage<>(items, items.get(items.size() - 1).id(), false);
    }

    /**
     * The golden records of at most {@code scanLimit} active profiles after the cursor, matched one by one. A page ends
     * after {@code limit} matches, or where the scan stopped: then its cursor is the last profile scanned, so that the
     * next page resumes there even when this one found fewer than {@code limit}.
     */
    private static SearchPage<StoredProfile> scan(Statements s, String org, SearchQuery q) throws SQLException {
        String cursor = q.cursor() == null ? "" : q.cursor();
        PreparedStatement ps = s.prepare("SELECT " + PROFILE_COLUMNS + " FROM (SELECT " + PROFILE_COLUMNS + " FROM profiles WHERE org = ?"
                + " AND status = 'ACTIVE' AND id > ? ORDER BY id LIMIT ?) AS scanned WHERE " + s.dialect().goldenMatch(q.list()) + " ORDER BY id LIMIT ?");
        ps.setString(1, org);
        ps.setString(2, cursor);
        ps.setInt(3, q.scanLimit());
        s.dialect().bindGoldenMatch(ps, 4, q);
        ps.setInt(6, q.limit() + 1);
        List<StoredProfile> items = Rows.all(ps, rs -> profile(s.dialect(), rs));
        if (items.size() > q.limit()) {
            items = new ArrayList<>(items.subList(0, q.limit()));
            return new SearchPage<>(items, items.get(items.size() - 1).id(), true);
        }
        // fewer matches than asked: did the scan stop at its bound with profiles left after it?
        PreparedStatement bound = s.prepare("SELECT id FROM profiles WHERE org = ? AND status = 'ACTIVE' AND id > ? ORDER BY id LIMIT 2 OFFSET ?");
        bound.setString(1, org);
        bound.setString(2, cursor);
        bound.setInt(3, q.scanLimit() - 1);
        List<String> edge = Rows.all(bound, rs -> rs.getString(1));
        return new SearchPage<>(items, edge.size() == 2 ? edge.get(0) : null, true);
    }

    public static List<String> activeProfileIds(Statements s, String org, String afterId, int limit) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT id FROM profiles WHERE org = ? AND status = 'ACTIVE' AND id > ? ORDER BY id LIMIT ?");
        ps.setString(1, org);
        ps.setString(2, afterId == null ? "" : afterId);
        ps.setInt(3, limit);
        return Rows.all(ps, rs -> rs.getString(1));
    }

    public static long countActiveProfiles(Statements s, String org) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT count(*) FROM profiles WHERE org = ? AND status = 'ACTIVE'");
        ps.setString(1, org);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
