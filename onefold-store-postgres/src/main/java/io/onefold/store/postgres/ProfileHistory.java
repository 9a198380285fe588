package io.onefold.store.postgres;

import io.onefold.store.ChangeEvent;
import io.onefold.store.jdbc.ChangeQueries;
import io.onefold.store.jdbc.Statements;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/** A cluster's history: one statement for all its profiles (an array parameter), in position order. */
final class ProfileHistory {
    private ProfileHistory() {}

    static List<ChangeEvent> history(Statements s, String org, Collection<String> ids, int limit) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + ChangeQueries.CHANGE_COLUMNS + " FROM changes WHERE org = ? AND profile_id = ANY(?) ORDER BY position LIMIT ?");
        ps.setString(1, org);
        ps.setArray(2, s.array(ids));
        ps.setInt(3, limit);
        return ChangeQueries.changes(s, ps);
    }
}
