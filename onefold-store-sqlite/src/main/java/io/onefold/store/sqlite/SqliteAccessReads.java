package io.onefold.store.sqlite;

import io.onefold.store.AccessReads;
import io.onefold.store.ApiClient;
import io.onefold.store.SigningKey;
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
import java.util.TreeSet;

/** API clients and signing keys, read where {@code db} runs queries. */
class SqliteAccessReads implements AccessReads {
    private static final String CLIENT_COLUMNS = "client_id, org, secret_hash, permissions, sources, cidrs, created_at";
    private final QueryRunner db;

    SqliteAccessReads(QueryRunner db) {
        this.db = db;
    }

    @Override
    public Optional<ApiClient> client(String clientId) {
        return db.query(s -> client(s, clientId));
    }

    @Override
    public List<ApiClient> clients(String org) {
        return db.query(s -> clients(s, org));
    }

    @Override
    public List<SigningKey> signingKeys() {
        return db.query(SqliteAccessReads::signingKeys);
    }

    // ------------------------------------------------------------------ the queries, on any connection

    private static ApiClient client(ResultSet rs) throws SQLException {
        return new ApiClient(rs.getString(1), rs.getString(2), rs.getString(3),
                new TreeSet<>(StoreCodec.strings(rs.getString(4))), new TreeSet<>(StoreCodec.strings(rs.getString(5))),
                StoreCodec.strings(rs.getString(6)), Instant.parse(rs.getString(7)));
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
            while (rs.next()) {
                String retire = rs.getString(4);
                out.add(new SigningKey(rs.getString(1), rs.getString(2), Instant.parse(rs.getString(3)), retire == null ? null : Instant.parse(retire)));
            }
        }
        return out;
    }
}
