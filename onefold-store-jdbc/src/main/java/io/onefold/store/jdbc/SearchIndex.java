package io.onefold.store.jdbc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.onefold.core.identity.GraphChanges;
import io.onefold.core.identity.NodeState;
import io.onefold.core.identity.ProfileStatus;
import io.onefold.core.identity.ProfileView;
import io.onefold.store.Fragment;
import io.onefold.store.StoredProfile;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The search index ({@code search_values}): the golden values of the attributes a template marks searchable, one row
 * per value and profile — a multiple attribute one per element. Both stores write it with the same statements, through
 * their {@link ClusterRows.Sink}.
 *
 * <p>A value is stored as {@link #encode(JsonNode)}'s text: a type letter and the canonical value, so that a number
 * equals the same number however it is written ({@code 2}, {@code 2.0}), as the scan of golden records compares them.
 *
 * <p>The write pipeline keeps it exact incrementally: a profile's entries before (its stored row) and after (its new
 * view) are compared, and only the difference is written, so an update that changes no searchable value writes nothing
 * here. A template activation that changes which attributes are searchable re-indexes every profile it visits from the
 * rows actually stored ({@link #reindex}) and drops the attributes no longer searchable ({@link #dropExcept}).
 */
public final class SearchIndex {
    private SearchIndex() {}

    public static final String INSERT = "INSERT INTO search_values (org, attribute, value, profile_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING";
    public static final String DELETE = "DELETE FROM search_values WHERE org = ? AND attribute = ? AND value = ? AND profile_id = ?";

    /** One index entry of a profile. */
    public record Entry(String attribute, String value) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            int c = attribute.compareTo(o.attribute);
            return c != 0 ? c : value.compareTo(o.value);
        }
    }

    /** A golden JSON value as the index stores it; null for what a search cannot compare (objects, arrays, null). */
    public static String encode(JsonNode v) {
        if (v == null) return null;
        if (v.isTextual()) return "s:" + v.textValue();
        if (v.isBoolean()) return "b:" + v.booleanValue();
        if (v.isNumber()) return "n:" + canonical(v.decimalValue());
        return null;
    }

    /** A search's value (a string, a Long, another Number or a Boolean, as {@link io.onefold.store.SearchQuery} carries it). */
    public static String encode(Object v) {
        if (v instanceof Boolean b) return "b:" + b;
        if (v instanceof Long l) return "n:" + canonical(BigDecimal.valueOf(l));
        if (v instanceof Number n) return "n:" + canonical(BigDecimal.valueOf(n.doubleValue()));
        return "s:" + v;
    }

    private static String canonical(BigDecimal d) {
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    /** The entries of a golden record for the searchable attributes (none for a null record). */
    public static Set<Entry> entries(ObjectNode golden, Set<String> searchable) {
        Set<Entry> out = new TreeSet<>();
        if (golden == null) return out;
        for (String attribute : searchable) {
            JsonNode v = golden.get(attribute);
            if (v == null) continue;
            if (v.isArray()) {
                for (JsonNode element : v) add(out, attribute, encode(element));
            } else {
                add(out, attribute, encode(v));
            }
        }
        return out;
    }

    private static void add(Set<Entry> out, String attribute, String value) {
        if (value != null) out.add(new Entry(attribute, value));
    }

    /**
     * The write pipeline's part: for every profile an operation wrote (a changed node, a changed golden row), the
     * entries its stored row had against those of its new view — nothing for a profile absorbed or erased — and only
     * the difference written.
     */
    public static void write(ClusterRows.Sink sink, String org, Fragment before, GraphChanges changes, Set<String> searchable) throws SQLException {
        if (searchable.isEmpty()) return;
        Map<String, ObjectNode> after = new HashMap<>();
        for (ProfileView v : changes.profiles().values()) after.put(v.profileId(), v.golden().attributes());
        for (NodeState n : changes.nodes()) {
            // ClusterRows.bindNode writes a golden record only for an active node with a view
            if (n.status() != ProfileStatus.ACTIVE || !after.containsKey(n.id())) after.put(n.id(), null);
        }
        for (var e : new java.util.TreeMap<>(after).entrySet()) {
            StoredProfile row = before.rows().get(e.getKey());
            ObjectNode old = row != null && row.status() == ProfileStatus.ACTIVE ? row.attributes() : null;
            difference(sink, org, e.getKey(), entries(old, searchable), entries(e.getValue(), searchable));
        }
    }

    /**
     * Makes a profile's entries exactly those of {@code golden} for {@code searchable}, from the rows stored (not from
     * its golden record: a template activation changes which attributes are indexed, so the rows may lag it).
     */
    public static void reindex(Statements s, ClusterRows.Sink sink, String org, String profileId, ObjectNode golden, Set<String> searchable) throws SQLException {
        PreparedStatement ps = s.prepare(entriesOf(s.dialect()));
        ps.setString(1, org);
        ps.setString(2, profileId);
        Set<Entry> stored = new TreeSet<>(Rows.all(ps, rs -> new Entry(rs.getString(1), rs.getString(2))));
        difference(sink, org, profileId, stored, entries(golden, searchable));
    }

    /** A profile's stored entries (org and profile id bound), on the index by profile. */
    public static String entriesOf(Dialect d) {
        return "SELECT attribute, value FROM search_values" + d.indexedBy("search_values_by_profile") + " WHERE org = ? AND profile_id = ?";
    }

    /** Deletes the organization's entries of every attribute not in {@code keep} (one statement; a scan of its index). */
    public static int dropExcept(Statements s, String org, Set<String> keep) throws SQLException {
        PreparedStatement ps = s.prepare("DELETE FROM search_values WHERE org = ? AND attribute NOT IN (SELECT k.value FROM " + s.dialect().stringsTable("k") + ")");
        ps.setString(1, org);
        s.dialect().setStrings(s, ps, 2, List.copyOf(keep));
        return ps.executeUpdate();
    }

    /** What changed between two sets of a profile's entries (a deletion and an insertion never name the same row). */
    private static void difference(ClusterRows.Sink sink, String org, String profileId, Set<Entry> old, Set<Entry> now) throws SQLException {
        for (Entry e : old) {
            if (!now.contains(e)) row(sink, DELETE, org, e, profileId);
        }
        for (Entry e : now) {
            if (!old.contains(e)) row(sink, INSERT, org, e, profileId);
        }
    }

    private static void row(ClusterRows.Sink sink, String sql, String org, Entry e, String profileId) throws SQLException {
        PreparedStatement ps = sink.statement(sql);
        ps.setString(1, org);
        ps.setString(2, e.attribute());
        ps.setString(3, e.value());
        ps.setString(4, profileId);
        sink.row(ps);
    }
}
