package io.onefold.store.postgres;

import io.onefold.store.IdempotencyRecord;
import io.onefold.store.jdbc.JdbcIdempotency;
import io.onefold.store.jdbc.Statements;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The idempotency records of a set of profiles: one statement, the profiles bound as an array. */
final class IdempotencyOfProfiles {
    private IdempotencyOfProfiles() {}

    static List<IdempotencyRecord> read(Statements s, String org, Collection<String> profileIds) throws SQLException {
        PreparedStatement ps = s.prepare(JdbcIdempotency.SELECT + "WHERE org = ? AND profile_id = ANY(?) ORDER BY key");
        ps.setString(1, org);
        ps.setArray(2, s.array(profileIds));
        List<IdempotencyRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(JdbcIdempotency.record(s.dialect(), rs));
        }
        return out;
    }
}
