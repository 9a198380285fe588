package io.onefold.store.sqlite;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.identity.IdentifierKey;
import io.onefold.core.identity.ProfileStatus;
import io.onefold.core.json.CanonicalJson;
import io.onefold.core.json.Json;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.store.ChangeEvent;
import io.onefold.store.Fragment;
import io.onefold.store.Page;
import io.onefold.store.ProfileReads;
import io.onefold.store.SearchQuery;
import io.onefold.store.StoreCodec;
import io.onefold.store.StoredProfile;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Profiles read where {@code db} runs queries: rows, owners, search, whole clusters ({@link ClusterQueries}) and the
 * change stream ({@link ChangeQueries}). The store reads on its pool; a write session reads through
 * {@link SqliteProfiles}, which answers cluster reads from its cache first.
 */
class SqliteProfileReads implements ProfileReads {
    static final String PROFILE_COLUMNS = "id, status, survivor_id, created_at, updated_at, version, identity, golden, absorbed";
    private final QueryRunner db;

    SqliteProfileReads(QueryRunner db) {
        this.db = db;
    }

    @Override
    public Optional<StoredProfile> profile(String org, String profileId) {
        return db.query(s -> profile(s, org, profileId));
    }

    @Override
    public Optional<String> ownerOf(String org, String attribute, String value) {
        return db.query(s -> ownerOf(s, org, attribute, value));
    }

    @Override
    public Set<String> sharedOwners(String org, String attribute, String value) {
        return db.query(s -> sharedOwners(s, org, attribute, value));
    }

    @Override
    public Optional<String> recordOwner(String org, SourceRecordKey key) {
        return db.query(s -> recordOwner(s, org, key));
    }

    @Override
    public Map<IdentifierKey, String> owners(String org, Collection<IdentifierKey> values) {
        return db.query(s -> owners(s, org, List.copyOf(values)));
    }

    @Override
    public Map<IdentifierKey, Set<String>> sharedOwners(String org, Collection<IdentifierKey> values) {
        return db.query(s -> sharedOwners(s, org, List.copyOf(values)));
    }

    @Override
    public Map<SourceRecordKey, String> recordOwners(String org, Collection<SourceRecordKey> keys) {
        return db.query(s -> recordOwners(s, org, List.copyOf(keys)));
    }

    @Override
    public Set<String> recordOwnersMentioning(String org, Collection<String> values) {
        return db.query(s -> recordOwnersMentioning(s, org, values));
    }

    @Override
    public Fragment fragment(String org, Collection<String> nodeIds) {
        return db.snapshot(s -> ClusterQueries.fragment(s, org, nodeIds));
    }

    @Override
    public Page<StoredProfile> search(String org, SearchQuery query) {
        return db.query(s -> search(s, org, query));
    }

    @Override
    public List<String> activeProfileIds(String org, String afterId, int limit) {
        return db.query(s -> activeProfileIds(s, org, afterId, limit));
    }

    @Override
    public long countActiveProfiles(String org) {
        return db.query(s -> countActiveProfiles(s, org));
    }

    @Override
    public List<ChangeEvent> history(String org, Collection<String> profileIds, int limit) {
        return db.snapshot(s -> ChangeQueries.history(s, org, profileIds, limit));
    }

    @Override
    public List<ChangeEvent> changesSince(String org, long afterPosition, int limit) {
        return db.query(s -> ChangeQueries.changesSince(s, org, afterPosition, limit));
    }

    @Override
    public long latestPosition(String org) {
        return db.query(s -> ChangeQueries.latestPosition(s, org));
    }

    // ------------------------------------------------------------------ the queries, on any connection

    static Optional<StoredProfile> profile(Statements s, String org, String id) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + PROFILE_COLUMNS + " FROM profiles WHERE org = ? AND id = ?");
        ps.setString(1, org);
        ps.setString(2, id);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(profile(rs)) : Optional.empty();
        }
    }

    static StoredProfile profile(ResultSet rs) throws SQLException {
        String golden = rs.getString(8);
        return new StoredProfile(rs.getString(1), ProfileStatus.valueOf(rs.getString(2)), rs.getString(3),
                Instant.parse(rs.getString(4)), Instant.parse(rs.getString(5)), rs.getLong(6),
                StoreCodec.identity(rs.getString(7)), golden == null ? null : (ObjectNode) StoreCodec.parse(golden));
    }

    static Optional<String> ownerOf(Statements s, String org, String attribute, String value) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT profile_id FROM identifiers WHERE org = ? AND attribute = ? AND value = ?");
        ps.setString(1, org);
        ps.setString(2, attribute);
        ps.setString(3, value);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    static Set<String> sharedOwners(Statements s, String org, String attribute, String value) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT profile_id FROM shared_identifiers WHERE org = ? AND attribute = ? AND value = ?");
        ps.setString(1, org);
        ps.setString(2, attribute);
        ps.setString(3, value);
        Set<String> out = new TreeSet<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    static Optional<String> recordOwner(Statements s, String org, SourceRecordKey key) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT profile_id FROM records WHERE org = ? AND source = ? AND record_key = ?");
        ps.setString(1, org);
        ps.setString(2, key.source());
        ps.setString(3, StoreCodec.recordKey(key));
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    // The set-based lookups bind the keys as one JSON array of pairs and join it against the primary key: one
    // statement, prepared once, whatever the number of keys (json_each drives the loop; CROSS JOIN keeps it outside).

    static Map<IdentifierKey, String> owners(Statements s, String org, List<IdentifierKey> values) throws SQLException {
        Map<IdentifierKey, String> out = HashMap.newHashMap(values.size());
        if (values.isEmpty()) return out;
        PreparedStatement ps = s.prepare("SELECT j.key, i.profile_id FROM json_each(?) AS j CROSS JOIN identifiers AS i "
                + "ON i.org = ? AND i.attribute = j.value ->> 0 AND i.value = j.value ->> 1");
        ps.setString(1, pairs(values.stream().map(k -> List.of(k.attribute(), k.value())).toList()));
        ps.setString(2, org);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.put(values.get(rs.getInt(1)), rs.getString(2));
        }
        return out;
    }

    static Map<IdentifierKey, Set<String>> sharedOwners(Statements s, String org, List<IdentifierKey> values) throws SQLException {
        Map<IdentifierKey, Set<String>> out = HashMap.newHashMap(values.size());
        if (values.isEmpty()) return out;
        PreparedStatement ps = s.prepare("SELECT j.key, h.profile_id FROM json_each(?) AS j CROSS JOIN shared_identifiers AS h "
                + "ON h.org = ? AND h.attribute = j.value ->> 0 AND h.value = j.value ->> 1");
        ps.setString(1, pairs(values.stream().map(k -> List.of(k.attribute(), k.value())).toList()));
        ps.setString(2, org);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.computeIfAbsent(values.get(rs.getInt(1)), k -> new TreeSet<>()).add(rs.getString(2));
        }
        return out;
    }

    static Map<SourceRecordKey, String> recordOwners(Statements s, String org, List<SourceRecordKey> keys) throws SQLException {
        Map<SourceRecordKey, String> out = HashMap.newHashMap(keys.size());
        if (keys.isEmpty()) return out;
        PreparedStatement ps = s.prepare("SELECT j.key, r.profile_id FROM json_each(?) AS j CROSS JOIN records AS r "
                + "ON r.org = ? AND r.source = j.value ->> 0 AND r.record_key = j.value ->> 1");
        ps.setString(1, pairs(keys.stream().map(k -> List.of(k.source(), StoreCodec.recordKey(k))).toList()));
        ps.setString(2, org);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.put(keys.get(rs.getInt(1)), rs.getString(2));
        }
        return out;
    }

    /** {@code [["a","b"],…]}: the keys as the JSON array the set-based lookups bind. */
    private static String pairs(List<List<String>> keys) {
        StringBuilder out = new StringBuilder(keys.size() * 48).append('[');
        for (List<String> k : keys) {
            if (out.length() > 1) out.append(',');
            out.append('[');
            CanonicalJson.quote(k.get(0), out);
            out.append(',');
            CanonicalJson.quote(k.get(1), out);
            out.append(']');
        }
        return out.append(']').toString();
    }

    static Page<StoredProfile> search(Statements s, String org, SearchQuery q) throws SQLException {
        String path = "$.\"" + q.attribute().replace("\"", "") + "\"";
        String match = q.list()
                ? "EXISTS (SELECT 1 FROM json_each(golden, ?) WHERE json_each.value = ?)"
                : "json_extract(golden, ?) = ?";
        PreparedStatement ps = s.prepare("SELECT " + PROFILE_COLUMNS + " FROM profiles WHERE org = ? AND status = 'ACTIVE' AND id > ? AND "
                + match + " ORDER BY id LIMIT ?");
        ps.setString(1, org);
        ps.setString(2, q.cursor() == null ? "" : q.cursor());
        ps.setString(3, path);
        Object v = q.value();
        if (v instanceof Boolean b) ps.setInt(4, b ? 1 : 0);
        else if (v instanceof Long l) ps.setLong(4, l);
        else if (v instanceof Number n) ps.setDouble(4, n.doubleValue());
        else ps.setString(4, String.valueOf(v));
        ps.setInt(5, q.limit() + 1);
        List<StoredProfile> items = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) items.add(profile(rs));
        }
        String next = null;
        if (items.size() > q.limit()) {
            items = new ArrayList<>(items.subList(0, q.limit()));
            next = items.get(items.size() - 1).id();
        }
        return new Page<>(items, next);
    }

    static List<String> activeProfileIds(Statements s, String org, String afterId, int limit) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT id FROM profiles WHERE org = ? AND status = 'ACTIVE' AND id > ? ORDER BY id LIMIT ?");
        ps.setString(1, org);
        ps.setString(2, afterId == null ? "" : afterId);
        ps.setInt(3, limit);
        List<String> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }

    static long countActiveProfiles(Statements s, String org) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT count(*) FROM profiles WHERE org = ? AND status = 'ACTIVE'");
        ps.setString(1, org);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static Set<String> recordOwnersMentioning(Statements s, String org, Collection<String> values) throws SQLException {
        Set<String> owners = new TreeSet<>();
        List<String> patterns = values.stream().map(v -> CanonicalJson.of(Json.NODES.textNode(v))).distinct().toList();
        // one scan of the organization's records per chunk of values, not one per value
        for (int from = 0; from < patterns.size(); from += 50) {
            List<String> chunk = patterns.subList(from, Math.min(patterns.size(), from + 50));
            PreparedStatement ps = s.prepare("SELECT DISTINCT profile_id FROM records WHERE org = ? AND ("
                    + String.join(" OR ", java.util.Collections.nCopies(chunk.size(), "instr(body, ?) > 0")) + ")");
            ps.setString(1, org);
            for (int i = 0; i < chunk.size(); i++) ps.setString(i + 2, chunk.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) owners.add(rs.getString(1));
            }
        }
        return owners;
    }
}
