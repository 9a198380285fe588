package io.onefold.store.jdbc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.store.ChangeEvent;
import io.onefold.store.StoreCodec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The change stream's queries after a position, on whatever connection the caller holds. History by profile is each
 * store's own ({@link Dialect#history}: SQLite per profile on its index, PostgreSQL in one statement).
 */
public final class ChangeQueries {
    /** The columns {@link #changes} maps. */
    public static final String CHANGE_COLUMNS = "position, org, profile_id, type, at, payload";

    private ChangeQueries() {}

    public static List<ChangeEvent> changesSince(Statements s, String org, long after, int limit) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + CHANGE_COLUMNS + " FROM changes WHERE org = ? AND position > ? ORDER BY position LIMIT ?");
        ps.setString(1, org);
        ps.setLong(2, after);
        ps.setInt(3, limit);
        return changes(s, ps);
    }

    public static long latestPosition(Statements s, String org) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT coalesce(max(position), 0) FROM changes WHERE org = ?");
        ps.setString(1, org);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The rows of a bound statement on {@link #CHANGE_COLUMNS}, in its order. */
    public static List<ChangeEvent> changes(Statements s, PreparedStatement ps) throws SQLException {
        return Rows.all(ps, rs -> new ChangeEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), s.dialect().instant(rs, 5),
                (ObjectNode) StoreCodec.parse(rs.getString(6))));
    }
}
