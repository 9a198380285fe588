package io.onefold.store.sqlite;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.onefold.store.StoreCodec;
import io.onefold.store.Webhook;
import io.onefold.store.WebhookReads;
import io.onefold.store.jdbc.QueryRunner;
import io.onefold.store.jdbc.Statements;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Webhook subscriptions, read where {@code db} runs queries. */
class SqliteWebhookReads implements WebhookReads {
    private static final String WEBHOOK_COLUMNS = "org, id, url, types, secret, status, cursor, failures, recent_failures, created_at";
    private final QueryRunner db;

    SqliteWebhookReads(QueryRunner db) {
        this.db = db;
    }

    @Override
    public List<Webhook> webhooks(String org) {
        return db.query(s -> webhooks(s, org));
    }

    @Override
    public List<Webhook> activeWebhooks() {
        return db.query(SqliteWebhookReads::activeWebhooks);
    }

    // ------------------------------------------------------------------ the queries, on any connection

    private static Webhook webhook(ResultSet rs) throws SQLException {
        return new Webhook(rs.getString(1), rs.getString(2), rs.getString(3), StoreCodec.strings(rs.getString(4)), rs.getString(5),
                rs.getString(6), rs.getLong(7), rs.getInt(8), (ArrayNode) StoreCodec.parse(rs.getString(9)), Instant.parse(rs.getString(10)));
    }

    static List<Webhook> webhooks(Statements s, String org) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + WEBHOOK_COLUMNS + " FROM webhooks WHERE org = ? ORDER BY created_at, id");
        ps.setString(1, org);
        List<Webhook> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(webhook(rs));
        }
        return out;
    }

    static List<Webhook> activeWebhooks(Statements s) throws SQLException {
        List<Webhook> out = new ArrayList<>();
        try (ResultSet rs = s.prepare("SELECT " + WEBHOOK_COLUMNS + " FROM webhooks WHERE status = 'ACTIVE' ORDER BY org, id").executeQuery()) {
            while (rs.next()) out.add(webhook(rs));
        }
        return out;
    }
}
