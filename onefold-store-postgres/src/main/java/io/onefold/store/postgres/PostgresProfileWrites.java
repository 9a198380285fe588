package io.onefold.store.postgres;

import static io.onefold.store.postgres.PostgresDialect.ts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.identity.GraphChanges;
import io.onefold.core.identity.ProfileView;
import io.onefold.core.json.CanonicalJson;
import io.onefold.store.ChangeEvent;
import io.onefold.store.Fragment;
import io.onefold.store.ProfileWrites;
import io.onefold.store.jdbc.JdbcProfileReads;
import io.onefold.store.jdbc.SearchIndex;
import io.onefold.store.jdbc.Statements;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What the write pipeline changes, in a write session's transaction: clusters ({@link ClusterStatements}), golden rows, and
 * the change stream — whose events wait in {@link PendingChanges} until the commit gives them their positions.
 */
final class PostgresProfileWrites extends JdbcProfileReads implements ProfileWrites {
    private final Transaction tx;
    private final PendingChanges pending;

    PostgresProfileWrites(Transaction tx, PendingChanges pending) {
        super(tx);
        this.tx = tx;
        this.pending = pending;
    }

    @Override
    public Fragment clusters(String org, Collection<String> seeds, Set<String> missed, boolean mayWait) {
        return ClusterExclusion.clusters(tx, org, seeds, missed, mayWait, () -> fragment(org, seeds));
    }

    @Override
    public void apply(String org, Fragment before, GraphChanges changes, Set<String> nonLinking, Set<String> searchable, Instant now) {
        tx.write(s -> {
            ClusterStatements.apply(s, org, before, changes, nonLinking, searchable, now);
            return null;
        });
    }

    @Override
    public void updateGolden(String org, ProfileView view, Instant now) {
        tx.write(s -> {
            ClusterStatements.addGolden(s, org, view, now).executeBatch();
            return null;
        });
    }

    @Override
    public void reindex(String org, String profileId, ObjectNode golden, Set<String> searchable) {
        tx.write(s -> {
            ClusterStatements.reindex(s, org, profileId, golden, searchable);
            return null;
        });
    }

    @Override
    public void dropSearchIndex(String org, Set<String> keep) {
        tx.write(s -> SearchIndex.dropExcept(s, org, keep));
    }

    @Override
    public long appendChange(ChangeEvent e) {
        pending.append(e);
        return 0;
    }

    @Override
    public Set<String> rewriteChanges(String org, Collection<String> profileIds, Function<ChangeEvent, ObjectNode> rewrite) {
        return tx.write(s -> {
            Set<String> changed = new TreeSet<>();
            Map<Long, String> payloads = new HashMap<>();
            for (ChangeEvent e : s.dialect().history(s, org, profileIds, Integer.MAX_VALUE)) {
                String next = CanonicalJson.of(rewrite.apply(e));
                if (next.equals(CanonicalJson.of(e.payload()))) continue;
                payloads.put(e.position(), next);
                changed.add(e.profileId());
            }
            updatePayloads(s, payloads);
            // events appended in this transaction are inserted at commit: rewritten here, before they are
            changed.addAll(pending.rewrite(org, profileIds, rewrite));
            return changed;
        });
    }

    private static void updatePayloads(Statements s, Map<Long, String> payloads) throws SQLException {
        if (payloads.isEmpty()) return;
        PreparedStatement u = s.prepare("UPDATE changes SET payload = ? WHERE position = ?");
        for (var e : payloads.entrySet()) {
            u.setString(1, e.getValue());
            u.setLong(2, e.getKey());
            u.addBatch();
        }
        u.executeBatch();
    }

    @Override
    public int purgeChanges(String org, Instant before) {
        return tx.write(s -> {
            PreparedStatement ps = s.prepare("DELETE FROM changes WHERE org = ? AND at < ?");
            ps.setString(1, org);
            ps.setObject(2, ts(before));
            return ps.executeUpdate();
        });
    }
}
