package io.onefold.store.sqlite;

import io.onefold.core.json.CanonicalJson;
import io.onefold.core.json.Json;
import io.onefold.store.ChangeEvent;
import io.onefold.store.Fragment;
import io.onefold.store.IdempotencyRecord;
import io.onefold.store.SearchQuery;
import io.onefold.store.StoreCodec;
import io.onefold.store.jdbc.ChangeQueries;
import io.onefold.store.jdbc.Dialect;
import io.onefold.store.jdbc.JdbcIdempotency;
import io.onefold.store.jdbc.Statements;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * SQLite's side of the shared queries: timestamps as ISO-8601 text, key pairs as one JSON array, JSON1 for search, and
 * no array parameter — a set of profiles is one indexed read per profile.
 */
final class SqliteDialect implements Dialect {
    static final SqliteDialect SQLITE = new SqliteDialect();
    static final String HISTORY_OF = "SELECT " + ChangeQueries.CHANGE_COLUMNS + " FROM changes INDEXED BY changes_by_profile "
            + "WHERE org = ? AND profile_id = ? ORDER BY position LIMIT ?";

    private SqliteDialect() {}

    @Override
    public Instant instant(ResultSet rs, int column) throws SQLException {
        String t = rs.getString(column);
        return t == null ? null : Instant.parse(t);
    }

    @Override
    public void setInstant(PreparedStatement ps, int index, Instant t) throws SQLException {
        ps.setString(index, t == null ? null : t.toString());
    }

    /** {@code 2026-11-28T12:00:00.000000000Z}: always 30 characters (years 0 to 9999), so text order is time order. */
    private static final java.time.format.DateTimeFormatter SORTABLE =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(java.time.ZoneOffset.UTC);

    @Override
    public void setSortableInstant(PreparedStatement ps, int index, Instant t) throws SQLException {
        ps.setString(index, t == null ? null : SORTABLE.format(t));
    }

    @Override
    public void setStrings(Statements s, PreparedStatement ps, int index, List<String> values) throws SQLException {
        ps.setString(index, StoreCodec.strings(values));
    }

    @Override
    public String stringsTable(String alias) {
        return "json_each(?) AS " + alias;
    }

    /**
     * Each key's holders are gathered once into a JSON array (a correlated subquery with a LIMIT, an index range that
     * stops at cap + 1) in a materialized CTE — not flattened, which would evaluate the subquery once per use — then
     * a key within the cap is joined to its records. CROSS JOIN keeps that order: without statistics SQLite would
     * rather scan the organization's records.
     */
    @Override
    public String matchCandidates() {
        return "WITH ranges AS MATERIALIZED (SELECT k.value AS match_key, (SELECT json_group_array(json_array(c.source, c.record_key)) "
                + "FROM (SELECT c.source, c.record_key FROM match_keys c WHERE c.org = ? AND c.match_key = k.value LIMIT ?) c) AS holders "
                + "FROM json_each(?) AS k) "
                + "SELECT ranges.match_key, r.profile_id, r.source, r.record_key, r.body FROM ranges CROSS JOIN json_each(ranges.holders) AS h CROSS JOIN records r "
                + "WHERE json_array_length(ranges.holders) <= ? AND r.org = ? AND r.source = h.value ->> 0 AND r.record_key = h.value ->> 1 "
                + "UNION ALL SELECT ranges.match_key, NULL, NULL, NULL, NULL FROM ranges WHERE json_array_length(ranges.holders) > ?";
    }

    /** A subquery over json_each of {@code [[c0, c1, …], …]}. */
    @Override
    public String rowsTable(String alias, List<String> columns) {
        StringBuilder out = new StringBuilder("(SELECT ");
        for (int i = 0; i < columns.size(); i++) out.append(i > 0 ? ", " : "").append("j.value ->> ").append(i).append(" AS ").append(columns.get(i));
        return out.append(" FROM json_each(?) AS j) AS ").append(alias).toString();
    }

    @Override
    public int bindRows(Statements s, PreparedStatement ps, int index, List<List<String>> columns) throws SQLException {
        int rows = columns.get(0).size();
        StringBuilder out = new StringBuilder(rows * 64).append('[');
        for (int r = 0; r < rows; r++) {
            out.append(r > 0 ? ",[" : "[");
            for (int c = 0; c < columns.size(); c++) {
                if (c > 0) out.append(',');
                CanonicalJson.quote(columns.get(c).get(r), out);
            }
            out.append(']');
        }
        ps.setString(index, out.append(']').toString());
        return index + 1;
    }

    /** json_each drives the loop; CROSS JOIN keeps it outside, so each pair is one primary-key lookup. */
    @Override
    public String ownersOfPairs(String table, String alias, String first, String second) {
        return "SELECT j.key, " + alias + ".profile_id FROM json_each(?) AS j CROSS JOIN " + table + " AS " + alias + " ON "
                + alias + ".org = ? AND " + alias + "." + first + " = j.value ->> 0 AND " + alias + "." + second + " = j.value ->> 1";
    }

    /** {@code [["a","b"],…]}: the pairs as the one JSON array {@link #ownersOfPairs} reads. */
    @Override
    public int bindPairs(Statements s, PreparedStatement ps, List<String> first, List<String> second) throws SQLException {
        StringBuilder out = new StringBuilder(first.size() * 48).append('[');
        for (int i = 0; i < first.size(); i++) {
            if (i > 0) out.append(',');
            out.append('[');
            CanonicalJson.quote(first.get(i), out);
            out.append(',');
            CanonicalJson.quote(second.get(i), out);
            out.append(']');
        }
        ps.setString(1, out.append(']').toString());
        return 2;
    }

    /** json_each's key: the array index, from 0. */
    @Override
    public int pairIndex(ResultSet rs) throws SQLException {
        return rs.getInt(1);
    }

    @Override
    public String goldenMatch(boolean list) {
        return list ? "EXISTS (SELECT 1 FROM json_each(golden, ?) WHERE json_each.value = ?)" : "json_extract(golden, ?) = ?";
    }

    @Override
    public void bindGoldenMatch(PreparedStatement ps, int index, SearchQuery q) throws SQLException {
        ps.setString(index, "$.\"" + q.attribute().replace("\"", "") + "\"");
        Object v = q.value();
        if (v instanceof Boolean b) ps.setInt(index + 1, b ? 1 : 0);
        else if (v instanceof Long l) ps.setLong(index + 1, l);
        else if (v instanceof Number n) ps.setDouble(index + 1, n.doubleValue());
        else ps.setString(index + 1, String.valueOf(v));
    }

    /** The whole row goes, kept columns included: what {@code INSERT OR REPLACE} has always done here. */
    @Override
    public String upsert(String table, List<String> columns, List<String> key, Set<String> kept) {
        return "INSERT OR REPLACE INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
    }

    @Override
    public String indexedBy(String index) {
        return " INDEXED BY " + index;
    }

    @Override
    public String bool(boolean value) {
        return value ? "1" : "0";
    }

    @Override
    public String is(String column, boolean value) {
        return column + " = " + bool(value);
    }

    @Override
    public String jsonParameter() {
        return "?";
    }

    @Override
    public String jsonText(String column) {
        return column;
    }

    @Override
    public String latestConfigs(String columns) {
        return "SELECT " + columns + " FROM configs c WHERE org = ? AND kind = ? AND version = "
                + "(SELECT max(version) FROM configs d WHERE d.org = c.org AND d.kind = c.kind AND d.name = c.name) ORDER BY name";
    }

    @Override
    public Fragment fragment(Statements s, String org, Collection<String> nodeIds) throws SQLException {
        return ClusterQueries.fragment(s, org, nodeIds);
    }

    /** Read per profile on its index, merged by position. */
    @Override
    public List<ChangeEvent> history(Statements s, String org, Collection<String> profileIds, int limit) throws SQLException {
        List<ChangeEvent> out = new ArrayList<>();
        for (String id : profileIds) {
            PreparedStatement ps = s.prepare(HISTORY_OF);
            ps.setString(1, org);
            ps.setString(2, id);
            ps.setInt(3, limit);
            out.addAll(ChangeQueries.changes(s, ps));
        }
        out.sort(Comparator.comparingLong(ChangeEvent::position));
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    /** One scan of the organization's records per chunk of values, not one per value. */
    @Override
    public Set<String> recordOwnersMentioning(Statements s, String org, Collection<String> values) throws SQLException {
        Set<String> owners = new TreeSet<>();
        List<String> patterns = values.stream().map(v -> CanonicalJson.of(Json.NODES.textNode(v))).distinct().toList();
        for (int from = 0; from < patterns.size(); from += 50) {
            List<String> chunk = patterns.subList(from, Math.min(patterns.size(), from + 50));
            PreparedStatement ps = s.prepare("SELECT DISTINCT profile_id FROM records WHERE org = ? AND ("
                    + String.join(" OR ", Collections.nCopies(chunk.size(), "instr(body, ?) > 0")) + ")");
            ps.setString(1, org);
            for (int i = 0; i < chunk.size(); i++) ps.setString(i + 2, chunk.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) owners.add(rs.getString(1));
            }
        }
        return owners;
    }

    @Override
    public List<IdempotencyRecord> idempotencyOf(Statements s, String org, Collection<String> profileIds) throws SQLException {
        List<IdempotencyRecord> out = new ArrayList<>();
        for (String id : new TreeSet<>(profileIds)) {
            PreparedStatement ps = s.prepare(JdbcIdempotency.SELECT + "WHERE org = ? AND profile_id = ?");
            ps.setString(1, org);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(JdbcIdempotency.record(this, rs));
            }
        }
        return out;
    }
}
