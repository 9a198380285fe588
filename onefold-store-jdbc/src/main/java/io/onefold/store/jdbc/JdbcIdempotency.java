package io.onefold.store.jdbc;

import io.onefold.store.IdempotencyReads;
import io.onefold.store.IdempotencyRecord;
import io.onefold.store.IdempotencyWrites;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Idempotency records: {@link JdbcIdempotency} reads on any runner; {@link Writes} also writes, in a session's
 * transaction. The records of a set of profiles: {@link Dialect#idempotencyOf}.
 */
public class JdbcIdempotency implements IdempotencyReads {
    private static final List<String> COLUMNS = List.of("org", "key", "request_hash", "status", "response", "profile_id", "created_at");
    /** The columns {@link #record} maps, for a store's own queries. */
    public static final String SELECT = "SELECT " + String.join(", ", COLUMNS) + " FROM idempotency ";
    final QueryRunner db;

    public JdbcIdempotency(QueryRunner db) {
        this.db = db;
    }

    @Override
    public Optional<IdempotencyRecord> idempotency(String org, String key) {
        return db.query(s -> {
            PreparedStatement ps = s.prepare(SELECT + "WHERE org = ? AND key = ?");
            ps.setString(1, org);
            ps.setString(2, key);
            return Rows.first(ps, rs -> record(s.dialect(), rs));
        });
    }

    @Override
    public List<IdempotencyRecord> idempotencyOf(String org, Collection<String> profileIds) {
        return db.query(s -> s.dialect().idempotencyOf(s, org, profileIds));
    }

    /** A row of {@link #SELECT}. */
    public static IdempotencyRecord record(Dialect d, ResultSet rs) throws SQLException {
        return new IdempotencyRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5), rs.getString(6), d.instant(rs, 7));
    }

    /** Records read and written in the transaction of the operation they answer; a put replaces the whole row. */
    public static final class Writes extends JdbcIdempotency implements IdempotencyWrites {
        private final WriteRunner tx;

        public Writes(WriteRunner tx) {
            super(tx);
            this.tx = tx;
        }

        @Override
        public void putIdempotency(IdempotencyRecord r) {
            tx.write(s -> {
                PreparedStatement ps = s.prepare(s.dialect().upsert("idempotency", COLUMNS, List.of("org", "key"), Set.of()));
                ps.setString(1, r.organization());
                ps.setString(2, r.key());
                ps.setString(3, r.requestHash());
                ps.setInt(4, r.status());
                ps.setString(5, r.response());
                ps.setString(6, r.profileId());
                s.dialect().setInstant(ps, 7, r.createdAt());
                return ps.executeUpdate();
            });
        }
    }
}
