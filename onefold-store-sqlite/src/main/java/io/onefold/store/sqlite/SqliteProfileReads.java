package io.onefold.store.sqlite;

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
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Profiles read where {@code db} runs queries: the shared queries ({@link JdbcProfileReads}), whole clusters
 * ({@link ClusterQueries}) and history ({@link ProfileHistory}). The store reads on its pool; a write session reads
 * through {@link SqliteProfiles}, which answers cluster reads from its cache first.
 */
class SqliteProfileReads extends JdbcProfileReads {
    SqliteProfileReads(QueryRunner db) {
        super(db);
    }

    @Override
    public Set<String> recordOwnersMentioning(String org, Collection<String> values) {
        return db.query(s -> recordOwnersMentioning(s, org, values));
    }

    @Override
    public Fragment fragment(String org, Collection<String> nodeIds) {
        return db.snapshot(s -> ClusterQueries.fragment(s, org, nodeIds));
    }

    @Override
    public List<ChangeEvent> history(String org, Collection<String> profileIds, int limit) {
        return db.snapshot(s -> ProfileHistory.history(s, org, profileIds, limit));
    }

    static Set<String> recordOwnersMentioning(Statements s, String org, Collection<String> values) throws SQLException {
        Set<String> owners = new TreeSet<>();
        List<String> patterns = values.stream().map(v -> CanonicalJson.of(Json.NODES.textNode(v))).distinct().toList();
        // one scan of the organization's records per chunk of values, not one per value
        for (int from = 0; from < patterns.size(); from += 50) {
            List<String> chunk = patterns.subList(from, Math.min(patterns.size(), from + 50));
            PreparedStatement ps = s.prepare("SELECT DISTINCT profile_id FROM records WHERE org = ? AND ("
                    + String.join(" OR ", Collections.nCopies(chunk.size(), "instr(body, ?) > 0")) + ")");
            ps.setString(1, org);
            for (int i = 0; i < chunk.size(); i++) ps.setString(i + 2, chunk.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) owners.add(rs.getString(1));
            }
        }
        return owners;
    }
}
