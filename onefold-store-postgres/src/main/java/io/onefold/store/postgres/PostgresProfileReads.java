package io.onefold.store.postgres;

import io.onefold.core.json.CanonicalJson;
import io.onefold.core.json.Json;
import io.onefold.store.ChangeEvent;
import io.onefold.store.Fragment;
import io.onefold.store.jdbc.JdbcProfileReads;
import io.onefold.store.jdbc.QueryRunner;
import io.onefold.store.jdbc.Statements;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Profiles and the change stream, read on a runner: the store's pooled read connections, or a write session's
 * connection inside its transaction (see {@link PostgresProfileWrites}). The shared queries: {@link JdbcProfileReads};
 * whole clusters: {@link ClusterQuery}; history: {@link ProfileHistory}.
 */
class PostgresProfileReads extends JdbcProfileReads {
    PostgresProfileReads(QueryRunner db) {
        super(db);
    }

    @Override
    public Set<String> recordOwnersMentioning(String org, Collection<String> values) {
        return db.query(s -> recordOwnersMentioning(s, org, values));
    }

    @Override
    public Fragment fragment(String org, Collection<String> nodeIds) {
        return db.snapshot(s -> ClusterQuery.fragment(s, org, nodeIds));
    }

    @Override
    public List<ChangeEvent> history(String org, Collection<String> profileIds, int limit) {
        return db.snapshot(s -> ProfileHistory.history(s, org, profileIds, limit));
    }

    static Set<String> recordOwnersMentioning(Statements s, String org, Collection<String> values) throws SQLException {
        Set<String> owners = new TreeSet<>();
        if (values.isEmpty()) return owners;
        // one scan of the organization's records for every value
        PreparedStatement ps = s.prepare("SELECT DISTINCT profile_id FROM records WHERE org = ? AND EXISTS "
                + "(SELECT 1 FROM unnest(?::text[]) v WHERE strpos(body, v) > 0)");
        ps.setString(1, org);
        ps.setArray(2, s.array(values.stream().map(v -> CanonicalJson.of(Json.NODES.textNode(v))).distinct().toList()));
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) owners.add(rs.getString(1));
        }
        return owners;
    }
}
