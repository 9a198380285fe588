package io.onefold.store.postgres;

import static io.onefold.store.jdbc.ProfileQueries.PROFILE_COLUMNS;
import static io.onefold.store.jdbc.ProfileQueries.profile;

import io.onefold.core.identity.IdentityLink;
import io.onefold.core.identity.NodeState;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.store.Fragment;
import io.onefold.store.StoreCodec;
import io.onefold.store.StoredProfile;
import io.onefold.store.jdbc.ClusterRows;
import io.onefold.store.jdbc.Statements;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Whole clusters, what the write pipeline loads: two round trips whatever their size — the clusters' rows by one
 * recursive query, then every member's identifiers, records and links by one {@code UNION ALL}.
 */
final class ClusterQuery {
    private ClusterQuery() {}

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
        Array array = s.array(ids);
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
                StoredProfile p = profile(s.dialect(), rs);
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
                    default -> links.put(id, ClusterRows.link(s.dialect(), rs, 2));
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

    private static List<String> strings(Array a) throws SQLException {
        if (a == null) return List.of();
        return List.of((String[]) a.getArray());
    }
}
