package io.onefold.store.sqlite;

import io.onefold.store.IdempotencyRecord;
import io.onefold.store.IdempotencyWrites;
import io.onefold.store.jdbc.Statements;
import java.sql.PreparedStatement;

/** Idempotency records, read and written on the writer's connection inside the transaction of the operation they answer. */
final class SqliteIdempotency extends SqliteIdempotencyReads implements IdempotencyWrites {
    private final Statements s;

    SqliteIdempotency(Statements writer) {
        super(Sql.inTransaction(writer));
        this.s = writer;
    }

    @Override
    public void putIdempotency(IdempotencyRecord r) {
        Sql.run(() -> {
            PreparedStatement ps = s.prepare("INSERT OR REPLACE INTO idempotency (org, key, request_hash, status, response, profile_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
            ps.setString(1, r.organization());
            ps.setString(2, r.key());
            ps.setString(3, r.requestHash());
            ps.setInt(4, r.status());
            ps.setString(5, r.response());
            ps.setString(6, r.profileId());
            ps.setString(7, r.createdAt().toString());
            ps.executeUpdate();
        });
    }
}
