package io.onefold.store.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.json.CanonicalJson;
import io.onefold.store.ConfigKind;
import io.onefold.store.ConfigurationWrites;
import io.onefold.store.Organization;
import io.onefold.store.StoredConfig;
import io.onefold.store.jdbc.Statements;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;

/** Organizations, settings and configurations, read and written on the writer's connection inside its transaction. */
final class SqliteConfiguration extends SqliteConfigurationReads implements ConfigurationWrites {
    private final Statements s;

    SqliteConfiguration(Statements writer) {
        super(Sql.inTransaction(writer));
        this.s = writer;
    }

    @Override
    public void createOrganization(Organization o) {
        Sql.run(() -> {
            PreparedStatement ps = s.prepare("INSERT INTO organizations (id, name, created_at) VALUES (?, ?, ?)");
            ps.setString(1, o.id());
            ps.setString(2, o.name());
            ps.setString(3, o.createdAt().toString());
            ps.executeUpdate();
        });
    }

    @Override
    public void putOrganizationSettings(String org, ObjectNode settings) {
        Sql.run(() -> {
            PreparedStatement ps = s.prepare("UPDATE organizations SET settings = ? WHERE id = ?");
            ps.setString(1, CanonicalJson.of(settings));
            ps.setString(2, org);
            ps.executeUpdate();
        });
    }

    @Override
    public StoredConfig putConfig(String org, ConfigKind kind, String name, JsonNode body, Instant now) {
        return Sql.call(() -> {
            int version = config(s, org, kind, name).map(c -> c.version() + 1).orElse(1);
            boolean first = activeConfig(s, org, kind).isEmpty();
            PreparedStatement ps = s.prepare("INSERT INTO configs (org, kind, name, version, body, active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
            ps.setString(1, org);
            ps.setString(2, kind.name());
            ps.setString(3, name);
            ps.setInt(4, version);
            ps.setString(5, CanonicalJson.of(body));
            ps.setInt(6, first ? 1 : 0);
            ps.setString(7, now.toString());
            ps.executeUpdate();
            return config(s, org, kind, name).orElseThrow();
        });
    }

    @Override
    public boolean activate(String org, ConfigKind kind, String name, int version) {
        return Sql.call(() -> {
            PreparedStatement ps = s.prepare("SELECT 1 FROM configs WHERE org = ? AND kind = ? AND name = ? AND version = ?");
            ps.setString(1, org);
            ps.setString(2, kind.name());
            ps.setString(3, name);
            ps.setInt(4, version);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return false;
            }
            ps = s.prepare("UPDATE configs SET active = 0 WHERE org = ? AND kind = ? AND active = 1");
            ps.setString(1, org);
            ps.setString(2, kind.name());
            ps.executeUpdate();
            ps = s.prepare("UPDATE configs SET active = 1 WHERE org = ? AND kind = ? AND name = ? AND version = ?");
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
        return Sql.call(() -> {
            PreparedStatement ps = s.prepare("DELETE FROM configs WHERE org = ? AND kind = ? AND name = ? AND active = 0 "
                    + "AND NOT EXISTS (SELECT 1 FROM configs a WHERE a.org = configs.org AND a.kind = configs.kind AND a.name = configs.name AND a.active = 1)");
            ps.setString(1, org);
            ps.setString(2, kind.name());
            ps.setString(3, name);
            return ps.executeUpdate() > 0;
        });
    }
}
