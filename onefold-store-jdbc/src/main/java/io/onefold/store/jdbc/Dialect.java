package io.onefold.store.jdbc;

import io.onefold.store.SearchQuery;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

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
}
