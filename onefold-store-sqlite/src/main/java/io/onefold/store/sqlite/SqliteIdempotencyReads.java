package io.onefold.store.sqlite;

import io.onefold.store.IdempotencyReads;
import io.onefold.store.IdempotencyRecord;
import io.onefold.store.jdbc.QueryRunner;
import io.onefold.store.jdbc.Statements;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Idempotency records, read where {@code db} runs queries. */
class SqliteIdempotencyReads implements IdempotencyReads {
    private final QueryRunner db;

    SqliteIdempotencyReads(QueryRunner db) {
        this.db = db;
    }

    @Override
    public Optional<IdempotencyRecord> idempotency(String org, String key) {
        return db.query(s -> idempotency(s, org, key));
    }

    @Override
    public List<IdempotencyRecord> idempotencyOf(String org, Collection<String> profileIds) {
        return db.query(s -> idempotencyOf(s, org, profileIds));
    }

    // ------------------------------------------------------------------ the queries, on any connection

    private static IdempotencyRecord idempotency(ResultSet rs) throws SQLException {
        return new IdempotencyRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5), rs.getString(6), Instant.parse(rs.getString(7)));
    }

    static Optional<IdempotencyRecord> idempotency(Statements s, String org, String key) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT org, key, request_hash, status, response, profile_id, created_at FROM idempotency WHERE org = ? AND key = ?");
        ps.setString(1, org);
        ps.setString(2, key);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(idempotency(rs)) : Optional.empty();
        }
    }

    static List<IdempotencyRecord> idempotencyOf(Statements s, String org, Collection<String> profileIds) throws SQLException {
        List<IdempotencyRecord> out = new ArrayList<>();
        for (String id : new TreeSet<>(profileIds)) {
            PreparedStatement ps = s.prepare("SELECT org, key, request_hash, status, response, profile_id, created_at FROM idempotency WHERE org = ? AND profile_id = ?");
            ps.setString(1, org);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(idempotency(rs));
            }
        }
        return out;
    }
}
