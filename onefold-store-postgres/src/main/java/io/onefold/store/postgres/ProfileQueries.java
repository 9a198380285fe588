package io.onefold.store.postgres;

import static io.onefold.store.postgres.Statements.instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.identity.IdentifierKey;
import io.onefold.core.identity.ProfileStatus;
import io.onefold.core.json.CanonicalJson;
import io.onefold.core.json.Json;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.store.Page;
import io.onefold.store.SearchQuery;
import io.onefold.store.StoreCodec;
import io.onefold.store.StoredProfile;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The queries on profile rows, identifier entries and records, run on whatever connection the caller holds (a pooled
 * reader, or the writer inside its transaction). Whole clusters: {@link ClusterQuery}; the change stream: {@link ChangeQueries}.
 */
final class ProfileQueries {
    private ProfileQueries() {}

    static final String PROFILE_COLUMNS = "id, status, survivor_id, created_at, updated_at, version, identity, golden, absorbed";

    static Optional<StoredProfile> profile(Statements s, String org, String id) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + PROFILE_COLUMNS + " FROM profiles WHERE org = ? AND id = ?");
        ps.setString(1, org);
        ps.setString(2, id);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(profile(rs)) : Optional.empty();
        }
    }

    /** A row of {@link #PROFILE_COLUMNS}. */
    static StoredProfile profile(ResultSet rs) throws SQLException {
        String golden = rs.getString(8);
        return new StoredProfile(rs.getString(1), ProfileStatus.valueOf(rs.getString(2)), rs.getString(3),
                instant(rs, 4), instant(rs, 5), rs.getLong(6),
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

    // The set-based lookups bind the keys as two parallel arrays and join them against the primary key: one round
    // trip, one prepared statement, whatever the number of keys; WITH ORDINALITY maps a row back to its key.

    static Map<IdentifierKey, String> owners(Statements s, String org, List<IdentifierKey> values) throws SQLException {
        Map<IdentifierKey, String> out = HashMap.newHashMap(values.size());
        if (values.isEmpty()) return out;
        PreparedStatement ps = s.prepare("SELECT k.n, i.profile_id FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS k(attribute, value, n) "
                + "JOIN identifiers i ON i.org = ? AND i.attribute = k.attribute AND i.value = k.value");
        ps.setArray(1, s.array(values.stream().map(IdentifierKey::attribute).toList()));
        ps.setArray(2, s.array(values.stream().map(IdentifierKey::value).toList()));
        ps.setString(3, org);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.put(values.get(rs.getInt(1) - 1), rs.getString(2));
        }
        return out;
    }

    static Map<IdentifierKey, Set<String>> sharedOwners(Statements s, String org, List<IdentifierKey> values) throws SQLException {
        Map<IdentifierKey, Set<String>> out = HashMap.newHashMap(values.size());
        if (values.isEmpty()) return out;
        PreparedStatement ps = s.prepare("SELECT k.n, h.profile_id FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS k(attribute, value, n) "
                + "JOIN shared_identifiers h ON h.org = ? AND h.attribute = k.attribute AND h.value = k.value");
        ps.setArray(1, s.array(values.stream().map(IdentifierKey::attribute).toList()));
        ps.setArray(2, s.array(values.stream().map(IdentifierKey::value).toList()));
        ps.setString(3, org);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.computeIfAbsent(values.get(rs.getInt(1) - 1), k -> new TreeSet<>()).add(rs.getString(2));
        }
        return out;
    }

    static Map<SourceRecordKey, String> recordOwners(Statements s, String org, List<SourceRecordKey> keys) throws SQLException {
        Map<SourceRecordKey, String> out = HashMap.newHashMap(keys.size());
        if (keys.isEmpty()) return out;
        PreparedStatement ps = s.prepare("SELECT k.n, r.profile_id FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS k(source, record_key, n) "
                + "JOIN records r ON r.org = ? AND r.source = k.source AND r.record_key = k.record_key");
        ps.setArray(1, s.array(keys.stream().map(SourceRecordKey::source).toList()));
        ps.setArray(2, s.array(keys.stream().map(StoreCodec::recordKey).toList()));
        ps.setString(3, org);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.put(keys.get(rs.getInt(1) - 1), rs.getString(2));
        }
        return out;
    }

    static Set<String> recordOwnersMentioning(Statements s, String org, Collection<String> values) throws SQLException {
        Set<String> owners = new TreeSet<>();
        if (values.isEmpty()) return owners;
        // one scan of the organization's records for every value
        PreparedStatement ps = s.prepare("SELECT DISTINCT profile_id FROM records WHERE org = ? AND EXISTS "
                + "(SELECT 1 FROM unnest(?::text[]) v WHERE strpos(body, v) > 0)");
        ps.setString(1, org);
        ps.setArray(2, s.array(values.stream().map(v -> CanonicalJson.of(Json.NODES.textNode(v))).distinct().toList()));
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) owners.add(rs.getString(1));
        }
        return owners;
    }

    static Page<StoredProfile> search(Statements s, String org, SearchQuery q) throws SQLException {
        // golden is canonical text: cast per row (a scan of the organization's active profiles, like the embedded store)
        String match = q.list() ? "(golden::jsonb) -> ? @> ?::jsonb" : "(golden::jsonb) -> ? = ?::jsonb";
        PreparedStatement ps = s.prepare("SELECT " + PROFILE_COLUMNS + " FROM profiles WHERE org = ? AND status = 'ACTIVE' AND id > ? AND "
                + match + " ORDER BY id LIMIT ?");
        ps.setString(1, org);
        ps.setString(2, q.cursor() == null ? "" : q.cursor());
        ps.setString(3, q.attribute());
        Object v = q.value();
        JsonNode value = v instanceof Boolean b ? Json.NODES.booleanNode(b)
                : v instanceof Long l ? Json.NODES.numberNode(l)
                : v instanceof Number n ? Json.NODES.numberNode(n.doubleValue())
                : Json.NODES.textNode(String.valueOf(v));
        ps.setString(4, q.list() ? Json.NODES.arrayNode().add(value).toString() : value.toString());
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
}
