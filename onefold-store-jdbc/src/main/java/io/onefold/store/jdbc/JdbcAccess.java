package io.onefold.store.jdbc;

import io.onefold.store.AccessReads;
import io.onefold.store.AccessWrites;
import io.onefold.store.ApiClient;
import io.onefold.store.SigningKey;
import io.onefold.store.StoreCodec;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** API clients and signing keys: {@link JdbcAccess} reads on any runner; {@link Writes} also writes, in a session's transaction. */
public class JdbcAccess implements AccessReads {
    private static final List<String> CLIENT_COLUMNS = List.of("client_id", "org", "secret_hash", "permissions", "sources", "cidrs", "created_at");
    private static final List<String> KEY_COLUMNS = List.of("kid", "secret", "created_at", "retire_at");
    private static final String SELECT_CLIENTS = "SELECT " + String.join(", ", CLIENT_COLUMNS) + " FROM clients ";
    final QueryRunner db;

    public JdbcAccess(QueryRunner db) {
        this.db = db;
    }

    @Override
    public Optional<ApiClient> client(String clientId) {
        return db.query(s -> {
            PreparedStatement ps = s.prepare(SELECT_CLIENTS + "WHERE client_id = ?");
            ps.setString(1, clientId);
            return Rows.first(ps, rs -> client(s.dialect(), rs));
        });
    }

    @Override
    public List<ApiClient> clients(String org) {
        return db.query(s -> {
            PreparedStatement ps = s.prepare(SELECT_CLIENTS + "WHERE org = ? ORDER BY client_id");
            ps.setString(1, org);
            return Rows.all(ps, rs -> client(s.dialect(), rs));
        });
    }

    @Override
    public List<SigningKey> signingKeys() {
        return db.query(s -> Rows.all(s.prepare("SELECT " + String.join(", ", KEY_COLUMNS) + " FROM signing_keys ORDER BY created_at DESC, kid DESC"),
                rs -> new SigningKey(rs.getString(1), rs.getString(2), s.dialect().instant(rs, 3), s.dialect().instant(rs, 4))));
    }

    private static ApiClient client(Dialect d, ResultSet rs) throws SQLException {
        return new ApiClient(rs.getString(1), rs.getString(2), rs.getString(3),
                new TreeSet<>(StoreCodec.strings(rs.getString(4))), new TreeSet<>(StoreCodec.strings(rs.getString(5))),
                StoreCodec.strings(rs.getString(6)), d.instant(rs, 7));
    }

    /** Clients and keys read and written in a session's transaction; a put replaces the whole row. */
    public static final class Writes extends JdbcAccess implements AccessWrites {
        private final WriteRunner tx;

        public Writes(WriteRunner tx) {
            super(tx);
            this.tx = tx;
        }

        @Override
        public void putClient(ApiClient c) {
            tx.write(s -> {
                PreparedStatement ps = s.prepare(s.dialect().upsert("clients", CLIENT_COLUMNS, List.of("client_id"), Set.of()));
                ps.setString(1, c.clientId());
                ps.setString(2, c.organization());
                ps.setString(3, c.secretHash());
                ps.setString(4, StoreCodec.strings(List.copyOf(new TreeSet<>(c.permissions()))));
                ps.setString(5, StoreCodec.strings(List.copyOf(new TreeSet<>(c.sources()))));
                ps.setString(6, StoreCodec.strings(c.cidrs()));
                s.dialect().setInstant(ps, 7, c.createdAt());
                return ps.executeUpdate();
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
                PreparedStatement ps = s.prepare(s.dialect().upsert("signing_keys", KEY_COLUMNS, List.of("kid"), Set.of()));
                ps.setString(1, k.kid());
                ps.setString(2, k.secret());
                s.dialect().setInstant(ps, 3, k.createdAt());
                s.dialect().setInstant(ps, 4, k.retireAt());
                return ps.executeUpdate();
            });
        }
    }
}
