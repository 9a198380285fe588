package io.onefold.store.jdbc;

import io.onefold.store.ChangeEvent;
import io.onefold.store.Fragment;
import io.onefold.store.IdempotencyRecord;
import io.onefold.store.SearchQuery;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * What SQLite and PostgreSQL do differently: how a value is bound or read, a fragment of SQL, and the few queries each
 * writes its own way (a set of profiles is an array parameter in PostgreSQL, one indexed read per profile in SQLite;
 * whole clusters are each store's own reader). Everything else is the same SQL, written once in this package.
 */
public interface Dialect {
    /**
     * The SQL expression of a profile row's stamp ({@link io.onefold.store.ProfileReads#rowStamp}) on the row aliased
     * {@code alias}, or null when the dialect has none.
     */
    default String rowStamp(String alias) {
        return null;
    }

    /** A timestamp column (SQLite: ISO-8601 text; PostgreSQL: {@code timestamptz}); null stays null. */
    Instant instant(ResultSet rs, int column) throws SQLException;

    /** Binds a timestamp as its column stores it; null binds SQL NULL. */
    void setInstant(PreparedStatement ps, int index, Instant t) throws SQLException;

    /**
     * Binds a timestamp that queries order and compare ranges on (a link's time): SQLite writes fixed-width text (nine
     * fraction digits), so that text order is time order; PostgreSQL binds {@code timestamptz}, as {@link #setInstant}.
     */
    void setSortableInstant(PreparedStatement ps, int index, Instant t) throws SQLException;

    /** Binds a list of strings (SQLite: a JSON array as text; PostgreSQL: {@code text[]}). */
    void setStrings(Statements s, PreparedStatement ps, int index, List<String> values) throws SQLException;

    /**
     * A table of the strings bound by {@link #setStrings}, one row each, their column named {@code value}: what
     * {@code FROM} reads a list of keys from, so that one statement, prepared once, joins any number of them.
     */
    String stringsTable(String alias);

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

    /**
     * {@code " INDEXED BY index"} after a table name in SQLite, which without statistics prefers a prefix of the primary
     * key (the whole organization) to a narrower index; nothing in PostgreSQL, whose planner has statistics.
     */
    String indexedBy(String index);

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

    // ------------------------------------------------------------------ the queries each writes its own way

    /**
     * The records a list of blocking keys reaches ({@code MatchQueries}): parameters (org, cap + 1, the keys as
     * {@link #setStrings} binds them, cap, org, cap); rows (key, profile id, source, record key, body). Each key's
     * range of {@code match_keys} is read once, at most cap + 1 rows: a key held by more than cap records answers one
     * row with no owner (it is no evidence), a key nobody holds no row, any other key its records.
     */
    String matchCandidates();

    /**
     * The rows of a table given as columns of strings, bound at one parameter (SQLite: a JSON array of arrays) or one
     * per column (PostgreSQL: {@code text[]} each) by {@link #bindRows}, each column named as given: what a set-based
     * write reads its rows from, one statement whatever their number.
     */
    String rowsTable(String alias, List<String> columns);

    /** Binds {@code columns} (of equal length) for {@link #rowsTable} from parameter {@code index}; answers the next index. */
    int bindRows(Statements s, PreparedStatement ps, int index, List<List<String>> columns) throws SQLException;

    /** Whole clusters around node ids (run in one snapshot). */
    Fragment fragment(Statements s, String org, Collection<String> nodeIds) throws SQLException;

    /** The change events of a set of profiles, in position order, at most {@code limit}. */
    List<ChangeEvent> history(Statements s, String org, Collection<String> profileIds, int limit) throws SQLException;

    /** The owners of the records whose body holds one of the values (as JSON strings), sorted. */
    Set<String> recordOwnersMentioning(Statements s, String org, Collection<String> values) throws SQLException;

    /** The idempotency records that name one of the profiles. */
    List<IdempotencyRecord> idempotencyOf(Statements s, String org, Collection<String> profileIds) throws SQLException;
}
