package io.onefold.store.jdbc;

import io.onefold.core.identity.IdentityLink;
import io.onefold.core.identity.LinkKind;
import io.onefold.core.identity.LinkState;
import io.onefold.core.model.SourceRecordKey;
import io.onefold.store.CandidateRecord;
import io.onefold.store.StoreCodec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Probabilistic matching's reads, the same SQL in both dialects: the candidates a record's blocking keys reach
 * ({@code match_keys}, written by {@link ClusterRows#matchKeys}), and the links waiting for a decision (the review queue).
 */
public final class MatchQueries {
    private MatchQueries() {}

    /**
     * The whole batch's keys in one statement, each key's range of {@code match_keys} read once and capped at
     * {@code maxPerKey + 1} rows, joined to the records it names ({@link Dialect#matchCandidates}). A key over the cap
     * answers one row with no owner, whatever the number of records holding it; a key nobody holds answers no row.
     */
    public static String candidates(Dialect d) {
        return d.matchCandidates();
    }

    public static Map<String, Set<String>> matchCandidates(Statements s, String org, Collection<String> keys, int maxPerKey) throws SQLException {
        Map<String, Set<String>> out = HashMap.newHashMap(keys.size());
        if (keys.isEmpty()) return out;
        try (ResultSet rs = runCandidates(s, org, keys, maxPerKey)) {
            while (rs.next()) {
                Set<String> owners = out.computeIfAbsent(rs.getString(1), k -> new TreeSet<>());
                String owner = rs.getString(2);
                if (owner != null) owners.add(owner);
            }
        }
        return out;
    }

    /** The candidates as records with their nodes, in key order then record order (keys over the cap find nothing). */
    public static List<CandidateRecord> matchCandidateRecords(Statements s, String org, Collection<String> keys, int maxPerKey) throws SQLException {
        List<CandidateRecord> out = new java.util.ArrayList<>();
        if (keys.isEmpty()) return out;
        try (ResultSet rs = runCandidates(s, org, keys, maxPerKey)) {
            while (rs.next()) {
                if (rs.getString(2) == null) continue;
                SourceRecordKey key = StoreCodec.recordKey(rs.getString(3), rs.getString(4));
                out.add(new CandidateRecord(rs.getString(1), rs.getString(2), StoreCodec.record(key, rs.getString(5))));
            }
        }
        out.sort(java.util.Comparator.comparing(CandidateRecord::key).thenComparing(c -> c.record().key()));
        return out;
    }

    private static ResultSet runCandidates(Statements s, String org, Collection<String> keys, int maxPerKey) throws SQLException {
        if (maxPerKey < 0) throw new IllegalArgumentException("maxPerKey must not be negative: " + maxPerKey);
        PreparedStatement ps = s.prepare(candidates(s.dialect()));
        ps.setString(1, org);
        ps.setLong(2, maxPerKey + 1L);
        s.dialect().setStrings(s, ps, 3, List.copyOf(new LinkedHashSet<>(keys)));
        ps.setLong(4, maxPerKey);
        ps.setString(5, org);
        ps.setLong(6, maxPerKey);
        return ps.executeQuery();
    }

    public static String links(Dialect d, boolean cursor) {
        return "SELECT " + ClusterRows.LINK_COLUMNS + " FROM links" + d.indexedBy("links_by_kind") + " WHERE org = ? AND kind = ? AND state = ?"
                + (cursor ? " AND (at, id) > (?, ?)" : "") + " ORDER BY at, id LIMIT ?";
    }

    public static List<IdentityLink> links(Statements s, String org, LinkKind kind, LinkState state, Instant afterAt, String afterId, int limit)
            throws SQLException {
        PreparedStatement ps = s.prepare(links(s.dialect(), afterAt != null));
        ps.setString(1, org);
        ps.setString(2, kind.name());
        ps.setString(3, state.name());
        int next = 4;
        if (afterAt != null) {
            s.dialect().setSortableInstant(ps, next++, afterAt);
            ps.setString(next++, afterId == null ? "" : afterId);
        }
        ps.setInt(next, limit);
        return Rows.all(ps, rs -> ClusterRows.link(s.dialect(), rs, 1));
    }

    public static Optional<IdentityLink> link(Statements s, String org, String linkId) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + ClusterRows.LINK_COLUMNS + " FROM links WHERE org = ? AND id = ?");
        ps.setString(1, org);
        ps.setString(2, linkId);
        return Rows.all(ps, rs -> ClusterRows.link(s.dialect(), rs, 1)).stream().findFirst();
    }
}
