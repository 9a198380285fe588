package io.onefold.store.postgres;

import static io.onefold.store.postgres.PostgresDialect.instantAt;
import static io.onefold.store.postgres.PostgresDialect.ts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.json.CanonicalJson;
import io.onefold.store.Job;
import io.onefold.store.JobReads;
import io.onefold.store.JobWrites;
import io.onefold.store.StoreCodec;
import io.onefold.store.jdbc.QueryRunner;
import io.onefold.store.jdbc.Statements;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Background jobs: their queries, {@link Reads} on any runner, {@link Writes} in a session's transaction. */
final class PostgresJobs {
    private PostgresJobs() {}

    private static final String COLUMNS = "id, org, type, status, total, done, result, created_at, updated_at";

    static class Reads implements JobReads {
        final QueryRunner db;

        Reads(QueryRunner db) {
            this.db = db;
        }

        @Override
        public Optional<Job> job(String org, String id) {
            return db.query(s -> PostgresJobs.job(s, org, id));
        }

        @Override
        public List<Job> jobs(String type, String status) {
            return db.query(s -> PostgresJobs.jobs(s, type, status));
        }
    }

    static final class Writes extends Reads implements JobWrites {
        private final Transaction tx;

        Writes(Transaction tx) {
            super(tx);
            this.tx = tx;
        }

        @Override
        public void putJob(Job j) {
            tx.write(s -> {
                PreparedStatement ps = s.prepare("INSERT INTO jobs (org, id, type, status, total, done, result, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (org, id) DO UPDATE SET type = excluded.type, status = excluded.status, total = excluded.total, done = excluded.done, "
                        + "result = excluded.result, updated_at = excluded.updated_at");
                ps.setString(1, j.organization());
                ps.setString(2, j.id());
                ps.setString(3, j.type());
                ps.setString(4, j.status());
                ps.setLong(5, j.total());
                ps.setLong(6, j.done());
                ps.setString(7, CanonicalJson.of(j.result()));
                ps.setObject(8, ts(j.createdAt()));
                ps.setObject(9, ts(j.updatedAt()));
                ps.executeUpdate();
                return null;
            });
        }
    }

    private static Job job(ResultSet rs) throws SQLException {
        return new Job(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getLong(6),
                (ObjectNode) StoreCodec.parse(rs.getString(7)), instantAt(rs, 8), instantAt(rs, 9));
    }

    static Optional<Job> job(Statements s, String org, String id) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + COLUMNS + " FROM jobs WHERE org = ? AND id = ?");
        ps.setString(1, org);
        ps.setString(2, id);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(job(rs)) : Optional.empty();
        }
    }

    static List<Job> jobs(Statements s, String type, String status) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + COLUMNS + " FROM jobs WHERE type = ? AND status = ? ORDER BY created_at, id");
        ps.setString(1, type);
        ps.setString(2, status);
        List<Job> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(job(rs));
        }
        return out;
    }
}
