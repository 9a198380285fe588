package io.onefold.store.sqlite;

import io.onefold.store.IdempotencyRecord;
import io.onefold.store.jdbc.JdbcIdempotency;
import io.onefold.store.jdbc.Statements;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/** The idempotency records of a set of profiles: one indexed read per profile (SQLite has no array parameter). */
final class IdempotencyOfProfiles {
    private IdempotencyOfProfiles() {}

    static List<IdempotencyRecord> read(Statements s, String org, Collection<String> profileIds) throws SQLException {
        List<IdempotencyRecord> out = new ArrayList<>();
        for (String id : new TreeSet<>(profileIds)) {
            PreparedStatement ps = s.prepare(JdbcIdempotency.SELECT + "WHERE org = ? AND profile_id = ?");
            ps.setString(1, org);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(JdbcIdempotency.record(s.dialect(), rs));
            }
        }
        return out;
    }
}
