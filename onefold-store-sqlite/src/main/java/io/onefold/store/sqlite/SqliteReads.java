package io.onefold.store.sqlite;

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
import io.onefold.store.ChangeEvent;
import io.onefold.store.ConfigKind;
import io.onefold.store.Fragment;
import io.onefold.store.IdempotencyRecord;
import io.onefold.store.Job;
import io.onefold.store.Organization;
import io.onefold.store.Page;
import io.onefold.store.SearchQuery;
import io.onefold.store.StoreCodec;
import io.onefold.store.StoredConfig;
import io.onefold.store.StoredProfile;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The read queries, run on whatever connection the caller holds (a pooled reader, or the writer inside its transaction). */
final class SqliteReads {
    /*
     * A cluster member's rows. Every table leads its primary key with org, which one organization fills; without
     * statistics (no ANALYZE, or an empty table) SQLite prefers "PRIMARY KEY (org=?)" — a scan of the whole
     * organization — to the by-profile index, so the index is named. QueryPlanTest checks the plans.
     */
    static final String IDENTIFIERS_OF = "SELECT attribute, value, kind FROM identifiers INDEXED BY identifiers_by_profile WHERE org = ?1 AND profile_id = ?2 "
            + "UNION ALL SELECT attribute, value, 'SHARED' FROM shared_identifiers INDEXED BY shared_identifiers_by_profile WHERE org = ?1 AND profile_id = ?2";
    static final String RECORDS_OF = "SELECT source, record_key, body FROM records INDEXED BY records_by_profile WHERE org = ?1 AND profile_id = ?2";
    private static final String LINK_COLUMNS = "SELECT id, from_id, to_id, kind, origin, state, evidence, at, demoted FROM links ";
    static final String LINKS_OF = LINK_COLUMNS + "INDEXED BY links_from WHERE org = ?1 AND from_id = ?2 UNION ALL "
            + LINK_COLUMNS + "INDEXED BY links_to WHERE org = ?1 AND to_id = ?2";
    static final String HISTORY_OF = "SELECT position, org, profile_id, type, at, payload FROM changes INDEXED BY changes_by_profile "
            + "WHERE org = ? AND profile_id = ? ORDER BY position LIMIT ?";

    private SqliteReads() {}

    static Optional<Organization> organization(Statements s, String id) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT id, name, created_at FROM organizations WHERE id = ?");
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(new Organization(rs.getString(1), rs.getString(2), Instant.parse(rs.getString(3)))) : Optional.empty();
        }
    }

    static com.fasterxml.jackson.databind.node.ObjectNode organizationSettings(Statements s, String org) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT settings FROM organizations WHERE id = ?");
        ps.setString(1, org);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? (com.fasterxml.jackson.databind.node.ObjectNode) StoreCodec.parse(rs.getString(1)) : io.onefold.core.json.Json.object();
        }
    }

    static List<Organization> organizations(Statements s) throws SQLException {
        List<Organization> out = new ArrayList<>();
        try (ResultSet rs = s.prepare("SELECT id, name, created_at FROM organizations ORDER BY id").executeQuery()) {
            while (rs.next()) out.add(new Organization(rs.getString(1), rs.getString(2), Instant.parse(rs.getString(3))));
        }
        return out;
    }

    private static final String PROFILE_COLUMNS = "id, status, survivor_id, created_at, updated_at, version, identity, golden, absorbed";

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

    /** Whole clusters: walk up to each root through survivor_id, then down through absorbed. */
    static Fragment fragment(Statements s, String org, Collection<String> ids) throws SQLException {
        Map<String, StoredProfile> rows = new LinkedHashMap<>();
        Map<String, List<String>> absorbed = new HashMap<>();
        Set<String> roots = new TreeSet<>();
        for (String id : ids) {
            String current = id;
            while (current != null) {
                StoredProfile p = load(s, org, current, rows, absorbed);
                if (p == null) break;
                if (p.status() != ProfileStatus.ABSORBED) {
                    roots.add(p.id());
                    break;
                }
                current = p.survivorId();
            }
        }
        Deque<String> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            String id = todo.poll();
            if (load(s, org, id, rows, absorbed) == null) continue;
            todo.addAll(absorbed.getOrDefault(id, List.of()));
        }
        // only whole clusters are loaded: a node whose root was not reached (dangling) is left out
        Set<String> members = new TreeSet<>();
        for (String root : roots) collect(root, absorbed, members);
        if (members.isEmpty()) return Fragment.EMPTY;

        Map<String, TreeMap<String, TreeSet<String>>> current = new HashMap<>();
        Map<String, TreeMap<String, TreeSet<String>>> aliases = new HashMap<>();
        Map<String, Set<SourceRecordKey>> recordKeys = new HashMap<>();
        List<SourceRecord> records = new ArrayList<>();
        for (String id : members) {
            PreparedStatement ps = s.prepare(IDENTIFIERS_OF);
            ps.setString(1, org);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    var target = "ALIAS".equals(rs.getString(3)) ? aliases : current;
                    target.computeIfAbsent(id, k -> new TreeMap<>()).computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2));
                }
            }
            ps = s.prepare(RECORDS_OF);
            ps.setString(1, org);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    SourceRecordKey key = StoreCodec.recordKey(rs.getString(1), rs.getString(2));
                    records.add(StoreCodec.record(key, rs.getString(3)));
                    recordKeys.computeIfAbsent(id, k -> new TreeSet<>()).add(key);
                }
            }
        }
        List<NodeState> nodes = new ArrayList<>();
        for (String id : members) {
            StoredProfile p = rows.get(id);
            nodes.add(NodeState.of(id, p.createdAt(), p.status(), p.survivorId(), absorbed.getOrDefault(id, List.of()),
                    current.getOrDefault(id, new TreeMap<>()), aliases.getOrDefault(id, new TreeMap<>()),
                    recordKeys.getOrDefault(id, Set.of()), p.version()));
        }
        Map<String, IdentityLink> links = new TreeMap<>();
        for (String id : members) {
            {
                PreparedStatement ps = s.prepare(LINKS_OF);
                ps.setString(1, org);
                ps.setString(2, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        links.put(rs.getString(1), new IdentityLink(rs.getString(1), rs.getString(2), rs.getString(3), LinkKind.valueOf(rs.getString(4)),
                                LinkOrigin.valueOf(rs.getString(5)), LinkState.valueOf(rs.getString(6)), rs.getString(7), Instant.parse(rs.getString(8)),
                                StoreCodec.keys(rs.getString(9))));
                    }
                }
            }
        }
        List<IdentityLink> ordered = new ArrayList<>(links.values());
        ordered.sort(java.util.Comparator.comparing(IdentityLink::at).thenComparing(IdentityLink::id));
        Map<String, StoredProfile> memberRows = new LinkedHashMap<>();
        for (String id : members) memberRows.put(id, rows.get(id));
        return new Fragment(nodes, records, ordered, memberRows);
    }

    private static void collect(String id, Map<String, List<String>> absorbed, Set<String> out) {
        if (!out.add(id)) return;
        for (String child : absorbed.getOrDefault(id, List.of())) collect(child, absorbed, out);
    }

    private static StoredProfile load(Statements s, String org, String id, Map<String, StoredProfile> rows, Map<String, List<String>> absorbed) throws SQLException {
        if (rows.containsKey(id)) return rows.get(id);
        PreparedStatement ps = s.prepare("SELECT " + PROFILE_COLUMNS + " FROM profiles WHERE org = ? AND id = ?");
        ps.setString(1, org);
        ps.setString(2, id);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) return null;
            StoredProfile p = profile(rs);
            rows.put(id, p);
            absorbed.put(id, StoreCodec.strings(rs.getString(9)));
            return p;
        }
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

    static List<ChangeEvent> history(Statements s, String org, Collection<String> ids, int limit) throws SQLException {
        List<ChangeEvent> out = new ArrayList<>();
        for (String id : ids) {
            PreparedStatement ps = s.prepare(HISTORY_OF);
            ps.setString(1, org);
            ps.setString(2, id);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(change(rs));
            }
        }
        out.sort(java.util.Comparator.comparingLong(ChangeEvent::position));
        return out.size() > limit ? out.subList(0, limit) : out;
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
        return new ChangeEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), Instant.parse(rs.getString(5)),
                (ObjectNode) StoreCodec.parse(rs.getString(6)));
    }

    private static final String CONFIG_COLUMNS = "org, kind, name, version, body, active, created_at";

    private static StoredConfig config(ResultSet rs) throws SQLException {
        return new StoredConfig(rs.getString(1), ConfigKind.valueOf(rs.getString(2)), rs.getString(3), rs.getInt(4),
                StoreCodec.parse(rs.getString(5)), rs.getInt(6) == 1, Instant.parse(rs.getString(7)));
    }

    /** The latest version of each configuration of a kind, by name. */
    static List<StoredConfig> configs(Statements s, String org, ConfigKind kind) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + CONFIG_COLUMNS + " FROM configs c WHERE org = ? AND kind = ? AND version = "
                + "(SELECT max(version) FROM configs d WHERE d.org = c.org AND d.kind = c.kind AND d.name = c.name) ORDER BY name");
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
        PreparedStatement ps = s.prepare("SELECT " + CONFIG_COLUMNS + " FROM configs WHERE org = ? AND kind = ? AND active = 1 LIMIT 1");
        ps.setString(1, org);
        ps.setString(2, kind.name());
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(config(rs)) : Optional.empty();
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

    static List<IdempotencyRecord> idempotencyOf(Statements s, String org, Collection<String> profileIds) throws SQLException {
        List<IdempotencyRecord> out = new ArrayList<>();
        for (String id : new TreeSet<>(profileIds)) {
            PreparedStatement ps = s.prepare("SELECT org, key, request_hash, status, response, profile_id, created_at FROM idempotency WHERE org = ? AND profile_id = ?");
            ps.setString(1, org);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(idempotency(rs));
            }
        }
        return out;
    }

    private static IdempotencyRecord idempotency(ResultSet rs) throws SQLException {
        return new IdempotencyRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5), rs.getString(6), Instant.parse(rs.getString(7)));
    }

    /** Where a text can live as data: JSON columns (escaped as in a JSON string) and identifier values (as they are). */
    private static final List<String> TEXT_COLUMNS = List.of("records.body", "profiles.golden", "profiles.identity", "changes.payload",
            "idempotency.response", "links.demoted", "links.evidence", "identifiers.value", "shared_identifiers.value");

    /** Whether a live row of any organization holds the text (a scan; stops at the first). */
    static boolean anyRowHolds(Statements s, String text) throws SQLException {
        String quoted = CanonicalJson.of(Json.NODES.textNode(text));
        String escaped = quoted.substring(1, quoted.length() - 1);
        for (String column : TEXT_COLUMNS) {
            String table = column.substring(0, column.indexOf('.'));
            PreparedStatement ps = s.prepare("SELECT 1 FROM " + table + " WHERE instr(" + column + ", ?) > 0 OR instr(" + column + ", ?) > 0 LIMIT 1");
            ps.setString(1, text);
            ps.setString(2, escaped);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) return true;
            }
        }
        return false;
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
                (ObjectNode) StoreCodec.parse(rs.getString(7)), Instant.parse(rs.getString(8)), Instant.parse(rs.getString(9)));
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

    private static io.onefold.store.ApiClient client(ResultSet rs) throws SQLException {
        return new io.onefold.store.ApiClient(rs.getString(1), rs.getString(2), rs.getString(3),
                new java.util.TreeSet<>(StoreCodec.strings(rs.getString(4))), new java.util.TreeSet<>(StoreCodec.strings(rs.getString(5))),
                StoreCodec.strings(rs.getString(6)), Instant.parse(rs.getString(7)));
    }

    static Optional<io.onefold.store.ApiClient> client(Statements s, String clientId) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + CLIENT_COLUMNS + " FROM clients WHERE client_id = ?");
        ps.setString(1, clientId);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(client(rs)) : Optional.empty();
        }
    }

    static List<io.onefold.store.ApiClient> clients(Statements s, String org) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + CLIENT_COLUMNS + " FROM clients WHERE org = ? ORDER BY client_id");
        ps.setString(1, org);
        List<io.onefold.store.ApiClient> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(client(rs));
        }
        return out;
    }

    static List<io.onefold.store.SigningKey> signingKeys(Statements s) throws SQLException {
        List<io.onefold.store.SigningKey> out = new ArrayList<>();
        try (ResultSet rs = s.prepare("SELECT kid, secret, created_at, retire_at FROM signing_keys ORDER BY created_at DESC, kid DESC").executeQuery()) {
            while (rs.next()) {
                String retire = rs.getString(4);
                out.add(new io.onefold.store.SigningKey(rs.getString(1), rs.getString(2), Instant.parse(rs.getString(3)), retire == null ? null : Instant.parse(retire)));
            }
        }
        return out;
    }

    private static final String WEBHOOK_COLUMNS = "org, id, url, types, secret, status, cursor, failures, recent_failures, created_at";

    private static io.onefold.store.Webhook webhook(ResultSet rs) throws SQLException {
        return new io.onefold.store.Webhook(rs.getString(1), rs.getString(2), rs.getString(3), StoreCodec.strings(rs.getString(4)), rs.getString(5),
                rs.getString(6), rs.getLong(7), rs.getInt(8), (com.fasterxml.jackson.databind.node.ArrayNode) StoreCodec.parse(rs.getString(9)), Instant.parse(rs.getString(10)));
    }

    static List<io.onefold.store.Webhook> webhooks(Statements s, String org) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + WEBHOOK_COLUMNS + " FROM webhooks WHERE org = ? ORDER BY created_at, id");
        ps.setString(1, org);
        List<io.onefold.store.Webhook> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(webhook(rs));
        }
        return out;
    }

    static List<io.onefold.store.Webhook> activeWebhooks(Statements s) throws SQLException {
        List<io.onefold.store.Webhook> out = new ArrayList<>();
        try (ResultSet rs = s.prepare("SELECT " + WEBHOOK_COLUMNS + " FROM webhooks WHERE status = 'ACTIVE' ORDER BY org, id").executeQuery()) {
            while (rs.next()) out.add(webhook(rs));
        }
        return out;
    }
}
