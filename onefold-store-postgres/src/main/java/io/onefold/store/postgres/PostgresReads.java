package io.onefold.store.postgres;

import static io.onefold.store.postgres.Statements.instant;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.identity.IdentityLink;
import io.onefold.core.identity.LinkKind;
import io.onefold.core.identity.LinkOrigin;
import io.onefold.core.identity.LinkState;
import io.onefold.core.identity.NodeState;
import io.onefold.core.identity.ProfileStatus;
import io.onefold.core.json.CanonicalJson;
import io.onefold.core.json.Json;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.store.ApiClient;
import io.onefold.store.ChangeEvent;
import io.onefold.store.ConfigKind;
import io.onefold.store.Fragment;
import io.onefold.store.IdempotencyRecord;
import io.onefold.store.Job;
import io.onefold.store.Organization;
import io.onefold.store.Page;
import io.onefold.store.SearchQuery;
import io.onefold.store.SigningKey;
import io.onefold.store.StoreCodec;
import io.onefold.store.StoredConfig;
import io.onefold.store.StoredProfile;
import io.onefold.store.Webhook;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The read queries, run on whatever connection the caller holds (a pooled reader, or the writer inside its
 * transaction). A fragment is two round trips whatever its size: the cluster's rows by one recursive query, then
 * every member's identifiers, records and links by one {@code UNION ALL}.
 */
final class PostgresReads {
    private PostgresReads() {}

    private static final String PROFILE_COLUMNS = "id, status, survivor_id, created_at, updated_at, version, identity, golden, absorbed";

    static Optional<Organization> organization(Statements s, String id) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT id, name, created_at FROM organizations WHERE id = ?");
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(new Organization(rs.getString(1), rs.getString(2), instant(rs, 3))) : Optional.empty();
        }
    }

    static ObjectNode organizationSettings(Statements s, String org) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT settings::text FROM organizations WHERE id = ?");
        ps.setString(1, org);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? (ObjectNode) StoreCodec.parse(rs.getString(1)) : Json.object();
        }
    }

    static List<Organization> organizations(Statements s) throws SQLException {
        List<Organization> out = new ArrayList<>();
        try (ResultSet rs = s.prepare("SELECT id, name, created_at FROM organizations ORDER BY id").executeQuery()) {
            while (rs.next()) out.add(new Organization(rs.getString(1), rs.getString(2), instant(rs, 3)));
        }
        return out;
    }

    static Optional<StoredProfile> profile(Statements s, String org, String id) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + PROFILE_COLUMNS + " FROM profiles WHERE org = ? AND id = ?");
        ps.setString(1, org);
        ps.setString(2, id);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(profile(rs)) : Optional.empty();
        }
    }

    private static StoredProfile profile(ResultSet rs) throws SQLException {
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

    /**
     * Up from each id to its root through survivor_id, then down from the roots through absorbed: the rows of whole
     * clusters. A node whose root is missing (dangling) is left out, as in the embedded store.
     */
    /*
     * Parameters are written :org and :ids and bound by name (see bind): the organization must be a bound value in
     * every branch, not a column of a parameters CTE, or the planner cannot use the (org, id) keys and scans the
     * whole organization; for the same reason absorbed ids are unnested and joined by equality (an "= ANY(column)"
     * join is not an index condition).
     */
    private static final String CLUSTER = "WITH RECURSIVE up AS ("
            + " SELECT " + PROFILE_COLUMNS + " FROM profiles WHERE org = :org AND id = ANY(:ids)"
            + " UNION SELECT " + PROFILE_COLUMNS.replaceAll("(\\w+)", "p.$1") + " FROM up JOIN profiles p ON p.org = :org AND p.id = up.survivor_id WHERE up.status = 'ABSORBED'),"
            + " down AS ("
            + " SELECT " + PROFILE_COLUMNS + " FROM up WHERE status <> 'ABSORBED'"
            + " UNION SELECT " + PROFILE_COLUMNS.replaceAll("(\\w+)", "p.$1") + " FROM down d CROSS JOIN LATERAL unnest(d.absorbed) AS a(member) JOIN profiles p ON p.org = :org AND p.id = a.member)"
            + " SELECT " + PROFILE_COLUMNS + " FROM down ORDER BY id";

    private static final String MEMBERS = "SELECT 'I', profile_id, attribute, value, kind, NULL, NULL, NULL, NULL::timestamptz, NULL FROM identifiers WHERE org = :org AND profile_id = ANY(:ids)"
            + " UNION ALL SELECT 'S', profile_id, attribute, value, 'SHARED', NULL, NULL, NULL, NULL, NULL FROM shared_identifiers WHERE org = :org AND profile_id = ANY(:ids)"
            + " UNION ALL SELECT 'R', profile_id, source, record_key, body, NULL, NULL, NULL, NULL, NULL FROM records WHERE org = :org AND profile_id = ANY(:ids)"
            + " UNION ALL SELECT 'L', id, from_id, to_id, kind, origin, state, evidence, at, demoted FROM links WHERE org = :org AND from_id = ANY(:ids)"
            + " UNION ALL SELECT 'L', id, from_id, to_id, kind, origin, state, evidence, at, demoted FROM links WHERE org = :org AND to_id = ANY(:ids) AND NOT (from_id = ANY(:ids))";

    /** Binds :org and :ids wherever they appear. */
    private static PreparedStatement bind(Statements s, String named, String org, Collection<String> ids) throws SQLException {
        List<String> order = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(":(org|ids)\\b").matcher(named);
        StringBuilder sql = new StringBuilder();
        while (m.find()) {
            order.add(m.group(1));
            m.appendReplacement(sql, m.group(1).equals("ids") ? "?::text[]" : "?");
        }
        m.appendTail(sql);
        PreparedStatement ps = s.prepare(sql.toString());
        Array array = array(s, ids);
        for (int i = 0; i < order.size(); i++) {
            if (order.get(i).equals("org")) ps.setString(i + 1, org);
            else ps.setArray(i + 1, array);
        }
        return ps;
    }

    static Fragment fragment(Statements s, String org, Collection<String> ids) throws SQLException {
        if (ids.isEmpty()) return Fragment.EMPTY;
        PreparedStatement ps = bind(s, CLUSTER, org, ids);
        Map<String, StoredProfile> rows = new LinkedHashMap<>();
        Map<String, List<String>> absorbed = new HashMap<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                StoredProfile p = profile(rs);
                rows.put(p.id(), p);
                absorbed.put(p.id(), strings(rs.getArray(9)));
            }
        }
        if (rows.isEmpty()) return Fragment.EMPTY;

        Map<String, TreeMap<String, TreeSet<String>>> current = new HashMap<>();
        Map<String, TreeMap<String, TreeSet<String>>> aliases = new HashMap<>();
        Map<String, Set<SourceRecordKey>> recordKeys = new HashMap<>();
        List<SourceRecord> records = new ArrayList<>();
        Map<String, IdentityLink> links = new TreeMap<>();
        ps = bind(s, MEMBERS, org, rows.keySet());
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString(2);
                switch (rs.getString(1)) {
                    case "I", "S" -> {
                        var target = "ALIAS".equals(rs.getString(5)) ? aliases : current;
                        target.computeIfAbsent(id, k -> new TreeMap<>()).computeIfAbsent(rs.getString(3), k -> new TreeSet<>()).add(rs.getString(4));
                    }
                    case "R" -> {
                        SourceRecordKey key = StoreCodec.recordKey(rs.getString(3), rs.getString(4));
                        records.add(StoreCodec.record(key, rs.getString(5)));
                        recordKeys.computeIfAbsent(id, k -> new TreeSet<>()).add(key);
                    }
                    default -> links.put(id, new IdentityLink(id, rs.getString(3), rs.getString(4), LinkKind.valueOf(rs.getString(5)),
                            LinkOrigin.valueOf(rs.getString(6)), LinkState.valueOf(rs.getString(7)), rs.getString(8),
                            instant(rs, 9),
                            StoreCodec.keys(rs.getString(10))));
                }
            }
        }
        records.sort(Comparator.comparing((SourceRecord r) -> r.key().source()).thenComparing(r -> StoreCodec.recordKey(r.key())));
        List<NodeState> nodes = new ArrayList<>();
        for (StoredProfile p : rows.values()) {
            String id = p.id();
            nodes.add(NodeState.of(id, p.createdAt(), p.status(), p.survivorId(), absorbed.getOrDefault(id, List.of()),
                    current.getOrDefault(id, new TreeMap<>()), aliases.getOrDefault(id, new TreeMap<>()),
                    recordKeys.getOrDefault(id, Set.of()), p.version()));
        }
        List<IdentityLink> ordered = new ArrayList<>(links.values());
        ordered.sort(Comparator.comparing(IdentityLink::at).thenComparing(IdentityLink::id));
        return new Fragment(nodes, records, ordered, rows);
    }

    static Array array(Statements s, Collection<String> values) throws SQLException {
        return s.connection.createArrayOf("text", values.toArray(new String[0]));
    }

    static List<String> strings(Array a) throws SQLException {
        if (a == null) return List.of();
        return List.of((String[]) a.getArray());
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
        com.fasterxml.jackson.databind.JsonNode value = v instanceof Boolean b ? Json.NODES.booleanNode(b)
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

    static List<ChangeEvent> history(Statements s, String org, Collection<String> ids, int limit) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT position, org, profile_id, type, at, payload FROM changes WHERE org = ? AND profile_id = ANY(?) ORDER BY position LIMIT ?");
        ps.setString(1, org);
        ps.setArray(2, array(s, ids));
        ps.setInt(3, limit);
        List<ChangeEvent> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(change(rs));
        }
        return out;
    }

    static List<ChangeEvent> changesSince(Statements s, String org, long after, int limit) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT position, org, profile_id, type, at, payload FROM changes WHERE org = ? AND position > ? ORDER BY position LIMIT ?");
        ps.setString(1, org);
        ps.setLong(2, after);
        ps.setInt(3, limit);
        List<ChangeEvent> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(change(rs));
        }
        return out;
    }

    static long latestPosition(Statements s, String org) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT coalesce(max(position), 0) FROM changes WHERE org = ?");
        ps.setString(1, org);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static ChangeEvent change(ResultSet rs) throws SQLException {
        return new ChangeEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), instant(rs, 5), (ObjectNode) StoreCodec.parse(rs.getString(6)));
    }

    private static final String CONFIG_COLUMNS = "org, kind, name, version, body, active, created_at";

    private static StoredConfig config(ResultSet rs) throws SQLException {
        return new StoredConfig(rs.getString(1), ConfigKind.valueOf(rs.getString(2)), rs.getString(3), rs.getInt(4),
                StoreCodec.parse(rs.getString(5)), rs.getBoolean(6), instant(rs, 7));
    }

    static List<StoredConfig> configs(Statements s, String org, ConfigKind kind) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT DISTINCT ON (name) " + CONFIG_COLUMNS + " FROM configs WHERE org = ? AND kind = ? ORDER BY name, version DESC");
        ps.setString(1, org);
        ps.setString(2, kind.name());
        List<StoredConfig> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(config(rs));
        }
        return out;
    }

    static Optional<StoredConfig> config(Statements s, String org, ConfigKind kind, String name) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + CONFIG_COLUMNS + " FROM configs WHERE org = ? AND kind = ? AND name = ? ORDER BY version DESC LIMIT 1");
        ps.setString(1, org);
        ps.setString(2, kind.name());
        ps.setString(3, name);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(config(rs)) : Optional.empty();
        }
    }

    static Optional<StoredConfig> activeConfig(Statements s, String org, ConfigKind kind) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + CONFIG_COLUMNS + " FROM configs WHERE org = ? AND kind = ? AND active LIMIT 1");
        ps.setString(1, org);
        ps.setString(2, kind.name());
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(config(rs)) : Optional.empty();
        }
    }

    static Set<String> recordOwnersMentioning(Statements s, String org, Collection<String> values) throws SQLException {
        Set<String> owners = new TreeSet<>();
        if (values.isEmpty()) return owners;
        // one scan of the organization's records for every value
        PreparedStatement ps = s.prepare("SELECT DISTINCT profile_id FROM records WHERE org = ? AND EXISTS "
                + "(SELECT 1 FROM unnest(?::text[]) v WHERE strpos(body, v) > 0)");
        ps.setString(1, org);
        ps.setArray(2, array(s, values.stream().map(v -> CanonicalJson.of(Json.NODES.textNode(v))).distinct().toList()));
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) owners.add(rs.getString(1));
        }
        return owners;
    }

    static List<IdempotencyRecord> idempotencyOf(Statements s, String org, Collection<String> profileIds) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT org, key, request_hash, status, response, profile_id, created_at FROM idempotency WHERE org = ? AND profile_id = ANY(?) ORDER BY key");
        ps.setString(1, org);
        ps.setArray(2, array(s, profileIds));
        List<IdempotencyRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(idempotency(rs));
        }
        return out;
    }

    private static IdempotencyRecord idempotency(ResultSet rs) throws SQLException {
        return new IdempotencyRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5), rs.getString(6), instant(rs, 7));
    }

    static Optional<IdempotencyRecord> idempotency(Statements s, String org, String key) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT org, key, request_hash, status, response, profile_id, created_at FROM idempotency WHERE org = ? AND key = ?");
        ps.setString(1, org);
        ps.setString(2, key);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(idempotency(rs)) : Optional.empty();
        }
    }

    private static final String JOB_COLUMNS = "id, org, type, status, total, done, result, created_at, updated_at";

    private static Job job(ResultSet rs) throws SQLException {
        return new Job(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getLong(6),
                (ObjectNode) StoreCodec.parse(rs.getString(7)), instant(rs, 8), instant(rs, 9));
    }

    static Optional<Job> job(Statements s, String org, String id) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + JOB_COLUMNS + " FROM jobs WHERE org = ? AND id = ?");
        ps.setString(1, org);
        ps.setString(2, id);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(job(rs)) : Optional.empty();
        }
    }

    static List<Job> jobs(Statements s, String type, String status) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + JOB_COLUMNS + " FROM jobs WHERE type = ? AND status = ? ORDER BY created_at, id");
        ps.setString(1, type);
        ps.setString(2, status);
        List<Job> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(job(rs));
        }
        return out;
    }

    private static final String CLIENT_COLUMNS = "client_id, org, secret_hash, permissions, sources, cidrs, created_at";

    private static ApiClient client(ResultSet rs) throws SQLException {
        return new ApiClient(rs.getString(1), rs.getString(2), rs.getString(3),
                new TreeSet<>(StoreCodec.strings(rs.getString(4))), new TreeSet<>(StoreCodec.strings(rs.getString(5))),
                StoreCodec.strings(rs.getString(6)), instant(rs, 7));
    }

    static Optional<ApiClient> client(Statements s, String clientId) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + CLIENT_COLUMNS + " FROM clients WHERE client_id = ?");
        ps.setString(1, clientId);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(client(rs)) : Optional.empty();
        }
    }

    static List<ApiClient> clients(Statements s, String org) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + CLIENT_COLUMNS + " FROM clients WHERE org = ? ORDER BY client_id");
        ps.setString(1, org);
        List<ApiClient> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(client(rs));
        }
        return out;
    }

    static List<SigningKey> signingKeys(Statements s) throws SQLException {
        List<SigningKey> out = new ArrayList<>();
        try (ResultSet rs = s.prepare("SELECT kid, secret, created_at, retire_at FROM signing_keys ORDER BY created_at DESC, kid DESC").executeQuery()) {
            while (rs.next()) out.add(new SigningKey(rs.getString(1), rs.getString(2), instant(rs, 3), instant(rs, 4)));
        }
        return out;
    }

    private static final String WEBHOOK_COLUMNS = "org, id, url, types, secret, status, cursor, failures, recent_failures, created_at";

    private static Webhook webhook(ResultSet rs) throws SQLException {
        return new Webhook(rs.getString(1), rs.getString(2), rs.getString(3), StoreCodec.strings(rs.getString(4)), rs.getString(5),
                rs.getString(6), rs.getLong(7), rs.getInt(8), (ArrayNode) StoreCodec.parse(rs.getString(9)), instant(rs, 10));
    }

    static List<Webhook> webhooks(Statements s, String org) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + WEBHOOK_COLUMNS + " FROM webhooks WHERE org = ? ORDER BY created_at, id");
        ps.setString(1, org);
        List<Webhook> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(webhook(rs));
        }
        return out;
    }

    static List<Webhook> activeWebhooks(Statements s) throws SQLException {
        List<Webhook> out = new ArrayList<>();
        try (ResultSet rs = s.prepare("SELECT " + WEBHOOK_COLUMNS + " FROM webhooks WHERE status = 'ACTIVE' ORDER BY org, id").executeQuery()) {
            while (rs.next()) out.add(webhook(rs));
        }
        return out;
    }
}
