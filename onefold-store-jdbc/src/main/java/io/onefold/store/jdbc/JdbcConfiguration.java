package io.onefold.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.json.CanonicalJson;
import io.onefold.core.json.Json;
import io.onefold.store.ConfigKind;
import io.onefold.store.ConfigurationReads;
import io.onefold.store.ConfigurationWrites;
import io.onefold.store.Organization;
import io.onefold.store.StoreCodec;
import io.onefold.store.StoredConfig;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Organizations, their settings and their versioned configurations: {@link JdbcConfiguration} reads on any runner;
 * {@link Writes} also writes, each write through {@link WriteRunner#writeConfiguration}.
 */
public class JdbcConfiguration implements ConfigurationReads {
    private static final String CONFIG_COLUMNS = "org, kind, name, version, body, active, created_at";
    final QueryRunner db;

    public JdbcConfiguration(QueryRunner db) {
        this.db = db;
    }

    @Override
    public Optional<Organization> organization(String id) {
        return db.query(s -> {
            PreparedStatement ps = s.prepare("SELECT id, name, created_at FROM organizations WHERE id = ?");
            ps.setString(1, id);
            return Rows.first(ps, rs -> organization(s.dialect(), rs));
        });
    }

    @Override
    public List<Organization> organizations() {
        return db.query(s -> Rows.all(s.prepare("SELECT id, name, created_at FROM organizations ORDER BY id"), rs -> organization(s.dialect(), rs)));
    }

    @Override
    public ObjectNode organizationSettings(String org) {
        return db.query(s -> {
            PreparedStatement ps = s.prepare("SELECT " + s.dialect().jsonText("settings") + " FROM organizations WHERE id = ?");
            ps.setString(1, org);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? (ObjectNode) StoreCodec.parse(rs.getString(1)) : Json.object();
            }
        });
    }

    @Override
    public List<StoredConfig> configs(String org, ConfigKind kind) {
        return db.query(s -> {
            PreparedStatement ps = s.prepare(s.dialect().latestConfigs(CONFIG_COLUMNS));
            ps.setString(1, org);
            ps.setString(2, kind.name());
            return Rows.all(ps, rs -> config(s.dialect(), rs));
        });
    }

    @Override
    public Optional<StoredConfig> config(String org, ConfigKind kind, String name) {
        return db.query(s -> config(s, org, kind, name));
    }

    @Override
    public Optional<StoredConfig> activeConfig(String org, ConfigKind kind) {
        return db.query(s -> activeConfig(s, org, kind));
    }

    private static Organization organization(Dialect d, ResultSet rs) throws SQLException {
        return new Organization(rs.getString(1), rs.getString(2), d.instant(rs, 3));
    }

    private static StoredConfig config(Dialect d, ResultSet rs) throws SQLException {
        return new StoredConfig(rs.getString(1), ConfigKind.valueOf(rs.getString(2)), rs.getString(3), rs.getInt(4),
                StoreCodec.parse(rs.getString(5)), rs.getBoolean(6), d.instant(rs, 7));
    }

    static Optional<StoredConfig> config(Statements s, String org, ConfigKind kind, String name) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + CONFIG_COLUMNS + " FROM configs WHERE org = ? AND kind = ? AND name = ? ORDER BY version DESC LIMIT 1");
        ps.setString(1, org);
        ps.setString(2, kind.name());
        ps.setString(3, name);
        return Rows.first(ps, rs -> config(s.dialect(), rs));
    }

    static Optional<StoredConfig> activeConfig(Statements s, String org, ConfigKind kind) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + CONFIG_COLUMNS + " FROM configs WHERE org = ? AND kind = ? AND "
                + s.dialect().is("active", true) + " LIMIT 1");
        ps.setString(1, org);
        ps.setString(2, kind.name());
        return Rows.first(ps, rs -> config(s.dialect(), rs));
    }

    /** Organizations, settings and configurations read and written in a session's transaction. */
    public static final class Writes extends JdbcConfiguration implements ConfigurationWrites {
        private final WriteRunner tx;

        public Writes(WriteRunner tx) {
            super(tx);
            this.tx = tx;
        }

        @Override
        public void createOrganization(Organization o) {
            tx.writeConfiguration(s -> {
                PreparedStatement ps = s.prepare("INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)");
                ps.setString(1, o.id());
                ps.setString(2, o.name());
                s.dialect().setInstant(ps, 3, o.createdAt());
                return ps.executeUpdate();
            });
        }

        @Override
        public void putOrganizationSettings(String org, ObjectNode settings) {
            tx.writeConfiguration(s -> {
                PreparedStatement ps = s.prepare("UPDATE organizations SET settings = " + s.dialect().jsonParameter() + " WHERE id = ?");
                ps.setString(1, CanonicalJson.of(settings));
                ps.setString(2, org);
                return ps.executeUpdate();
            });
        }

        @Override
        public StoredConfig putConfig(String org, ConfigKind kind, String name, JsonNode body, Instant now) {
            return tx.writeConfiguration(s -> {
                int version = config(s, org, kind, name).map(c -> c.version() + 1).orElse(1);
                boolean first = activeConfig(s, org, kind).isEmpty();
                PreparedStatement ps = s.prepare("INSERT INTO configs (" + CONFIG_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)");
                ps.setString(1, org);
                ps.setString(2, kind.name());
                ps.setString(3, name);
                ps.setInt(4, version);
                ps.setString(5, CanonicalJson.of(body));
                ps.setBoolean(6, first);
                s.dialect().setInstant(ps, 7, now);
                ps.executeUpdate();
                return config(s, org, kind, name).orElseThrow();
            });
        }

        @Override
        public boolean activate(String org, ConfigKind kind, String name, int version) {
            return tx.writeConfiguration(s -> {
                PreparedStatement ps = s.prepare("SELECT 1 FROM configs WHERE org = ? AND kind = ? AND name = ? AND version = ?");
                bindVersion(ps, org, kind, name, version);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return false;
                }
                // two statements: PostgreSQL checks the unique index on the active row row by row
                ps = s.prepare("UPDATE configs SET active = " + s.dialect().bool(false) + " WHERE org = ? AND kind = ? AND "
                        + s.dialect().is("active", true));
                ps.setString(1, org);
                ps.setString(2, kind.name());
                ps.executeUpdate();
                ps = s.prepare("UPDATE configs SET active = " + s.dialect().bool(true) + " WHERE org = ? AND kind = ? AND name = ? AND version = ?");
                bindVersion(ps, org, kind, name, version);
                ps.executeUpdate();
                return true;
            });
        }

        private static void bindVersion(PreparedStatement ps, String org, ConfigKind kind, String name, int version) throws SQLException {
            ps.setString(1, org);
            ps.setString(2, kind.name());
            ps.setString(3, name);
            ps.setInt(4, version);
        }

        /** Only a configuration none of whose versions is active. */
        @Override
        public boolean deleteConfig(String org, ConfigKind kind, String name) {
            return tx.writeConfiguration(s -> {
                PreparedStatement ps = s.prepare("DELETE FROM configs WHERE org = ? AND kind = ? AND name = ? AND " + s.dialect().is("active", false)
                        + " AND NOT EXISTS (SELECT 1 FROM configs a WHERE a.org = configs.org AND a.kind = configs.kind AND a.name = configs.name AND "
                        + s.dialect().is("a.active", true) + ")");
                ps.setString(1, org);
                ps.setString(2, kind.name());
                ps.setString(3, name);
                return ps.executeUpdate() > 0;
            });
        }
    }
}
