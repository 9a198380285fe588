package io.onefold.store.postgres;

import static io.onefold.store.postgres.PostgresDialect.instantAt;
import static io.onefold.store.postgres.PostgresDialect.ts;

import io.onefold.store.AccessReads;
import io.onefold.store.AccessWrites;
import io.onefold.store.ApiClient;
import io.onefold.store.SigningKey;
import io.onefold.store.StoreCodec;
import io.onefold.store.jdbc.QueryRunner;
import io.onefold.store.jdbc.Statements;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** API clients and signing keys: their queries, {@link Reads} on any runner, {@link Writes} in a session's transaction. */
final class PostgresAccess {
    private PostgresAccess() {}

    private static final String CLIENT_COLUMNS = "client_id, org, secret_hash, permissions, sources, cidrs, created_at";

    static class Reads implements AccessReads {
        final QueryRunner db;

        Reads(QueryRunner db) {
            this.db = db;
        }

        @Override
        public Optional<ApiClient> client(String clientId) {
            return db.query(s -> PostgresAccess.client(s, clientId));
        }

        @Override
        public List<ApiClient> clients(String org) {
            return db.query(s -> PostgresAccess.clients(s, org));
        }

        @Override
        public List<SigningKey> signingKeys() {
            return db.query(PostgresAccess::signingKeys);
        }
    }

    static final class Writes extends Reads implements AccessWrites {
        private final Transaction tx;

        Writes(Transaction tx) {
            super(tx);
            this.tx = tx;
        }

        @Override
        public void putClient(ApiClient c) {
            tx.write(s -> {
                PreparedStatement ps = s.prepare("INSERT INTO clients (" + CLIENT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (client_id) DO UPDATE SET org = excluded.org, secret_hash = excluded.secret_hash, permissions = excluded.permissions, "
                        + "sources = excluded.sources, cidrs = excluded.cidrs, created_at = excluded.created_at");
                ps.setString(1, c.clientId());
                ps.setString(2, c.organization());
                ps.setString(3, c.secretHash());
                ps.setString(4, StoreCodec.strings(List.copyOf(new TreeSet<>(c.permissions()))));
                ps.setString(5, StoreCodec.strings(List.copyOf(new TreeSet<>(c.sources()))));
                ps.setString(6, StoreCodec.strings(c.cidrs()));
                ps.setObject(7, ts(c.createdAt()));
                ps.executeUpdate();
                return null;
            });
        }

        @Override
        public boolean deleteClient(String clientId) {
            return tx.write(s -> {
                PreparedStatement ps = s.prepare("DELETE FROM clients WHERE client_id = ?");
                ps.setString(1, clientId);
                return ps.executeUpdate() > 0;
            });
        }

        @Override
        public void putSigningKey(SigningKey k) {
            tx.write(s -> {
                PreparedStatement ps = s.prepare("INSERT INTO signing_keys (kid, secret, created_at, retire_at) VALUES (?, ?, ?, ?) "
                        + "ON CONFLICT (kid) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at, retire_at = excluded.retire_at");
                ps.setString(1, k.kid());
                ps.setString(2, k.secret());
                ps.setObject(3, ts(k.createdAt()));
                ps.setObject(4, ts(k.retireAt()));
                ps.executeUpdate();
                return null;
            });
        }
    }

    private static ApiClient client(ResultSet rs) throws SQLException {
        return new ApiClient(rs.getString(1), rs.getString(2), rs.getString(3),
                new TreeSet<>(StoreCodec.strings(rs.getString(4))), new TreeSet<>(StoreCodec.strings(rs.getString(5))),
                StoreCodec.strings(rs.getString(6)), instantAt(rs, 7));
    }

    static Optional<ApiClient> client(Statements s, String clientId) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + CLIENT_COLUMNS + " FROM clients WHERE client_id = ?");
        ps.setString(1, clientId);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(client(rs)) : Optional.empty();
        }
    }

    static List<ApiClient> clients(Statements s, String org) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + CLIENT_COLUMNS + " FROM clients WHERE org = ? ORDER BY client_id");
        ps.setString(1, org);
        List<ApiClient> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(client(rs));
        }
        return out;
    }

    static List<SigningKey> signingKeys(Statements s) throws SQLException {
        List<SigningKey> out = new ArrayList<>();
        try (ResultSet rs = s.prepare("SELECT kid, secret, created_at, retire_at FROM signing_keys ORDER BY created_at DESC, kid DESC").executeQuery()) {
            while (rs.next()) out.add(new SigningKey(rs.getString(1), rs.getString(2), instantAt(rs, 3), instantAt(rs, 4)));
        }
        return out;
    }
}
