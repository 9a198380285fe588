package io.onefold.store.postgres;

import static io.onefold.store.postgres.PostgresDialect.instantAt;
import static io.onefold.store.postgres.PostgresDialect.ts;

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
import io.onefold.store.jdbc.QueryRunner;
import io.onefold.store.jdbc.Statements;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Organizations, their settings and their versioned configurations: their queries, {@link Reads} on any runner,
 * {@link Writes} in a session's transaction. Every write bumps the configuration epoch first
 * ({@link Transaction#writeConfiguration}), so no batch of another node writes under a configuration replaced meanwhile.
 */
final class PostgresConfiguration {
    private PostgresConfiguration() {}

    private static final String CONFIG_COLUMNS = "org, kind, name, version, body, active, created_at";

    static class Reads implements ConfigurationReads {
        final QueryRunner db;

        Reads(QueryRunner db) {
            this.db = db;
        }

        @Override
        public Optional<Organization> organization(String id) {
            return db.query(s -> PostgresConfiguration.organization(s, id));
        }

        @Override
        public List<Organization> organizations() {
            return db.query(PostgresConfiguration::organizations);
        }

        @Override
        public ObjectNode organizationSettings(String org) {
            return db.query(s -> PostgresConfiguration.organizationSettings(s, org));
        }

        @Override
        public List<StoredConfig> configs(String org, ConfigKind kind) {
            return db.query(s -> PostgresConfiguration.configs(s, org, kind));
        }

        @Override
        public Optional<StoredConfig> config(String org, ConfigKind kind, String name) {
            return db.query(s -> PostgresConfiguration.config(s, org, kind, name));
        }

        @Override
        public Optional<StoredConfig> activeConfig(String org, ConfigKind kind) {
            return db.query(s -> PostgresConfiguration.activeConfig(s, org, kind));
        }
    }

    static final class Writes extends Reads implements ConfigurationWrites {
        private final Transaction tx;

        Writes(Transaction tx) {
            super(tx);
            this.tx = tx;
        }

        @Override
        public void createOrganization(Organization o) {
            tx.writeConfiguration(s -> {
                PreparedStatement ps = s.prepare("INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)");
                ps.setString(1, o.id());
                ps.setString(2, o.name());
                ps.setObject(3, ts(o.createdAt()));
                ps.executeUpdate();
                return null;
            });
        }

        @Override
        public void putOrganizationSettings(String org, ObjectNode settings) {
            tx.writeConfiguration(s -> {
                PreparedStatement ps = s.prepare("UPDATE organizations SET settings = ?::jsonb WHERE id = ?");
                ps.setString(1, CanonicalJson.of(settings));
                ps.setString(2, org);
                ps.executeUpdate();
                return null;
            });
        }

        @Override
        public StoredConfig putConfig(String org, ConfigKind kind, String name, JsonNode body, Instant now) {
            return tx.writeConfiguration(s -> {
                int version = PostgresConfiguration.config(s, org, kind, name).map(c -> c.version() + 1).orElse(1);
                boolean first = PostgresConfiguration.activeConfig(s, org, kind).isEmpty();
                PreparedStatement ps = s.prepare("INSERT INTO configs (org, kind, name, version, body, active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
                ps.setString(1, org);
                ps.setString(2, kind.name());
                ps.setString(3, name);
                ps.setInt(4, version);
                ps.setString(5, CanonicalJson.of(body));
                ps.setBoolean(6, first);
                ps.setObject(7, ts(now));
                ps.executeUpdate();
                return PostgresConfiguration.config(s, org, kind, name).orElseThrow();
            });
        }

        @Override
        public boolean activate(String org, ConfigKind kind, String name, int version) {
            return tx.writeConfiguration(s -> {
                PreparedStatement ps = s.prepare("SELECT 1 FROM configs WHERE org = ? AND kind = ? AND name = ? AND version = ?");
                ps.setString(1, org);
                ps.setString(2, kind.name());
                ps.setString(3, name);
                ps.setInt(4, version);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return false;
                }
                // two statements: the unique index on the active row is checked row by row
                ps = s.prepare("UPDATE configs SET active = false WHERE org = ? AND kind = ? AND active");
                ps.setString(1, org);
                ps.setString(2, kind.name());
                ps.executeUpdate();
                ps = s.prepare("UPDATE configs SET active = true WHERE org = ? AND kind = ? AND name = ? AND version = ?");
                ps.setString(1, org);
                ps.setString(2, kind.name());
                ps.setString(3, name);
                ps.setInt(4, version);
                ps.executeUpdate();
                return true;
            });
        }

        @Override
        public boolean deleteConfig(String org, ConfigKind kind, String name) {
            return tx.writeConfiguration(s -> {
                PreparedStatement ps = s.prepare("DELETE FROM configs c WHERE org = ? AND kind = ? AND name = ? AND NOT active "
                        + "AND NOT EXISTS (SELECT 1 FROM configs a WHERE a.org = c.org AND a.kind = c.kind AND a.name = c.name AND a.active)");
                ps.setString(1, org);
                ps.setString(2, kind.name());
                ps.setString(3, name);
                return ps.executeUpdate() > 0;
            });
        }
    }

    static Optional<Organization> organization(Statements s, String id) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT id, name, created_at FROM organizations WHERE id = ?");
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(new Organization(rs.getString(1), rs.getString(2), instantAt(rs, 3))) : Optional.empty();
        }
    }

    static ObjectNode organizationSettings(Statements s, String org) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT settings::text FROM organizations WHERE id = ?");
        ps.setString(1, org);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? (ObjectNode) StoreCodec.parse(rs.getString(1)) : Json.object();
        }
    }

    static List<Organization> organizations(Statements s) throws SQLException {
        List<Organization> out = new ArrayList<>();
        try (ResultSet rs = s.prepare("SELECT id, name, created_at FROM organizations ORDER BY id").executeQuery()) {
            while (rs.next()) out.add(new Organization(rs.getString(1), rs.getString(2), instantAt(rs, 3)));
        }
        return out;
    }

    private static StoredConfig config(ResultSet rs) throws SQLException {
        return new StoredConfig(rs.getString(1), ConfigKind.valueOf(rs.getString(2)), rs.getString(3), rs.getInt(4),
                StoreCodec.parse(rs.getString(5)), rs.getBoolean(6), instantAt(rs, 7));
    }

    static List<StoredConfig> configs(Statements s, String org, ConfigKind kind) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT DISTINCT ON (name) " + CONFIG_COLUMNS + " FROM configs WHERE org = ? AND kind = ? ORDER BY name, version DESC");
        ps.setString(1, org);
        ps.setString(2, kind.name());
        List<StoredConfig> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(config(rs));
        }
        return out;
    }

    static Optional<StoredConfig> config(Statements s, String org, ConfigKind kind, String name) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + CONFIG_COLUMNS + " FROM configs WHERE org = ? AND kind = ? AND name = ? ORDER BY version DESC LIMIT 1");
        ps.setString(1, org);
        ps.setString(2, kind.name());
        ps.setString(3, name);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(config(rs)) : Optional.empty();
        }
    }

    static Optional<StoredConfig> activeConfig(Statements s, String org, ConfigKind kind) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + CONFIG_COLUMNS + " FROM configs WHERE org = ? AND kind = ? AND active LIMIT 1");
        ps.setString(1, org);
        ps.setString(2, kind.name());
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(config(rs)) : Optional.empty();
        }
    }
}
