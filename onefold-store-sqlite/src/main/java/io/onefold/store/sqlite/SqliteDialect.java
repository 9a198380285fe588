package io.onefold.store.sqlite;

import io.onefold.core.json.CanonicalJson;
import io.onefold.store.SearchQuery;
import io.onefold.store.jdbc.Dialect;
import io.onefold.store.jdbc.Statements;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/** SQLite's side of the shared queries: timestamps as ISO-8601 text, key pairs as one JSON array, JSON1 for search. */
final class SqliteDialect implements Dialect {
    static final SqliteDialect SQLITE = new SqliteDialect();

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
}
