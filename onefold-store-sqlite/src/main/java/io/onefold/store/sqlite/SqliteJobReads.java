package io.onefold.store.sqlite;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.store.Job;
import io.onefold.store.JobReads;
import io.onefold.store.StoreCodec;
import io.onefold.store.jdbc.QueryRunner;
import io.onefold.store.jdbc.Statements;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Background jobs, read where {@code db} runs queries. */
class SqliteJobReads implements JobReads {
    private static final String JOB_COLUMNS = "id, org, type, status, total, done, result, created_at, updated_at";
    private final QueryRunner db;

    SqliteJobReads(QueryRunner db) {
        this.db = db;
    }

    @Override
    public Optional<Job> job(String org, String id) {
        return db.query(s -> job(s, org, id));
    }

    @Override
    public List<Job> jobs(String type, String status) {
        return db.query(s -> jobs(s, type, status));
    }

    // ------------------------------------------------------------------ the queries, on any connection

    private static Job job(ResultSet rs) throws SQLException {
        return new Job(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getLong(6),
                (ObjectNode) StoreCodec.parse(rs.getString(7)), Instant.parse(rs.getString(8)), Instant.parse(rs.getString(9)));
    }

    static Optional<Job> job(Statements s, String org, String id) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + JOB_COLUMNS + " FROM jobs WHERE org = ? AND id = ?");
        ps.setString(1, org);
        ps.setString(2, id);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(job(rs)) : Optional.empty();
        }
    }

    static List<Job> jobs(Statements s, String type, String status) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + JOB_COLUMNS + " FROM jobs WHERE type = ? AND status = ? ORDER BY created_at, id");
        ps.setString(1, type);
        ps.setString(2, status);
        List<Job> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(job(rs));
        }
        return out;
    }
}
