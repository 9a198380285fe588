package io.onefold.store.sqlite;

import io.onefold.store.StoreCodec;
import io.onefold.store.Webhook;
import io.onefold.store.WebhookWrites;
import io.onefold.store.jdbc.Statements;
import java.sql.PreparedStatement;

/** Webhook subscriptions, read and written on the writer's connection inside its transaction. */
final class SqliteWebhooks extends SqliteWebhookReads implements WebhookWrites {
    private final Statements s;

    SqliteWebhooks(Statements writer) {
        super(Sql.inTransaction(writer));
        this.s = writer;
    }

    @Override
    public void putWebhook(Webhook w) {
        Sql.run(() -> {
            PreparedStatement ps = s.prepare("INSERT OR REPLACE INTO webhooks (org, id, url, types, secret, status, cursor, failures, recent_failures, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            ps.setString(1, w.organization());
            ps.setString(2, w.id());
            ps.setString(3, w.url());
            ps.setString(4, StoreCodec.strings(w.types()));
            ps.setString(5, w.secret());
            ps.setString(6, w.status());
            ps.setLong(7, w.cursor());
            ps.setInt(8, w.failures());
            ps.setString(9, w.recentFailures().toString());
            ps.setString(10, w.createdAt().toString());
            ps.executeUpdate();
        });
    }

    @Override
    public boolean deleteWebhook(String org, String id) {
        return Sql.call(() -> {
            PreparedStatement ps = s.prepare("DELETE FROM webhooks WHERE org = ? AND id = ?");
            ps.setString(1, org);
            ps.setString(2, id);
            return ps.executeUpdate() > 0;
        });
    }
}
