package io.onefold.store.postgres;

import static io.onefold.store.postgres.PostgresDialect.instantAt;
import static io.onefold.store.postgres.PostgresDialect.ts;

import io.onefold.store.IdempotencyReads;
import io.onefold.store.IdempotencyRecord;
import io.onefold.store.IdempotencyWrites;
import io.onefold.store.jdbc.QueryRunner;
import io.onefold.store.jdbc.Statements;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Idempotency records: their queries, {@link Reads} on any runner, {@link Writes} in a session's transaction. */
final class PostgresIdempotency {
    private PostgresIdempotency() {}

    private static final String COLUMNS = "org, key, request_hash, status, response, profile_id, created_at";

    static class Reads implements IdempotencyReads {
        final QueryRunner db;

        Reads(QueryRunner db) {
            this.db = db;
        }

        @Override
        public Optional<IdempotencyRecord> idempotency(String org, String key) {
            return db.query(s -> PostgresIdempotency.idempotency(s, org, key));
        }

        @Override
        public List<IdempotencyRecord> idempotencyOf(String org, Collection<String> profileIds) {
            return db.query(s -> PostgresIdempotency.idempotencyOf(s, org, profileIds));
        }
    }

    static final class Writes extends Reads implements IdempotencyWrites {
        private final Transaction tx;

        Writes(Transaction tx) {
            super(tx);
            this.tx = tx;
        }

        @Override
        public void putIdempotency(IdempotencyRecord r) {
            tx.write(s -> {
                PreparedStatement ps = s.prepare("INSERT INTO idempotency (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (org, key) DO UPDATE SET request_hash = excluded.request_hash, status = excluded.status, response = excluded.response, "
                        + "profile_id = excluded.profile_id, created_at = excluded.created_at");
                ps.setString(1, r.organization());
                ps.setString(2, r.key());
                ps.setString(3, r.requestHash());
                ps.setInt(4, r.status());
                ps.setString(5, r.response());
                ps.setString(6, r.profileId());
                ps.setObject(7, ts(r.createdAt()));
                ps.executeUpdate();
                return null;
            });
        }
    }

    private static IdempotencyRecord idempotency(ResultSet rs) throws SQLException {
        return new IdempotencyRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5), rs.getString(6), instantAt(rs, 7));
    }

    static Optional<IdempotencyRecord> idempotency(Statements s, String org, String key) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + COLUMNS + " FROM idempotency WHERE org = ? AND key = ?");
        ps.setString(1, org);
        ps.setString(2, key);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(idempotency(rs)) : Optional.empty();
        }
    }

    static List<IdempotencyRecord> idempotencyOf(Statements s, String org, Collection<String> profileIds) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + COLUMNS + " FROM idempotency WHERE org = ? AND profile_id = ANY(?) ORDER BY key");
        ps.setString(1, org);
        ps.setArray(2, s.array(profileIds));
        List<IdempotencyRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(idempotency(rs));
        }
        return out;
    }
}
