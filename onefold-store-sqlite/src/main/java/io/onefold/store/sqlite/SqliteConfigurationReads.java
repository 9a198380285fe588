package io.onefold.store.sqlite;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.json.Json;
import io.onefold.store.ConfigKind;
import io.onefold.store.ConfigurationReads;
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

/** Organizations, their settings and their configurations, read where {@code db} runs queries. */
class SqliteConfigurationReads implements ConfigurationReads {
    private static final String CONFIG_COLUMNS = "org, kind, name, version, body, active, created_at";
    private final QueryRunner db;

    SqliteConfigurationReads(QueryRunner db) {
        this.db = db;
    }

    @Override
    public Optional<Organization> organization(String id) {
        return db.query(s -> organization(s, id));
    }

    @Override
    public List<Organization> organizations() {
        return db.query(SqliteConfigurationReads::organizations);
    }

    @Override
    public ObjectNode organizationSettings(String org) {
        return db.query(s -> organizationSettings(s, org));
    }

    @Override
    public List<StoredConfig> configs(String org, ConfigKind kind) {
        return db.query(s -> configs(s, org, kind));
    }

    @Override
    public Optional<StoredConfig> config(String org, ConfigKind kind, String name) {
        return db.query(s -> config(s, org, kind, name));
    }

    @Override
    public Optional<StoredConfig> activeConfig(String org, ConfigKind kind) {
        return db.query(s -> activeConfig(s, org, kind));
    }

    // ------------------------------------------------------------------ the queries, on any connection

    static Optional<Organization> organization(Statements s, String id) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT id, name, created_at FROM organizations WHERE id = ?");
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(new Organization(rs.getString(1), rs.getString(2), Instant.parse(rs.getString(3)))) : Optional.empty();
        }
    }

    static ObjectNode organizationSettings(Statements s, String org) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT settings FROM organizations WHERE id = ?");
        ps.setString(1, org);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? (ObjectNode) StoreCodec.parse(rs.getString(1)) : Json.object();
        }
    }

    static List<Organization> organizations(Statements s) throws SQLException {
        List<Organization> out = new ArrayList<>();
        try (ResultSet rs = s.prepare("SELECT id, name, created_at FROM organizations ORDER BY id").executeQuery()) {
            while (rs.next()) out.add(new Organization(rs.getString(1), rs.getString(2), Instant.parse(rs.getString(3))));
        }
        return out;
    }

    private static StoredConfig config(ResultSet rs) throws SQLException {
        return new StoredConfig(rs.getString(1), ConfigKind.valueOf(rs.getString(2)), rs.getString(3), rs.getInt(4),
                StoreCodec.parse(rs.getString(5)), rs.getInt(6) == 1, Instant.parse(rs.getString(7)));
    }

    /** The latest version of each configuration of a kind, by name. */
    static List<StoredConfig> configs(Statements s, String org, ConfigKind kind) throws SQLException {
        PreparedStatement ps = s.prepare("SELECT " + CONFIG_COLUMNS + " FROM configs c WHERE org = ? AND kind = ? AND version = "
                + "(SELECT max(version) FROM configs d WHERE d.org = c.org AND d.kind = c.kind AND d.name = c.name) ORDER BY name");
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
        PreparedStatement ps = s.prepare("SELECT " + CONFIG_COLUMNS + " FROM configs WHERE org = ? AND kind = ? AND active = 1 LIMIT 1");
        ps.setString(1, org);
        ps.setString(2, kind.name());
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(config(rs)) : Optional.empty();
        }
    }
}
