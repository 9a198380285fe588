package io.onefold.store.sqlite;

import io.onefold.store.AccessWrites;
import io.onefold.store.ApiClient;
import io.onefold.store.SigningKey;
import io.onefold.store.StoreCodec;
import io.onefold.store.jdbc.Statements;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.TreeSet;

/** API clients and signing keys, read and written on the writer's connection inside its transaction. */
final class SqliteAccess extends SqliteAccessReads implements AccessWrites {
    private final Statements s;

    SqliteAccess(Statements writer) {
        super(Sql.inTransaction(writer));
        this.s = writer;
    }

    @Override
    public void putClient(ApiClient c) {
        Sql.run(() -> {
            PreparedStatement ps = s.prepare("INSERT OR REPLACE INTO clients (client_id, org, secret_hash, permissions, sources, cidrs, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
            ps.setString(1, c.clientId());
            ps.setString(2, c.organization());
            ps.setString(3, c.secretHash());
            ps.setString(4, StoreCodec.strings(List.copyOf(new TreeSet<>(c.permissions()))));
            ps.setString(5, StoreCodec.strings(List.copyOf(new TreeSet<>(c.sources()))));
            ps.setString(6, StoreCodec.strings(c.cidrs()));
            ps.setString(7, c.createdAt().toString());
            ps.executeUpdate();
        });
    }

    @Override
    public boolean deleteClient(String clientId) {
        return Sql.call(() -> {
            PreparedStatement ps = s.prepare("DELETE FROM clients WHERE client_id = ?");
            ps.setString(1, clientId);
            return ps.executeUpdate() > 0;
        });
    }

    @Override
    public void putSigningKey(SigningKey k) {
        Sql.run(() -> {
            PreparedStatement ps = s.prepare("INSERT OR REPLACE INTO signing_keys (kid, secret, created_at, retire_at) VALUES (?, ?, ?, ?)");
            ps.setString(1, k.kid());
            ps.setString(2, k.secret());
            ps.setString(3, k.createdAt().toString());
            ps.setString(4, k.retireAt() == null ? null : k.retireAt().toString());
            ps.executeUpdate();
        });
    }
}
