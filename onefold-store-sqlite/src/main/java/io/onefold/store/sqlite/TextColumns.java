package io.onefold.store.sqlite;

import io.onefold.core.json.CanonicalJson;
import io.onefold.core.json.Json;
import io.onefold.store.jdbc.Statements;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Where a text can live as data in the database, and whether a live row still holds it (what the purge after an erasure asks). */
final class TextColumns {
    /** Where a text can live as data: JSON columns (escaped as in a JSON string) and identifier values (as they are). */
    private static final List<String> TEXT_COLUMNS = List.of("records.body", "profiles.golden", "profiles.identity", "changes.payload",
            "idempotency.response", "links.demoted", "links.evidence", "identifiers.value", "shared_identifiers.value",
            "match_keys.match_key");

    private TextColumns() {}

    /** Whether a live row of any organization holds the text (a scan; stops at the first). */
    static boolean anyRowHolds(Statements s, String text) throws SQLException {
        String quoted = CanonicalJson.of(Json.NODES.textNode(text));
        String escaped = quoted.substring(1, quoted.length() - 1);
        for (String column : TEXT_COLUMNS) {
            String table = column.substring(0, column.indexOf('.'));
            PreparedStatement ps = s.prepare("SELECT 1 FROM " + table + " WHERE instr(" + column + ", ?) > 0 OR instr(" + column + ", ?) > 0 LIMIT 1");
            ps.setString(1, text);
            ps.setString(2, escaped);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) return true;
            }
        }
        return false;
    }
}
