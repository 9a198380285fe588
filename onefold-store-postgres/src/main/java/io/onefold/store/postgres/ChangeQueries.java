package io.onefold.store.postgres;

import static io.onefold.store.postgres.Statements.instant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.store.ChangeEvent;
import io.onefold.store.StoreCodec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The queries on the change stream (history and outbox), run on whatever connection the caller holds. */
final class ChangeQueries {
    private ChangeQueries() {}

    static List<ChangeEvent> history(Statements s, String org, Collection<String> ids, int limit) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT position, org, profile_id, type, at, payload FROM changes WHERE org = ? AND profile_id = ANY(?) ORDER BY position LIMIT ?");
        ps.setString(1, org);
        ps.setArray(2, s.array(ids));
        ps.setInt(3, limit);
        List<ChangeEvent> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(change(rs));
        }
        return out;
    }

    static List<ChangeEvent> changesSince(Statements s, String org, long after, int limit) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT position, org, profile_id, type, at, payload FROM changes WHERE org = ? AND position > ? ORDER BY position LIMIT ?");
        ps.setString(1, org);
        ps.setLong(2, after);
        ps.setInt(3, limit);
        List<ChangeEvent> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(change(rs));
        }
        return out;
    }

    static long latestPosition(Statements s, String org) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT coalesce(max(position), 0) FROM changes WHERE org = ?");
        ps.setString(1, org);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static ChangeEvent change(ResultSet rs) throws SQLException {
        return new ChangeEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), instant(rs, 5), (ObjectNode) StoreCodec.parse(rs.getString(6)));
    }
}
