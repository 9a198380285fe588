package io.onefold.store.sqlite;

import io.onefold.core.identity.IdentityLink;
import io.onefold.core.identity.NodeState;
import io.onefold.core.identity.ProfileStatus;
import io.onefold.core.model.SourceRecord;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.store.Fragment;
import io.onefold.store.StoreCodec;
import io.onefold.store.StoredProfile;
import io.onefold.store.jdbc.ClusterRows;
import io.onefold.store.jdbc.ProfileQueries;
import io.onefold.store.jdbc.QueryRunner;
import io.onefold.store.jdbc.Statements;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Whole clusters read from the database, on whatever connection the caller holds (one snapshot: see {@link QueryRunner#snapshot}). */
final class ClusterQueries {
    /*
     * A cluster member's rows. Every table leads its primary key with org, which one organization fills; without
     * statistics (no ANALYZE, or an empty table) SQLite prefers "PRIMARY KEY (org=?)" — a scan of the whole
     * organization — to the by-profile index, so the index is named. QueryPlanTest checks the plans.
     */
    static final String IDENTIFIERS_OF = "SELECT attribute, value, kind FROM identifiers INDEXED BY identifiers_by_profile WHERE org = ?1 AND profile_id = ?2 "
            + "UNION ALL SELECT attribute, value, 'SHARED' FROM shared_identifiers INDEXED BY shared_identifiers_by_profile WHERE org = ?1 AND profile_id = ?2";
    static final String RECORDS_OF = "SELECT source, record_key, body FROM records INDEXED BY records_by_profile WHERE org = ?1 AND profile_id = ?2";
    private static final String LINK_COLUMNS = "SELECT " + ClusterRows.LINK_COLUMNS + " FROM links ";
    static final String LINKS_OF = LINK_COLUMNS + "INDEXED BY links_from WHERE org = ?1 AND from_id = ?2 UNION ALL "
            + LINK_COLUMNS + "INDEXED BY links_to WHERE org = ?1 AND to_id = ?2";

    private ClusterQueries() {}

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
                        links.put(rs.getString(1), ClusterRows.link(s.dialect(), rs, 1));
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
        PreparedStatement ps = s.prepare("SELECT " + ProfileQueries.PROFILE_COLUMNS + " FROM profiles WHERE org = ? AND id = ?");
        ps.setString(1, org);
        ps.setString(2, id);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) return null;
            StoredProfile p = ProfileQueries.profile(s.dialect(), rs);
            rows.put(id, p);
            absorbed.put(id, StoreCodec.strings(rs.getString(9)));
            return p;
        }
    }
}
