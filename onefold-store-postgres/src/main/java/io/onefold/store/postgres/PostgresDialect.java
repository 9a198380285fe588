package io.onefold.store.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import io.onefold.core.json.CanonicalJson;
import io.onefold.core.json.Json;
import io.onefold.store.ChangeEvent;
import io.onefold.store.Fragment;
import io.onefold.store.IdempotencyRecord;
import io.onefold.store.SearchQuery;
import io.onefold.store.jdbc.ChangeQueries;
import io.onefold.store.jdbc.Dialect;
import io.onefold.store.jdbc.JdbcIdempotency;
import io.onefold.store.jdbc.Statements;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * PostgreSQL's side of the shared queries: {@code timestamptz}, key pairs as two parallel arrays, jsonb for search, and
 * a set of profiles as one array parameter — one round trip.
 */
final class PostgresDialect implements Dialect {
    static final PostgresDialect POSTGRES = new PostgresDialect();

    private PostgresDialect() {}

    static OffsetDateTime ts(Instant t) {
        return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    static Instant instantAt(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    @Override
    public Instant instant(ResultSet rs, int column) throws SQLException {
        return instantAt(rs, column);
    }

    @Override
    public void setInstant(PreparedStatement ps, int index, Instant t) throws SQLException {
        ps.setObject(index, ts(t));
    }

    @Override
    public void setSortableInstant(PreparedStatement ps, int index, Instant t) throws SQLException {
        ps.setObject(index, ts(t));
    }

    @Override
    public void setStrings(Statements s, PreparedStatement ps, int index, List<String> values) throws SQLException {
        ps.setArray(index, s.array(values));
    }

    @Override
    public String stringsTable(String alias) {
        return "unnest(?::text[]) AS " + alias + "(value)";
    }

    /**
     * Each key's first cap + 1 holders by a LATERAL index range with a LIMIT, counted by a window over what was read
     * (the organization and the limit come first, as the shared binding has them); a key within the cap is then
     * joined to its records.
     */
    @Override
    public String matchCandidates() {
        return "WITH p AS (SELECT ?::text AS org, ?::bigint AS lim), held AS MATERIALIZED (SELECT k.value AS match_key, h.source, h.record_key, "
                + "count(*) OVER (PARTITION BY k.value) AS n, row_number() OVER (PARTITION BY k.value) AS ord "
                + "FROM p CROSS JOIN unnest(?::text[]) AS k(value) CROSS JOIN LATERAL "
                + "(SELECT c.source, c.record_key FROM match_keys c WHERE c.org = p.org AND c.match_key = k.value LIMIT p.lim) h) "
                + "SELECT held.match_key, r.profile_id, r.source, r.record_key, r.body FROM held JOIN records r "
                + "ON held.n <= ? AND r.org = ? AND r.source = held.source AND r.record_key = held.record_key "
                + "UNION ALL SELECT held.match_key, NULL, NULL, NULL, NULL FROM held WHERE held.n > ? AND held.ord = 1";
    }

    @Override
    public String rowsTable(String alias, List<String> columns) {
        return "unnest(" + String.join(", ", Collections.nCopies(columns.size(), "?::text[]")) + ") AS " + alias + "(" + String.join(", ", columns) + ")";
    }

    @Override
    public int bindRows(Statements s, PreparedStatement ps, int index, List<List<String>> columns) throws SQLException {
        for (List<String> c : columns) ps.setArray(index++, s.array(c));
        return index;
    }

    /** One round trip whatever the number of pairs; WITH ORDINALITY maps a row back to its pair. */
    @Override
    public String ownersOfPairs(String table, String alias, String first, String second) {
        return "SELECT k.n, " + alias + ".profile_id FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS k(" + first + ", " + second
                + ", n) JOIN " + table + " " + alias + " ON " + alias + ".org = ? AND " + alias + "." + first + " = k." + first
                + " AND " + alias + "." + second + " = k." + second;
    }

    @Override
    public int bindPairs(Statements s, PreparedStatement ps, List<String> first, List<String> second) throws SQLException {
        ps.setArray(1, s.array(first));
        ps.setArray(2, s.array(second));
        return 3;
    }

    /** The ordinality counts from 1. */
    @Override
    public int pairIndex(ResultSet rs) throws SQLException {
        return rs.getInt(1) - 1;
    }

    /** golden is canonical text: cast per row (a scan of the organization's active profiles, like the embedded store). */
    @Override
    public String goldenMatch(boolean list) {
        return list ? "(golden::jsonb) -> ? @> ?::jsonb" : "(golden::jsonb) -> ? = ?::jsonb";
    }

    @Override
    public void bindGoldenMatch(PreparedStatement ps, int index, SearchQuery q) throws SQLException {
        ps.setString(index, q.attribute());
        Object v = q.value();
        JsonNode value = v instanceof Boolean b ? Json.NODES.booleanNode(b)
                : v instanceof Long l ? Json.NODES.numberNode(l)
                : v instanceof Number n ? Json.NODES.numberNode(n.doubleValue())
                : Json.NODES.textNode(String.valueOf(v));
        ps.setString(index + 1, q.list() ? Json.NODES.arrayNode().add(value).toString() : value.toString());
    }

    @Override
    public String upsert(String table, List<String> columns, List<String> key, Set<String> kept) {
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES (" + String.join(", ", Collections.nCopies(columns.size(), "?"))
                + ") ON CONFLICT (" + String.join(", ", key) + ") DO UPDATE SET " + columns.stream()
                        .filter(c -> !key.contains(c) && !kept.contains(c)).map(c -> c + " = excluded." + c).collect(Collectors.joining(", "));
    }

    /**
     * The row version's creating transaction: every write of the row makes a new row version with the writing
     * transaction's id, so it changes with each write, on whichever node; the profile's version beside it guards
     * against a transaction id seen again after wraparound.
     */
    @Override
    public String rowStamp(String alias) {
        return alias + ".xmin::text || ':' || " + alias + ".version";
    }

    @Override
    public String indexedBy(String index) {
        return "";
    }

    @Override
    public String bool(boolean value) {
        return value ? "true" : "false";
    }

    @Override
    public String is(String column, boolean value) {
        return value ? column : "NOT " + column;
    }

    /** settings is jsonb. */
    @Override
    public String jsonParameter() {
        return "?::jsonb";
    }

    @Override
    public String jsonText(String column) {
        return column + "::text";
    }

    @Override
    public String latestConfigs(String columns) {
        return "SELECT DISTINCT ON (name) " + columns + " FROM configs WHERE org = ? AND kind = ? ORDER BY name, version DESC";
    }

    @Override
    public Fragment fragment(Statements s, String org, Collection<String> nodeIds) throws SQLException {
        return ClusterQuery.fragment(s, org, nodeIds);
    }

    @Override
    public List<ChangeEvent> history(Statements s, String org, Collection<String> profileIds, int limit) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + ChangeQueries.CHANGE_COLUMNS + " FROM changes WHERE org = ? AND profile_id = ANY(?) ORDER BY position LIMIT ?");
        ps.setString(1, org);
        ps.setArray(2, s.array(profileIds));
        ps.setInt(3, limit);
        return ChangeQueries.changes(s, ps);
    }

    /** One scan of the organization's records for every value. */
    @Override
    public Set<String> recordOwnersMentioning(Statements s, String org, Collection<String> values) throws SQLException {
        Set<String> owners = new TreeSet<>();
        if (values.isEmpty()) return owners;
        PreparedStatement ps = s.prepare("SELECT DISTINCT profile_id FROM records WHERE org = ? AND EXISTS "
                + "(SELECT 1 FROM unnest(?::text[]) v WHERE strpos(body, v) > 0)");
        ps.setString(1, org);
        ps.setArray(2, s.array(values.stream().map(v -> CanonicalJson.of(Json.NODES.textNode(v))).distinct().toList()));
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) owners.add(rs.getString(1));
        }
        return owners;
    }

    @Override
    public List<IdempotencyRecord> idempotencyOf(Statements s, String org, Collection<String> profileIds) throws SQLException {
        PreparedStatement ps = s.prepare(JdbcIdempotency.SELECT + "WHERE org = ? AND profile_id = ANY(?) ORDER BY key");
        ps.setString(1, org);
        ps.setArray(2, s.array(profileIds));
        List<IdempotencyRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(JdbcIdempotency.record(this, rs));
        }
        return out;
    }
}
