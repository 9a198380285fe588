package io.onefold.store.sqlite;

import io.onefold.store.ChangeEvent;
import io.onefold.store.jdbc.ChangeQueries;
import io.onefold.store.jdbc.Statements;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** A cluster's history: one indexed read per profile (SQLite has no array parameter), merged by position. */
final class ProfileHistory {
    static final String HISTORY_OF = "SELECT " + ChangeQueries.CHANGE_COLUMNS + " FROM changes INDEXED BY changes_by_profile "
            + "WHERE org = ? AND profile_id = ? ORDER BY position LIMIT ?";

    private ProfileHistory() {}

    static List<ChangeEvent> history(Statements s, String org, Collection<String> ids, int limit) throws SQLException {
        List<ChangeEvent> out = new ArrayList<>();
        for (String id : ids) {
            PreparedStatement ps = s.prepare(HISTORY_OF);
            ps.setString(1, org);
            ps.setString(2, id);
            ps.setInt(3, limit);
            out.addAll(ChangeQueries.changes(s, ps));
        }
        out.sort(Comparator.comparingLong(ChangeEvent::position));
        return out.size() > limit ? out.subList(0, limit) : out;
    }
}
