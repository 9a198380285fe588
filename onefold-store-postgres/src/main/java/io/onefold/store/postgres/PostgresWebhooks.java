package io.onefold.store.postgres;

import static io.onefold.store.postgres.PostgresDialect.instantAt;
import static io.onefold.store.postgres.PostgresDialect.ts;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.onefold.store.StoreCodec;
import io.onefold.store.Webhook;
import io.onefold.store.WebhookReads;
import io.onefold.store.WebhookWrites;
import io.onefold.store.jdbc.QueryRunner;
import io.onefold.store.jdbc.Statements;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Webhook subscriptions: their queries, {@link Reads} on any runner, {@link Writes} in a session's transaction. */
final class PostgresWebhooks {
    private PostgresWebhooks() {}

    private static final String COLUMNS = "org, id, url, types, secret, status, cursor, failures, recent_failures, created_at";

    static class Reads implements WebhookReads {
        final QueryRunner db;

        Reads(QueryRunner db) {
            this.db = db;
        }

        @Override
        public List<Webhook> webhooks(String org) {
            return db.query(s -> PostgresWebhooks.webhooks(s, org));
        }

        @Override
        public List<Webhook> activeWebhooks() {
            return db.query(PostgresWebhooks::activeWebhooks);
        }
    }

    static final class Writes extends Reads implements WebhookWrites {
        private final Transaction tx;

        Writes(Transaction tx) {
            super(tx);
            this.tx = tx;
        }

        @Override
        public void putWebhook(Webhook w) {
            tx.write(s -> {
                PreparedStatement ps = s.prepare("INSERT INTO webhooks (org, id, url, types, secret, status, cursor, failures, recent_failures, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (org, id) DO UPDATE SET url = excluded.url, types = excluded.types, secret = excluded.secret, "
                        + "status = excluded.status, cursor = excluded.cursor, failures = excluded.failures, recent_failures = excluded.recent_failures");
                ps.setString(1, w.organization());
                ps.setString(2, w.id());
                ps.setString(3, w.url());
                ps.setString(4, StoreCodec.strings(w.types()));
                ps.setString(5, w.secret());
                ps.setString(6, w.status());
                ps.setLong(7, w.cursor());
                ps.setInt(8, w.failures());
                ps.setString(9, w.recentFailures().toString());
                ps.setObject(10, ts(w.createdAt()));
                ps.executeUpdate();
                return null;
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

    private static Webhook webhook(ResultSet rs) throws SQLException {
        return new Webhook(rs.getString(1), rs.getString(2), rs.getString(3), StoreCodec.strings(rs.getString(4)), rs.getString(5),
                rs.getString(6), rs.getLong(7), rs.getInt(8), (ArrayNode) StoreCodec.parse(rs.getString(9)), instantAt(rs, 10));
    }

    static List<Webhook> webhooks(Statements s, String org) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + COLUMNS + " FROM webhooks WHERE org = ? ORDER BY created_at, id");
        ps.setString(1, org);
        List<Webhook> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(webhook(rs));
        }
        return out;
    }

    static List<Webhook> activeWebhooks(Statements s) throws SQLException {
        List<Webhook> out = new ArrayList<>();
        try (ResultSet rs = s.prepare("SELECT " + COLUMNS + " FROM webhooks WHERE status = 'ACTIVE' ORDER BY org, id").executeQuery()) {
            while (rs.next()) out.add(webhook(rs));
        }
        return out;
    }
}
