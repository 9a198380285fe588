package io.onefold.store.jdbc;

import io.onefold.store.SearchQuery;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** What the shared queries write differently for SQLite and PostgreSQL; everything else is the same SQL. */
public interface Dialect {
    /** A timestamp column (SQLite: ISO-8601 text; PostgreSQL: {@code timestamptz}); null stays null. */
    Instant instant(ResultSet rs, int column) throws SQLException;

    /** Binds a timestamp as its column stores it; null binds SQL NULL. */
    void setInstant(PreparedStatement ps, int index, Instant t) throws SQLException;

    /**
     * {@code SELECT <position>, <alias>.profile_id} of the rows of {@code table} (in the organization bound after the
     * pairs) whose two key columns equal one of a list of pairs bound by {@link #bindPairs}: one statement, prepared
     * once, whatever the number of pairs.
     */
    String ownersOfPairs(String table, String alias, String first, String second);

    /** Binds the pairs' first and second values from parameter 1; answers the next parameter's index. */
    int bindPairs(Statements s, PreparedStatement ps, List<String> first, List<String> second) throws SQLException;

    /** Which pair (from 0) a row of {@link #ownersOfPairs} answers, from its first column. */
    int pairIndex(ResultSet rs) throws SQLException;

    /** The search's condition on the golden record: an attribute and a value, bound by {@link #bindGoldenMatch}. */
    String goldenMatch(boolean list);

    /** Binds the attribute and the value of {@link #goldenMatch} at {@code index} and {@code index + 1}. */
    void bindGoldenMatch(PreparedStatement ps, int index, SearchQuery q) throws SQLException;

    /**
     * Inserts a row of {@code columns}, or replaces the one with the same {@code key}: SQLite replaces the whole row,
     * PostgreSQL updates every column but the key's and {@code kept}.
     */
    String upsert(String table, List<String> columns, List<String> key, Set<String> kept);

    /** A boolean literal ({@code 1}/{@code 0} in SQLite, {@code true}/{@code false} in PostgreSQL). */
    String bool(boolean value);

    /** The condition that a boolean column holds {@code value} ({@code active = 1}; {@code active}, {@code NOT active}). */
    String is(String column, boolean value);

    /** A JSON text parameter bound to a JSON column ({@code ?}, or {@code ?::jsonb}). */
    String jsonParameter();

    /** A JSON column read back as text ({@code column}, or {@code column::text}). */
    String jsonText(String column);

    /** {@code SELECT columns} of each configuration's latest version of a kind (org and kind bound), by name. */
    String latestConfigs(String columns);
}
