package io.onefold.store.sqlite;

import io.onefold.core.json.CanonicalJson;
import io.onefold.store.Job;
import io.onefold.store.JobWrites;
import io.onefold.store.jdbc.Statements;
import java.sql.PreparedStatement;

/** Background jobs, read and written on the writer's connection inside its transaction. */
final class SqliteJobs extends SqliteJobReads implements JobWrites {
    private final Statements s;

    SqliteJobs(Statements writer) {
        super(Sql.inTransaction(writer));
        this.s = writer;
    }

    @Override
    public void putJob(Job j) {
        Sql.run(() -> {
            PreparedStatement ps = s.prepare("INSERT OR REPLACE INTO jobs (org, id, type, status, total, done, result, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
            ps.setString(1, j.organization());
            ps.setString(2, j.id());
            ps.setString(3, j.type());
            ps.setString(4, j.status());
            ps.setLong(5, j.total());
            ps.setLong(6, j.done());
            ps.setString(7, CanonicalJson.of(j.result()));
            ps.setString(8, j.createdAt().toString());
            ps.setString(9, j.updatedAt().toString());
            ps.executeUpdate();
        });
    }
}
