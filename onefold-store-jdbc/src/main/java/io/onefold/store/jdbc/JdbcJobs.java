package io.onefold.store.jdbc;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.json.CanonicalJson;
import io.onefold.store.Job;
import io.onefold.store.JobReads;
import io.onefold.store.JobWrites;
import io.onefold.store.StoreCodec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Background jobs: {@link JdbcJobs} reads on any runner; {@link Writes} also writes, in a session's transaction. */
public class JdbcJobs implements JobReads {
    private static final List<String> COLUMNS = List.of("org", "id", "type", "status", "total", "done", "result", "created_at", "updated_at");
    private static final String SELECT = "SELECT id, org, type, status, total, done, result, created_at, updated_at FROM jobs ";
    final QueryRunner db;

    public JdbcJobs(QueryRunner db) {
        this.db = db;
    }

    @Override
    public Optional<Job> job(String org, String id) {
        return db.query(s -> {
            PreparedStatement ps = s.prepare(SELECT + "WHERE org = ? AND id = ?");
            ps.setString(1, org);
            ps.setString(2, id);
            return Rows.first(ps, rs -> job(s.dialect(), rs));
        });
    }

    @Override
    public List<Job> jobs(String type, String status) {
        return db.query(s -> {
            PreparedStatement ps = s.prepare(SELECT + "WHERE type = ? AND status = ? ORDER BY created_at, id");
            ps.setString(1, type);
            ps.setString(2, status);
            return Rows.all(ps, rs -> job(s.dialect(), rs));
        });
    }

    private static Job job(Dialect d, ResultSet rs) throws SQLException {
        return new Job(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getLong(6),
                (ObjectNode) StoreCodec.parse(rs.getString(7)), d.instant(rs, 8), d.instant(rs, 9));
    }

    /** Jobs read and written in a session's transaction. */
    public static final class Writes extends JdbcJobs implements JobWrites {
        private final WriteRunner tx;

        public Writes(WriteRunner tx) {
            super(tx);
            this.tx = tx;
        }

        /** A job keeps its creation time in PostgreSQL; SQLite replaces the row. */
        @Override
        public void putJob(Job j) {
            tx.write(s -> {
                PreparedStatement ps = s.prepare(s.dialect().upsert("jobs", COLUMNS, List.of("org", "id"), Set.of("created_at")));
                ps.setString(1, j.organization());
                ps.setString(2, j.id());
                ps.setString(3, j.type());
                ps.setString(4, j.status());
                ps.setLong(5, j.total());
                ps.setLong(6, j.done());
                ps.setString(7, CanonicalJson.of(j.result()));
                s.dialect().setInstant(ps, 8, j.createdAt());
                s.dialect().setInstant(ps, 9, j.updatedAt());
                return ps.executeUpdate();
            });
        }
    }
}
