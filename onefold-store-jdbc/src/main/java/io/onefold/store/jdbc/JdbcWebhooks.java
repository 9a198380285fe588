package io.onefold.store.jdbc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.onefold.store.StoreCodec;
import io.onefold.store.Webhook;
import io.onefold.store.WebhookReads;
import io.onefold.store.WebhookWrites;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;

/** Webhook subscriptions: {@link JdbcWebhooks} reads on any runner; {@link Writes} also writes, in a session's transaction. */
public class JdbcWebhooks implements WebhookReads {
    private static final List<String> COLUMNS = List.of("org", "id", "url", "types", "secret", "status", "cursor", "failures",
            "recent_failures", "created_at");
    private static final String SELECT = "SELECT " + String.join(", ", COLUMNS) + " FROM webhooks ";
    final QueryRunner db;

    public JdbcWebhooks(QueryRunner db) {
        this.db = db;
    }

    @Override
    public List<Webhook> webhooks(String org) {
        return db.query(s -> {
            PreparedStatement ps = s.prepare(SELECT + "WHERE org = ? ORDER BY created_at, id");
            ps.setString(1, org);
            return Rows.all(ps, rs -> webhook(s.dialect(), rs));
        });
    }

    @Override
    public List<Webhook> activeWebhooks() {
        return db.query(s -> Rows.all(s.prepare(SELECT + "WHERE status = 'ACTIVE' ORDER BY org, id"), rs -> webhook(s.dialect(), rs)));
    }

    private static Webhook webhook(Dialect d, ResultSet rs) throws SQLException {
        return new Webhook(rs.getString(1), rs.getString(2), rs.getString(3), StoreCodec.strings(rs.getString(4)), rs.getString(5),
                rs.getString(6), rs.getLong(7), rs.getInt(8), (ArrayNode) StoreCodec.parse(rs.getString(9)), d.instant(rs, 10));
    }

    /** Webhooks read and written in a session's transaction. */
    public static final class Writes extends JdbcWebhooks implements WebhookWrites {
        private final WriteRunner tx;

        public Writes(WriteRunner tx) {
            super(tx);
            this.tx = tx;
        }

        /** A subscription keeps its creation time in PostgreSQL; SQLite replaces the row. */
        @Override
        public void putWebhook(Webhook w) {
            tx.write(s -> {
                PreparedStatement ps = s.prepare(s.dialect().upsert("webhooks", COLUMNS, List.of("org", "id"), Set.of("created_at")));
                ps.setString(1, w.organization());
                ps.setString(2, w.id());
                ps.setString(3, w.url());
                ps.setString(4, StoreCodec.strings(w.types()));
                ps.setString(5, w.secret());
                ps.setString(6, w.status());
                ps.setLong(7, w.cursor());
                ps.setInt(8, w.failures());
                ps.setString(9, w.recentFailures().toString());
                s.dialect().setInstant(ps, 10, w.createdAt());
                return ps.executeUpdate();
            });
        }

        @Override
        public boolean deleteWebhook(String org, String id) {
            return tx.write(s -> {
                PreparedStatement ps = s.prepare("DELETE FROM webhooks WHERE org = ? AND id = ?");
                ps.setString(1, org);
                ps.setString(2, id);
                return ps.executeUpdate() > 0;
            });
        }
    }
}
